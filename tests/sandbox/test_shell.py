"""`backbone shell` driven through stdin and stdout, and `backbone demo`'s transcript."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.sandbox.server import SlackEmulator
from bot.sandbox.session import run_shell
from tests.sandbox.fake_app import FakeApp

SESSION = """\
:help
/action Call the shelter about 3 beds @joe by Friday
:as joe
:click Snooze until tomorrow A-1
:as maria
/action Send the HMIS report tomorrow
:time 2026-11-26 12:30
:as joe
:time +1h
:click Done A-1
:in #advisory-group
:who
:in #nowhere
:bogus
:quit
"""


# A fixed Tuesday midday, so the session reads the same on any day it runs.
START = datetime(2026, 11, 24, 12, 30, tzinfo=ZoneInfo("America/New_York"))


def run(tmp_path: Path, text: str, *, fresh: bool = True) -> str:
    out = io.StringIO()
    database = tmp_path / "sandbox.db"
    code = run_shell(fresh=fresh, database=database, stdin=io.StringIO(text), out=out, start=START)
    assert code == 0
    return out.getvalue()


def test_a_whole_shell_session(tmp_path: Path) -> None:
    transcript = run(tmp_path, SESSION)
    # The announcement, with its buttons as text.
    assert "Backbone: 📌 A-1 Call the shelter about 3 beds — @joe · due Fri Nov 27" in transcript
    assert "[✅ Done] [⋯ Snooze until tomorrow / Snooze until next week]" in transcript
    # A click from Joe, answered privately.
    assert "(only @joe sees this)  Backbone: 😴 Reminders about A-1 are paused until" in transcript
    # Time moves and reminders go out in each person's own morning.
    assert "(time) It is now Thu Nov 26 12:30 PM EST. 2 reminders" in transcript
    assert "DM with @maria  Backbone: ⏰ A-2 Send the HMIS report" in transcript
    assert "✅ A-1 Call the shelter about 3 beds — done by @joe" in transcript
    # Shell mistakes are explained, not fatal.
    assert "(shell) there is no channel #nowhere" in transcript
    assert "(shell) no shell command :bogus; type :help" in transcript
    assert "Traceback" not in transcript


def test_the_sandbox_keeps_its_state_between_runs(tmp_path: Path) -> None:
    run(tmp_path, "/action Book the community room by Friday\n:quit\n")
    again = run(tmp_path, "/action list\n:quit\n", fresh=False)
    assert "A-1 Book the community room" in again
    fresh = run(tmp_path, "/action list\n:quit\n", fresh=True)
    assert "You have no open items" in fresh


def test_the_installed_shell_reads_stdin_to_the_end(tmp_path: Path) -> None:
    backbone = Path(sys.executable).with_name("backbone")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    done = subprocess.run(
        [str(backbone), "shell", "--fresh"],
        input="/action help\n",
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Backbone keeps track of what your team commits to." in done.stdout
    assert (tmp_path / "backbone-sandbox.db").exists()
    assert "Traceback" not in done.stderr


def test_make_run_without_settings_opens_the_sandbox(tmp_path: Path) -> None:
    backbone = Path(sys.executable).with_name("backbone")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    done = subprocess.run(
        [str(backbone), "run"],
        input=":quit\n",
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert done.stderr.startswith("backbone: no Slack settings found, so here is the sandbox.")
    assert "Backbone sandbox: you are @maria in #case-conferencing." in done.stdout


def test_a_delivery_returns_only_once_the_app_has_settled(
    emu: SlackEmulator, fake_app: FakeApp
) -> None:
    # Bolt answers at ack and finishes the listener after: a caller that reads the workspace as
    # soon as a click returns must wait for the rest (a snooze's confirming DM raced this way).
    order: list[str] = []
    emu.settle = lambda: order.append("settled")
    answer = emu.send_command("/action", "list", user="UMARIA", channel="CGENERAL")
    order.append("returned")
    assert (answer.status, order) == (200, ["settled", "returned"])
