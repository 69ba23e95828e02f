"""`backbone shell` driven through stdin and stdout, and `backbone demo`'s transcript."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

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
    assert done.stderr.startswith(
        "backbone: no Slack or Teams settings found, so here is the sandbox."
    )
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


NOTES = """\
Case conferencing, Nov 24
ACTION: @joe call the VA about Mr. A's voucher by Friday
Attendees: Maria, Joe, Ana, Dev
TODO: @ana update the by-name list by 12/4
DECISION: we meet Tuesdays at 10 through December
"""


@pytest.mark.parametrize(("start", "end"), [(":paste", "."), ('"""', '"""')])
def test_pasted_meeting_notes_are_one_message_and_every_line_is_read(
    tmp_path: Path, start: str, end: str
) -> None:
    transcript = run(tmp_path, f"{start}\n{NOTES}\n{end}\n:quit\n")
    shown = "\n    ".join(NOTES.strip().splitlines())
    assert f"[1] #case-conferencing  maria: {shown}\n" in transcript
    assert (
        "#case-conferencing ↳ thread of [1]  Backbone: 📝 Saved from this message: "
        "2 action items and 1 decision.\n"
        "    📌 A-1 call the VA about Mr. A's voucher — @joe · due Fri Nov 27\n"
        "    📌 A-2 update the by-name list — @ana · due Fri Dec 4\n"
        "    🧭 D-1 we meet Tuesdays at 10 through December\n"
    ) in transcript
    assert "[2] #case-conferencing" not in transcript  # one message, not five


def test_a_pasted_slash_command_keeps_its_lines(tmp_path: Path) -> None:
    transcript = run(
        tmp_path, ":paste\n/action Call the landlord\nabout unit 5 by Friday\n.\n:quit\n"
    )
    assert "Backbone: 📌 A-1 Call the landlord about unit 5 — @maria · due Fri Nov 27" in transcript


def test_an_empty_paste_sends_nothing(tmp_path: Path) -> None:
    transcript = run(tmp_path, ":paste\n\n.\n/action list\n:quit\n")
    assert "(shell) Nothing was pasted, so nothing was sent.\n" in transcript
    assert "[1] #case-conferencing  maria" not in transcript


def test_editing_a_message_changes_what_it_captured(tmp_path: Path) -> None:
    transcript = run(
        tmp_path,
        "ACTION: @joe call the VA by Friday\n"
        ":edit 1 ACTION: @joe call the VA by Thursday\n"
        ":as joe\n:edit 1 ACTION: nothing\n:quit\n",
    )
    assert "[1] #case-conferencing (updated)  maria: ACTION: @joe call the VA by Thursday" in (
        transcript
    )
    assert "    📌 A-1 call the VA — @joe · due Thu Nov 26\n" in transcript
    assert "(shell) you can only edit your own messages; [1] is @maria's\n" in transcript


def test_the_message_shortcut_opens_a_form_you_fill_and_submit(tmp_path: Path) -> None:
    transcript = run(
        tmp_path,
        "@dev can you drive Mr. A to the DMV?\n"
        ":make 1\n"
        ":fill title Drive Mr. A to the DMV\n"
        ":fill due_date 2026-11-26\n"
        ":submit\n:quit\n",
    )
    assert (
        "┌ modal for @maria: Make action item\n"
        "│ From a message in #case-conferencing. I'll post the item in that message's thread.\n"
        "│   What needs doing? [title]: can you drive Mr. A to the DMV?\n"
        "│   Who will do it? [owners]: @dev\n"
        "│   Due date (optional) [due_date]: (empty: No due date)\n"
        "│   Time (optional) [due_time]: (empty: End of the day)\n"
        "└ change a field with :fill FIELD TEXT, then :submit (or :cancel)\n"
    ) in transcript
    assert "│   What needs doing? [title]: Drive Mr. A to the DMV\n" in transcript
    assert "📌 A-1 Drive Mr. A to the DMV — @dev · due Thu Nov 26" in transcript


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Thursday", "📌 A-1 Drive Mr. A to the DMV — @dev · due Thu Nov 26"),  # why: a weekday
        ("Nov 26th", "📌 A-1 Drive Mr. A to the DMV — @dev · due Thu Nov 26"),  # why: "26th"
        ("Fridy", "(shell) I couldn't read “Fridy” as a date."),  # why: a typo, said at once
    ],
)
def test_a_date_field_takes_a_day_as_people_write_it(tmp_path: Path, typed: str, said: str) -> None:
    transcript = run(
        tmp_path,
        "@dev can you drive Mr. A to the DMV?\n:make 1\n:fill title Drive Mr. A to the DMV\n"
        f":fill due_date {typed}\n:submit\n:quit\n",
    )
    assert said in transcript and "Traceback" not in transcript


def test_a_prefilled_form_is_sent_as_it_stands(tmp_path: Path) -> None:
    transcript = run(
        tmp_path,
        "/action Call the VA @joe by Friday\n:as joe\n:time 2026-11-26 09:30\n"
        ":click Pick a date A-1\n:submit\n:quit\n",
    )
    assert "│   Remind me again on [snooze_date]: 2026-11-27\n" in transcript
    assert "Backbone: 😴 Reminders about A-1 are paused until Fri Nov 27." in transcript


def test_a_dm_with_several_items_snoozes_the_one_named(tmp_path: Path) -> None:
    transcript = run(
        tmp_path,
        "/action Call the VA by Wednesday\n/action Send the list by Wednesday\n"
        ":time 2026-11-25 12:30\n"
        ":click Snooze until next week A-2\n:click Done A-1\n:quit\n",
    )
    assert "DM with @maria  Backbone: Here are 2 things you said you'd do:" in transcript
    assert "Backbone: 😴 Reminders about A-2 are paused until Mon Nov 30." in transcript
    assert "✅ A-1 Call the VA — done by @maria" in transcript


# What newcomers type, and what the shell says back.
ODD_LINES = [
    (
        "/foo bar",
        "Slack would answer “/foo is not a valid command”. "
        "Backbone's are /action, /decision, /digest, /poll, /goal, /pdsa.",
    ),  # why: a command Backbone lacks
    ("/actoin list", "Slack would answer “/actoin is not a valid command”."),  # why: a typo
    (":", "no shell command :; type :help"),  # why: a colon alone
    (":as", "say who to be, like :as joe (:who lists people)"),  # why: no name
    (":as @nobody", "nobody is called @nobody; :who lists people"),  # why: a stranger
    (":in", "say where to go, like :in #advisory-group"),  # why: no channel
    (":react :pushpin:", "give the message's number, as shown in [brackets]"),  # why: no number
    (":thread 7 hello", "there is no message [7] in this channel"),  # why: a number not shown
    (":edit 1", "there is no message [1] in this channel"),  # why: nothing posted yet
    (":make x", "give the message's number, as shown in [brackets]"),  # why: not a number
    (":click", "say which button, like :click Done A-1"),  # why: no label
    (":click Done A-9", "no button or option “Done A-9” on the latest messages"),  # why: no A-9
    (":fill title x", "no form is open"),  # why: no form
    (":submit", "no form is open"),  # why: no form
    (":time -1d", "say +2d, +3h, +1w or a time like 2026-12-01 09:00"),  # why: backwards
    (":time 2026-11-01 09:00", "time only moves forward here"),  # why: the past
]


@pytest.mark.parametrize(("line", "said"), ODD_LINES)
def test_odd_lines_are_explained_and_change_nothing(tmp_path: Path, line: str, said: str) -> None:
    transcript = run(tmp_path, f"{line}\n/action list\n:quit\n")
    assert f"(shell) {said}" in transcript
    assert "You have no open items" in transcript and "Traceback" not in transcript


def test_the_shell_shows_no_library_warnings(tmp_path: Path) -> None:
    backbone = Path(sys.executable).with_name("backbone")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    done = subprocess.run(
        [str(backbone), "shell", "--fresh"],
        input="/foo bar\n/digest\n:help\n",
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "(shell) Slack would answer “/foo is not a valid command”." in done.stdout
    for command in (":paste", ":edit N TEXT", ":make N", ":fill FIELD TEXT", ":submit"):
        assert command in done.stdout  # :help lists it
