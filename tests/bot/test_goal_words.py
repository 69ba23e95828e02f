"""Goal messages stay inside the platform's limits however many goals a channel has."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.goal_periods import from_key
from bot.messages.goal_digest import digest_goal_parts
from bot.messages.goals import alt_text, goal_list
from bot.run_rules import analyse
from bot.services.goals import GoalPicture
from bot.slack.render import render_message, render_parts
from storage.models import Goal, GoalValue

WHEN = datetime(2026, 11, 2, tzinfo=UTC)
TODAY = date(2026, 12, 3)


def picture(number: int) -> GoalPicture:
    goal = Goal(team_id="T", number=number, channel_id="C", title="Households housed " * 12,
                higher_is_better=True, is_count=True, cadence="monthly", method="ihi", tz="UTC",
                created_by="U", created_at=WHEN, kind="goal")  # fmt: skip
    return GoalPicture(goal, [], [], analyse([]), 11)


def test_a_long_list_of_goals_fits_one_message() -> None:
    rendered = render_message(goal_list([picture(n) for n in range(1, 61)], None, TODAY))
    assert len(rendered["blocks"]) <= 50
    assert rendered["blocks"][-1]["elements"][0]["text"].startswith("…and ")


def test_the_digest_section_of_many_goals_stays_in_one_paragraph() -> None:
    parts, words = digest_goal_parts([picture(n) for n in range(1, 61)], TODAY, in_thread=True)
    blocks = render_parts(parts)
    assert len(blocks) == 1 and len(blocks[0]["text"]["text"]) <= 3000
    assert "…and 50 more. /goal list shows every goal." in [
        "".join(getattr(s, "text", "") for s in w) for w in words
    ]


def test_a_chart_of_one_value_says_one_value() -> None:
    # why: the alt text is read aloud: "1 values" sounds wrong
    one = picture(1)
    one.goal.title = "Households housed"
    one.values.append(GoalValue(period="2026-11", value=40, reported_by="U", reported_at=WHEN))
    one.periods.append(from_key("2026-11", "monthly", anchor=date(2026, 1, 1)))
    assert alt_text(one, TODAY).startswith(
        "Run chart of G-1: Households housed, 1 value, higher is better. November: 40."
    )


def test_a_goal_without_values_says_so_once() -> None:
    text = render_message(goal_list([picture(1)], None, TODAY))["text"]
    assert text.splitlines()[-1].endswith("H… — no values yet")
    assert text.count("no values yet") == 1
