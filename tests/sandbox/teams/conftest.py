"""Fixtures for the Teams emulator's own tests: a tenant with a team, people, and a fake bot."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.sandbox.teams.server import TeamsEmulator
from bot.sandbox.teams.state import Person, Team
from tests.sandbox.teams.fake_bot import FakeBot


@dataclass
class World:
    """The seeded tenant: Maria and Joe in the Outreach team, a stranger outside it."""

    emu: TeamsEmulator
    bot: FakeBot
    maria: Person
    joe: Person
    stranger: Person
    team: Team
    planning: str  # a second channel of the team


@pytest.fixture
def emu() -> Iterator[TeamsEmulator]:
    """A started emulator."""
    with TeamsEmulator() as emulator:
        yield emulator


@pytest.fixture
def bot(emu: TeamsEmulator) -> Iterator[FakeBot]:
    """A fake bot the emulator delivers to; it validates tokens with the Teams SDK."""
    fake = FakeBot(app_id=emu.app_id, openid_url=emu.openid_url).start()
    emu.bot_url = fake.url
    yield fake
    fake.stop()
    assert fake.unparsed == []  # every activity delivered reads as the SDK's own models


@pytest.fixture
def world(emu: TeamsEmulator, bot: FakeBot) -> World:
    """A tenant with a team (the bot installed), two members and one person outside."""
    maria = emu.add_person("Maria Lopez", zone="America/Chicago")
    joe = emu.add_person("Joe Park", zone="America/Los_Angeles", locale="en-GB")
    stranger = emu.add_person("Sam Guest", in_tenant=False)
    team = emu.add_team("Outreach", members=[maria, joe])
    planning = emu.add_channel(team.id, "Planning")
    emu.install_in_team(team.id, by=maria)
    bot.received.clear()
    return World(emu, bot, maria, joe, stranger, team, planning)
