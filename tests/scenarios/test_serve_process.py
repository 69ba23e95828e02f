"""`backbone serve` as a real process, its Slack the emulator: what a deployment runs."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox.server import SlackEmulator
from tests.support.harness import CASE, JOE, MARIA, seed

LISTENING = re.compile(r"listening on port (\d+)")


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator() as emulator:
        seed(emulator)
        yield emulator


def start_serve(
    emulator: SlackEmulator, database_url: str, cwd: Path
) -> tuple[subprocess.Popen[str], int]:
    env = {
        "PATH": os.environ["PATH"],
        "SLACK_BOT_TOKEN": emulator.bot_token,
        "SLACK_SIGNING_SECRET": emulator.signing_secret,
        "SLACK_API_URL": emulator.api_url,
        "DATABASE_URL": database_url,
    }
    backbone = Path(sys.executable).with_name("backbone")
    process = subprocess.Popen(
        [str(backbone), "serve", "--no-scheduler", "--host", "127.0.0.1", "--port", "0"],
        cwd=cwd,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        found = LISTENING.search(line)
        if found:
            return process, int(found.group(1))
    raise AssertionError(f"serve stopped before listening (exit {process.wait()})")


def test_a_running_serve_handles_action_and_stops_cleanly_on_sigterm(
    emulator: SlackEmulator, database_url: str, tmp_path: Path
) -> None:
    process, port = start_serve(emulator, database_url, tmp_path)
    try:
        emulator.request_url = f"http://127.0.0.1:{port}/slack/events"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            assert json.loads(answer.read()) == {"ok": True}
        answer = emulator.send_command(
            "/action", "Call the shelter <@UJOE>", user=MARIA, channel=CASE
        )
        assert (answer.status, answer.body) == (200, "")
        posted = emulator.wait_for("chat.postMessage")
        assert posted[0]["text"] == "📌 A-1 Call the shelter — <@UJOE>"
        emulator.wait_for("chat.getPermalink")  # asked once the post's place is stored
        emulator.send_command("/action", "done A-1", user=JOE, channel=CASE)
        emulator.wait_for("chat.update")
        assert emulator.messages(CASE)[-1].text == "✅ A-1 Call the shelter — done by <@UJOE>"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0


@pytest.mark.parametrize(
    ("setting", "argv", "message"),
    [
        ("SLACK_BOT_TOKEN", [], "backbone: Slack refused SLACK_BOT_TOKEN."),
        (
            "SLACK_APP_TOKEN",
            ["--socket"],
            "backbone: Slack refused SLACK_APP_TOKEN (invalid_auth).",
        ),
    ],
)
def test_a_refused_token_is_one_line_not_a_traceback(
    emulator: SlackEmulator,
    database_url: str,
    tmp_path: Path,
    setting: str,
    argv: list[str],
    message: str,
) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "SLACK_BOT_TOKEN": emulator.bot_token,
        "SLACK_SIGNING_SECRET": emulator.signing_secret,
        "SLACK_APP_TOKEN": "xapp-1-sandbox",
        "SLACK_API_URL": emulator.api_url,
        "DATABASE_URL": database_url,
        setting: "xoxb-wrong" if setting == "SLACK_BOT_TOKEN" else "xapp-1-wrong",
    }
    backbone = Path(sys.executable).with_name("backbone")
    done = subprocess.run(
        [str(backbone), "serve", "--no-scheduler", *argv],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
