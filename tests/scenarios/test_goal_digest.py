"""The weekly digest's Goals section, its north star, and run charts of goals with a signal.

These are Slack's own words and shapes (mrkdwn, files, modals); what both platforms do
alike is in tests/scenarios/both/ (test_goals.py, test_goal_rhythm.py).
"""

from __future__ import annotations

from tests.support.goals import MEDIAN_DAYS, goal, report_year
from tests.support.harness import CASE, Harness


def digest_now(backbone: Harness):
    backbone.command("now", command="/digest")
    return next(m for m in backbone.emulator.messages(CASE) if m.text.startswith("Weekly digest"))


def test_the_digest_says_each_goal_and_charts_those_with_a_signal(backbone: Harness) -> None:
    goal(backbone, 'northstar "Functional zero for veterans by December 2027"')
    goal(backbone, MEDIAN_DAYS)
    report_year(backbone)
    goal(backbone, 'add "Households housed" higher is better, monthly')
    goal(backbone, "report G-2 14 for October")
    posted = digest_now(backbone)
    lines = posted.text.splitlines()
    assert lines[:2] == [
        "Weekly digest for <#CCASE>, Nov 17 – Nov 24.",
        "⭐ North star: Functional zero for veterans by December 2027",
    ]
    start = lines.index("Goals:")
    assert lines[start : start + 5] == [
        "Goals:",
        "G-1 Median days from match to move-in — 65 for October · 20 to go to the target · "
        "📈 a signal",
        "    A shift: from November 2025 to April, 6 points are all above the median — a real "
        "change, and not the way you want: worth a look together.",
        "    Too few runs: the line crossed the median only once in 12 points (2 runs; fewer "
        "than 3 is unusual). The points stay on one side for long stretches: something has "
        "likely changed.",
        "    A trend: from February to July, 6 points kept going down — a real change, and it is "
        "the way you want.",
    ]
    assert "📈 Run charts of the goals with a signal are in the thread." in lines
    charts = [f for f in backbone.emulator.files() if f.filename.startswith("run-chart")]
    assert [(f.filename, f.channel, f.thread_ts) for f in charts] == [
        ("run-chart-G-1.png", CASE, posted.ts)
    ]


def test_a_digest_without_goals_is_as_before(backbone: Harness) -> None:
    backbone.command("Call the shelter <@UJOE> by Friday")
    assert "Goals:" not in digest_now(backbone).text
