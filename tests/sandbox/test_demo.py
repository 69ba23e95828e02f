"""`backbone demo`: a meeting and its week, checked for the events that matter."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.sandbox.session import demo_script, run_script


def test_the_demo_shows_a_meeting_and_its_week(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_script(demo_script(), database=tmp_path / "demo.db", out=out) == 0
    transcript = out.getvalue()
    expected = [
        # The meeting's notes become records, answered once in the thread.
        "Backbone: 📝 Saved from this message: 3 action items and 1 decision.",
        "📌 A-1 check in with J.R. at the Elm St encampment about the shelter bed — @joe",
        "Backbone: 📌 A-4 draft the landlord incentive one-pager — @ana, @dev · due Tue Dec 8",
        "Backbone: 🧭 Decision D-2: Case conferencing moves to Tuesdays at 10",
        # The advisory group's poll, closed, and turned into a decision.
        "“Tuesday 5pm” won with 100% (2 of 2)",
        "Backbone: 🧭 Decision D-3: P-1: Tuesday 5pm won",
        # Reminders at the right local times: Joe's Wednesday is his own morning in Los Angeles.
        "DM with @joe  Backbone: ⏰ A-1 check in with J.R. at the Elm St encampment about the "
        "shelter bed — Due today (Wed Dec 2).",
        "joe in #case-conferencing · Wed Dec 02 09:30 AM PST> :click Need help A-1",
        "🙋 @joe could use a hand with A-1",
        "DM with @maria  Backbone: ✅ You asked for A-3",
        # The digest of the meeting's week counts the meeting: its items and its decisions.
        "Backbone: Weekly digest for #case-conferencing, Nov 30 – Dec 7.\n"
        "    ⭐ North star: Functional zero for veterans by December 2027\n"
        "    2 done this week — thank you! 🙌\n"
        "    4 new · 2 open · 1 overdue\n"
        "    On time: 2 of 3 items due this week were done by their due date "
        "(1 not done yet, so overdue).\n",
        "    Decisions this week:\n"
        "    • D-1 Veterans on the list get the next two Maple Court units — @maria\n"
        "    • D-2 Case conferencing moves to Tuesdays at 10 starting next week — @maria\n",
        # A goal with a real signal: asked for in its owner's hours, said in the digest, charted.
        "DM with @ana  Backbone: 📈 What was G-1 for November? Median days from match to move-in",
        "DM with @ana  Backbone: ✅ Saved G-1 for November: 63.",
        "    G-1 Median days from match to move-in — 63 for November · 18 to go to the target · "
        "📈 a signal\n"
        "        A shift: from November 2025 to April, 6 points are all above the median — a real "
        "change, and not the way you want: worth a look together.\n",
        "        A shift: the last 6 points are all below the median — a real change, and it is "
        "the way you want.\n",
        "#case-conferencing ↳ thread of [8]  Backbone: 📎 Run chart of G-1: Median days from "
        "match to move-in",
        # A test of change from prediction to Adapt, and the ramp it starts.
        "[6] #case-conferencing  Backbone: 🧪 T-1 Landlord liaison calls each new landlord within "
        "a day\n    🧪 Doing · Mon Nov 30 → Fri Dec 4 · @ana · for G-1 Median days from match to "
        "move-in\n",
        "    Prediction: Match to move-in drops below 60 days for this week's matches\n",
        "    Tests of change started this week:\n"
        "    • T-1 Landlord liaison calls each new landlord within a day — @ana · Mon Nov 30 – Fri "
        "Dec 4 · predicts: Match to move-in drops below 60 days for this week's matches\n"
        "    Waiting for Study — these tests of change have ended: what happened?\n"
        "    • T-1 Landlord liaison calls each new landlord within a day — @ana · ended Fri "
        "Dec 4\n",
        # The goal's run chart marks the cycle in the month it began.
        "The points stay on one side for long stretches: something has likely changed. A trend: "
        "from February to July, 6 points kept going down",
        "it is the way you want. Tests of change: T-1 from November.",
        "DM with @ana  Backbone: 🔬 T-1 ended. What happened?",
        "DM with @ana  Backbone: ✅ Saved the study of T-1. What now?",
        "DM with @ana  Backbone: ✅ T-1 is adapted. It's in the learning log.",
        "    ➡️ Next: T-2 Book the inspection on the first landlord call\n",
        "[9] #case-conferencing  Backbone: 🧪 T-2 Book the inspection on the first landlord call",
        "    ↪️ Follows T-1 Landlord liaison calls each new landlord within a day\n",
        "Backbone: What our tests of change taught us, in #case-conferencing.\n"
        "    Adapted — changed, and tried again\n"
        "    • T-1 Landlord liaison calls each new landlord within a day — adapted: Keep the calls "
        "and book the inspection on the same call · learned: A same-day call helps, but the "
        "inspection is what holds people up · Mon Dec 7 · then T-2\n",
    ]
    for line in expected:
        assert line in transcript, line
    assert "(shell)" not in transcript  # every scripted step worked
    assert "Traceback" not in transcript


def test_demo_runs_your_own_script(tmp_path: Path) -> None:
    script = tmp_path / "mine.txt"
    script.write_text("# My own check\n/action Order the winter coats @ana by Friday\n:bogus\n")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    backbone = str(Path(sys.executable).with_name("backbone"))
    done = subprocess.run(
        [backbone, "demo", "--script", str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Backbone: 📌 A-1 Order the winter coats — @ana" in done.stdout
    assert "(shell) no shell command :bogus; type :help" in done.stdout
    missing = subprocess.run(
        [backbone, "demo", "--script", "nowhere.txt"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2 and "there is no script at nowhere.txt" in missing.stderr
