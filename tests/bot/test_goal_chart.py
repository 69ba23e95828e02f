"""A goal's run chart: its spec is plain JSON and carries no number that must stay hidden."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.goal_periods import period_of
from bot.run_chart import run_chart_png
from bot.run_rules import analyse
from bot.services.goal_charts import chart_spec
from bot.services.goals import GoalPicture
from storage.models import Goal, GoalValue

WHEN = datetime(2026, 11, 2, tzinfo=UTC)
TODAY = date(2026, 12, 3)


def picture(
    values: list[float], *, counts: bool = True, baseline: int | None = None
) -> GoalPicture:
    goal = Goal(team_id="T", number=1, channel_id="C", title="Veterans actively homeless",
                higher_is_better=False, is_count=counts, target=5.0, cadence="monthly",
                method="ihi", baseline_points=baseline, tz="UTC", created_by="U", created_at=WHEN,
                kind="goal")  # fmt: skip
    months = [date(2025 + (m // 12), m % 12 + 1, 1) for m in range(10, 10 + len(values))]
    rows = [GoalValue(period=f"{d:%Y-%m}", value=v, reported_by="U", reported_at=WHEN, team_id="T")
            for d, v in zip(months, values, strict=True)]  # fmt: skip
    periods = [period_of(d, "monthly", anchor=months[0]) for d in months]
    report = analyse(values, baseline=baseline)
    return GoalPicture(goal, rows, periods, report, 11)


def test_small_counts_never_reach_the_spec() -> None:
    spec = chart_spec(picture([14, 12, 7, 3, 9, 15]), TODAY)
    assert spec["hidden"] == [False, False, True, True, True, False]
    assert spec["values"] == [14, 12, 11, 11, 11, 15]  # why: hidden points sit at the threshold
    said = json.dumps(spec)
    assert all(f": {n}." not in spec["alt"] for n in (7, 3, 9))
    assert "fewer than 11" in said and spec["median"] is None  # why: a median of 11 tells too
    assert spec["target_label"] == "Target 5"  # why: a target is a plan, not a count of anyone


def test_the_spec_is_json_and_draws() -> None:
    spec = chart_spec(picture([90, 92, 91, 95, 93, 89, 80, 75, 70, 72, 68, 65], baseline=6), TODAY)
    assert json.loads(json.dumps(spec)) == spec
    assert (spec["kind"], spec["median"], spec["median_until"]) == ("run_chart", 91.5, 5)
    # why: against the frozen baseline median, 89 is already below it; 95 to 70 keeps falling
    assert spec["signals"] == [{"start": 3, "end": 8}, {"start": 5, "end": 11}]
    assert spec["annotations"] == []
    assert run_chart_png(spec).startswith(b"\x89PNG")


def test_measures_that_are_not_counts_show_their_small_numbers() -> None:
    spec = chart_spec(picture([9, 8, 7], counts=False), TODAY)
    assert (spec["hidden"], spec["values"]) == ([False] * 3, [9, 8, 7])
