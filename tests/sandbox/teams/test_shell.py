"""`backbone shell --teams` and `backbone demo --teams`: lines typed in, the screen read back.

Every session runs the real thing over HTTP on 127.0.0.1: the Teams emulator signs each
activity, Backbone's `/api/messages` checks the token, the real port answers through the
emulator's connector, and the emulator refuses any card Teams would refuse (the screen prints
such a refusal loudly, so a transcript without one had none).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.port import ChatError
from bot.sandbox.session import demo_script, run_script, run_shell
from bot.sandbox.teams.screen import CARD, TeamsScreen
from bot.sandbox.teams.world import running_teams_world
from bot.sandbox.world import Clock

# A fixed Tuesday midday, so the session reads the same on any day it runs.
START = datetime(2026, 11, 24, 12, 30, tzinfo=ZoneInfo("America/New_York"))
REFUSED = "TEAMS REFUSED"


def run(tmp_path: Path, text: str, *, fresh: bool = True) -> str:
    out = io.StringIO()
    database = tmp_path / "teams.db"
    code = run_shell(
        fresh=fresh, database=database, stdin=io.StringIO(text), out=out, start=START, teams=True
    )
    assert code == 0
    transcript = out.getvalue()
    assert REFUSED not in transcript and "Traceback" not in transcript
    return transcript


def test_a_command_in_a_channel_is_an_at_mention_and_its_card_reads_as_buttons(
    tmp_path: Path,
) -> None:
    transcript = run(tmp_path, "@Backbone action Call the shelter about 3 beds @joe by Friday\n")
    assert (
        "#case-conferencing  maria: @Backbone action Call the shelter about 3 beds @joe by Friday"
        in transcript
    )
    assert (
        "#case-conferencing ↳ reply to @maria's command  Backbone: 📌 A-1 Call the shelter about "
        "3 beds\n    @joe · due Fri Nov 27\n" in transcript
    )
    assert "    [✅ Done]\n    [⋯ Snooze until tomorrow / Snooze until next week]\n" in transcript


def test_slack_lines_mean_the_same_on_teams(tmp_path: Path) -> None:
    typed = (
        "/decision Intake moves to Tuesdays\nWho can call the VA?\n:react :pushpin: 1\n"
        ":dm\n/action list\n:home\n:quit\n"
    )
    transcript = run(tmp_path, typed)
    # /decision is written as Teams writes a command: Backbone's mention first
    assert "#case-conferencing  maria: @Backbone decision Intake moves to Tuesdays" in transcript
    assert "Backbone: 🧭 Decision D-1\n    Intake moves to Tuesdays\n" in transcript
    # in the personal chat a command goes alone
    assert "chat with @maria  maria: action list\n" in transcript
    assert "chat with @maria  Backbone: You have no open items" in transcript
    # the Home is a card in the chat, its Add button opening a dialog
    assert "chat with @maria  Backbone: Your action items\n    [➕ Add action item]\n" in transcript
    # what Teams cannot do is said plainly, and nothing fails
    assert "(teams) Teams tells Backbone only of reactions to its own posts" in transcript


def test_what_is_typed_reaches_backbone_as_a_teams_client_sends_it(tmp_path: Path) -> None:
    # why: a Teams message is HTML; a client escapes what a person typed, so "<" and "&" in a
    # title are kept, never read as markup or dropped.
    typed = "/action check 3 < 5 & <b>ask</b> @joe by Friday\n:quit\n"
    transcript = run(tmp_path, typed)
    assert "maria: @Backbone action check 3 < 5 & <b>ask</b> @joe by Friday\n" in transcript
    assert "📌 A-1 check 3 < 5 & <b>ask</b>\n    @joe · due" in transcript


def test_meeting_notes_are_captured_and_done_is_pressed_in_place(tmp_path: Path) -> None:
    typed = (
        "ACTION: @joe call the VA about the voucher by Friday\\nDECISION: Intake on Tuesdays\n"
        ":as joe\n:click Done A-1\n:quit\n"
    )
    transcript = run(tmp_path, typed)
    assert "[1] #case-conferencing  maria: ACTION: @joe call the VA about the voucher" in transcript
    assert (
        "#case-conferencing ↳ thread of [1]  Backbone: 📝 Saved from this message: "
        "1 action item and 1 decision." in transcript
    )
    assert "📌 A-1 call the VA about the voucher — @joe · due Fri Nov 27 [✅ Done]" in transcript
    # the Action.Execute press: its answer to Joe alone, and the card changed in place
    assert "#case-conferencing (only @joe sees this)  Backbone: ✅ A-1 is done." in transcript
    assert "#case-conferencing ↳ thread of [1] (updated)  Backbone: 📝 Saved" in transcript
    assert "✅ A-1 call the VA about the voucher — done" in transcript


def test_a_dialog_opens_from_a_button_and_saves(tmp_path: Path) -> None:
    typed = (
        "/action Call the shelter @joe by Friday\n:as joe\n:time +2d\n:click Update A-1\n"
        ":fill title Call the shelter about beds\n:submit\n:dm\naction list\n:quit\n"
    )
    transcript = run(tmp_path, typed)
    assert "┌ dialog for @joe: " in transcript
    assert "│   What needs doing? [title]: Call the shelter about beds" in transcript
    assert "A-1 Call the shelter about beds — @joe · due Fri Nov 27" in transcript


def test_the_message_extension_makes_an_item_of_a_post(tmp_path: Path) -> None:
    typed = "Can someone book the community room for Friday?\n:make 1\n:submit\n:quit\n"
    transcript = run(tmp_path, typed)
    assert "┌ dialog for @maria: " in transcript
    assert "What needs doing? [title]: Can someone book the community room" in transcript
    assert "📌 A-1 Can someone book the community room" in transcript


def test_a_reminder_goes_out_after_time_moves(tmp_path: Path) -> None:
    typed = "/action Send the HMIS report @ana tomorrow\n:time 2026-11-25 12:30\n:quit\n"
    transcript = run(tmp_path, typed)
    assert "(time) It is now Wed Nov 25 12:30 PM EST. 1 reminder" in transcript
    assert (
        "chat with @ana  Backbone: ⏰ A-1 Send the HMIS report\n    Due today (Wed Nov 25).\n"
        in transcript
    )
    assert "[✅ Done] [🙋 Need help] [✏️ Update]" in transcript


def test_shell_mistakes_are_explained_not_fatal(tmp_path: Path) -> None:
    typed = ":bogus\n:in #nowhere\n:click Done A-9\n:submit\n/acton list\n:quit\n"
    transcript = run(tmp_path, typed)
    assert "(shell) no shell command :bogus; type :help" in transcript
    assert "(shell) there is no channel #nowhere; :channels lists them" in transcript
    assert "(shell) no button or choice “Done A-9” on the latest cards" in transcript
    assert "(shell) no dialog is open" in transcript
    assert "(shell) Backbone has no command /acton; its commands are /action," in transcript
    assert "maria: /acton" not in transcript  # nothing went to the channel


def test_a_card_teams_would_refuse_is_shown_loudly(tmp_path: Path) -> None:
    out = io.StringIO()
    with running_teams_world(tmp_path / "teams.db", Clock(START)) as world:
        screen = TeamsScreen(world.emulator, out)
        channel = world.channels["case-conferencing"]
        card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "Nonsense"}]}
        broken = {"type": "message", "attachments": [{"contentType": CARD, "content": card}]}
        url = world.emulator.service_url
        with pytest.raises(ChatError):
            world.port.connector.send(url, channel, broken)
        screen.refresh()
    assert "⚠️  TEAMS REFUSED what Backbone sent (activities.send): " in out.getvalue()


def test_the_teams_sandbox_keeps_its_state_between_runs(tmp_path: Path) -> None:
    run(tmp_path, "/action Book the community room by Friday\n:quit\n")
    again = run(tmp_path, ":dm\naction list\n:quit\n", fresh=False)
    assert "A-1 Book the community room" in again


@pytest.mark.slow
def test_the_whole_demo_runs_on_teams_to_the_end(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_script(demo_script(), database=tmp_path / "demo.db", out=out, teams=True) == 0
    transcript = out.getvalue()
    expected = [
        "Backbone: 📝 Saved from this message: 3 action items and 1 decision.",
        "Backbone: 🧭 Decision D-2\n    Case conferencing moves to Tuesdays at 10",
        "(teams) Teams polls are voted with the card's buttons: pressing “Tuesday 5pm”.",
        "“Tuesday 5pm” won with 100% (2 of 2).",
        "Backbone: 🧭 Decision D-3\n    P-1: Tuesday 5pm won",
        "chat with @joe  Backbone: ⏰ A-1 check in with J.R. at the Elm St encampment about the "
        "shelter bed\n    Due today (Wed Dec 2).",
        "joe in #case-conferencing · Wed Dec 02 09:30 AM PST> :click Need help A-1",
        "🙋 @joe could use a hand with A-1",
        "chat with @maria  Backbone: ✅ You asked for A-3",
        "chat with @ana  Backbone: ✅ Saved G-1 for November: 63.",
        "Backbone: 📊 Weekly digest · Nov 30 – Dec 7",
        "    4 new · 2 open · 1 overdue\n",
        "    • D-2 Case conferencing moves to Tuesdays at 10 starting next week — @maria\n",
        "Backbone: Run chart of G-1: Median days from match to move-in",
        "Overdue items in this channel (1)",
        # A test of change from prediction to Adapt, and the ramp it starts.
        "(teams) A command opens no form on Teams: pressing “🧪 Plan a test of change”.",
        "Backbone: 🧪 T-1 Landlord liaison calls each new landlord within a day",
        "    🧪 Tests of change started this week\n"
        "    • T-1 Landlord liaison calls each new landlord within a day — @ana · Mon Nov 30 – Fri "
        "Dec 4 · predicts: Match to move-in drops below 60 days for this week's matches\n"
        "    🔬 Waiting for Study — these tests of change have ended: what happened?\n"
        "    • T-1 Landlord liaison calls each new landlord within a day — @ana · ended Fri "
        "Dec 4\n",
        "chat with @ana  Backbone: 🔬 T-1 ended. What happened?",
        "chat with @ana  Backbone: ✅ T-1 is adapted. It's in the learning log.",
        "    ➡️ Next: T-2 Book the inspection on the first landlord call\n",
        "Backbone: 🧪 T-2 Book the inspection on the first landlord call",
        "    ↪️ Follows T-1 Landlord liaison calls each new landlord within a day\n",
        "    🔁 Adapted — changed, and tried again\n"
        "    • T-1 Landlord liaison calls each new landlord within a day — adapted: Keep the calls "
        "and book the inspection on the same call · learned: A same-day call helps, but the "
        "inspection is what holds people up · Mon Dec 7 · then T-2",
    ]
    for line in expected:
        assert line in transcript, line
    assert "(shell)" not in transcript  # every scripted step worked
    assert REFUSED not in transcript and "Traceback" not in transcript


def test_backbone_demo_teams_from_the_command_line(tmp_path: Path) -> None:
    script = tmp_path / "mine.txt"
    script.write_text("# My own check\n/action Order the winter coats @ana by Friday\n:bogus\n")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    backbone = str(Path(sys.executable).with_name("backbone"))
    done = subprocess.run(
        [backbone, "demo", "--teams", "--script", str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Backbone: 📌 A-1 Order the winter coats\n    @ana · due" in done.stdout
    assert "(shell) no shell command :bogus; type :help" in done.stdout
    assert done.stderr == ""


def test_backbone_shell_teams_from_the_command_line(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    backbone = str(Path(sys.executable).with_name("backbone"))
    done = subprocess.run(
        [backbone, "shell", "--teams", "--fresh"],
        input=":dm\naction help\n",
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Backbone sandbox on Teams: you are @maria in #case-conferencing." in done.stdout
    assert "chat with @maria  maria: action help" in done.stdout
    assert (tmp_path / "backbone-sandbox-teams.db").is_file()


def test_a_number_typed_into_a_dialog_reads_as_typed(tmp_path: Path) -> None:
    # why: "1,300" is one number: the screen splits only a multi-choice's picks at commas
    typed = (
        '/goal add "Beds filled" higher is better, monthly\n/goal edit G-1\n:click Edit G-1\n'
        ":fill goal_baseline 1,300\n:submit\n:quit\n"
    )
    transcript = run(tmp_path, typed)
    assert "│   Baseline (optional) [goal_baseline]: 1,300\n" in transcript
    assert "Which way is better [goal_direction]: Higher is better\n" in transcript
    assert "✏️ Updated G-1 Beds filled — higher is better · baseline 1,300" in transcript
