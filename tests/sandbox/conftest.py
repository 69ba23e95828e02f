"""Fixtures for the emulator's own tests: a seeded emulator, a client, and a recording app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.sandbox.server import SlackEmulator
from tests.sandbox.fake_app import FakeApp

MARIA, JOE, PAT, GONE = "UMARIA", "UJOE", "UPAT", "UGONE"
GENERAL, OUTSIDE, OLD, SECRET = "CGENERAL", "COUTSIDE", "COLD", "GSECRET"


@pytest.fixture
def emu() -> Iterator[SlackEmulator]:
    """A started emulator with people and channels in each state the rules care about."""
    with SlackEmulator() as emulator:
        emulator.add_user(MARIA, "maria", real_name="Maria Lopez")
        emulator.add_user(JOE, "joe", tz="America/Los_Angeles")
        emulator.add_user(PAT, "pat", tz="Europe/London", is_admin=True)
        emulator.add_user(GONE, "gone", deleted=True)
        emulator.add_channel(GENERAL, "general", members=(MARIA, JOE))
        emulator.add_channel(OUTSIDE, "outside", members=(MARIA,), bot_is_member=False)
        emulator.add_channel(OLD, "old", members=(MARIA,), is_archived=True)
        emulator.add_channel(SECRET, "secret", members=(MARIA,), is_private=True)
        yield emulator


@pytest.fixture
def client(emu: SlackEmulator) -> WebClient:
    """A real slack_sdk client pointed at the emulator, without retries."""
    return WebClient(token=emu.bot_token, base_url=emu.api_url, retry_handlers=[])


@pytest.fixture
def fake_app(emu: SlackEmulator) -> Iterator[FakeApp]:
    """A recording app the emulator delivers to."""
    app = FakeApp().start()
    emu.request_url = app.url
    yield app
    app.stop()
