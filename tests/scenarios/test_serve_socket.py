"""`backbone serve --socket` as a real process: Socket Mode end to end, the emulator as Slack."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox.sender import AppResponse
from bot.sandbox.server import SlackEmulator
from tests.support.harness import CASE, JOE, MARIA, seed


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator() as emulator:
        seed(emulator)
        yield emulator


def start_socket_serve(
    emulator: SlackEmulator, database_url: str, cwd: Path
) -> subprocess.Popen[str]:
    """Start `backbone serve --socket` with its log in `cwd/serve.log`; no signing secret."""
    env = {
        "PATH": os.environ["PATH"],
        "SLACK_BOT_TOKEN": emulator.bot_token,
        "SLACK_APP_TOKEN": emulator.app_token,
        "SLACK_API_URL": emulator.api_url,
        "DATABASE_URL": database_url,
    }
    backbone = Path(sys.executable).with_name("backbone")
    with (cwd / "serve.log").open("w") as log:
        return subprocess.Popen(
            [str(backbone), "serve", "--socket", "--no-scheduler"],
            cwd=cwd,
            env=env,
            stderr=log,
            text=True,
        )


def wait_connected(emulator: SlackEmulator, process: subprocess.Popen[str], log: Path) -> None:
    try:
        emulator.socket_mode.wait_connected(timeout=30)
    except AssertionError as error:
        log_text = log.read_text()
        raise AssertionError(
            f"serve did not connect (exit {process.poll()}):\n{log_text}"
        ) from error


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "sigint"])
def test_serve_socket_runs_action_over_the_websocket_and_stops_cleanly(
    emulator: SlackEmulator, database_url: str, tmp_path: Path, signum: signal.Signals
) -> None:
    process = start_socket_serve(emulator, database_url, tmp_path)
    try:
        wait_connected(emulator, process, tmp_path / "serve.log")
        answer = emulator.send_command(
            "/action", "Call the shelter <@UJOE>", user=MARIA, channel=CASE
        )
        assert answer == AppResponse(200, "", None)
        posted = emulator.wait_for("chat.postMessage")
        assert posted[0]["text"] == "📌 A-1 Call the shelter — <@UJOE>"
        emulator.wait_for("chat.getPermalink")  # asked once the post's place is stored
        emulator.send_command("/action", "done A-1", user=JOE, channel=CASE)
        emulator.wait_for("chat.update")
        assert emulator.messages(CASE)[-1].text == "✅ A-1 Call the shelter — done by <@UJOE>"
        sent = [(e["type"], e["payload"]["text"]) for e in emulator.socket_mode.envelopes()]
        assert sent == [
            ("slash_commands", "Call the shelter <@UJOE>"),
            ("slash_commands", "done A-1"),
        ]
        assert len(emulator.socket_mode.acks()) == 2
    finally:
        process.send_signal(signum)
        assert process.wait(timeout=20) == 0
    emulator.socket_mode.wait_until(
        lambda: not emulator.socket_mode.connected, 5, "serve's link to close"
    )
    assert "then disconnecting" in (tmp_path / "serve.log").read_text()
