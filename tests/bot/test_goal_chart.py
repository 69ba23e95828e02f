"""A goal's run chart: its spec is plain JSON and carries no number that must stay hidden."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.goal_periods import period_of
from bot.run_chart import run_chart_png
from bot.run_rules import analyse
from bot.services.goal_charts import chart_spec
from bot.services.goals import GoalPicture
from storage.cycle_reports import CycleMark
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


# Months Nov 2025 … Apr 2026 hold the six values below; each row: cycles -> marks.
MARKS = [
    ([("T-1", date(2026, 1, 14))], [{"at": 2, "text": "T-1"}]),  # why: mid-month, its own month
    ([("T-1", date(2025, 11, 1))], [{"at": 0, "text": "T-1"}]),  # why: the first day of a period
    ([("T-1", date(2026, 4, 30))], [{"at": 5, "text": "T-1"}]),  # why: the last day still counts
    ([("T-1", date(2026, 5, 1))], []),  # why: after the latest value there is no point to mark
    ([("T-1", date(2025, 6, 3))], [{"at": 0, "text": "T-1"}]),  # why: before the chart: the first
    (
        [("T-3", date(2026, 2, 2)), ("T-4", date(2026, 2, 20))],
        [{"at": 3, "text": "T-3, T-4"}],
    ),  # why: a ramp within one month shares one mark
    (
        [("T-1", date(2025, 12, 5)), ("T-2", date(2026, 3, 9))],
        [{"at": 1, "text": "T-1"}, {"at": 4, "text": "T-2"}],
    ),  # why: each at its own month
]


@pytest.mark.parametrize(("cycles", "marks"), MARKS)
def test_tests_of_change_mark_the_period_they_started_in(cycles, marks) -> None:
    seen = picture([14, 12, 15, 16, 13, 18])
    seen = replace(seen, cycles=tuple(CycleMark(code, on) for code, on in cycles))
    spec = chart_spec(seen, TODAY)
    assert spec["annotations"] == marks
    assert run_chart_png(spec).startswith(b"\x89PNG")


def test_the_words_for_the_chart_name_its_tests_of_change() -> None:
    marks = (CycleMark("T-2", date(2026, 1, 14)), CycleMark("T-3", date(2026, 3, 2)))
    seen = replace(picture([14, 12, 15, 16, 13, 18]), cycles=marks)
    alt = chart_spec(seen, TODAY)["alt"]
    assert alt.endswith(" Tests of change: T-2 from January; T-3 from March.")


def test_a_gap_in_the_values_marks_the_next_reported_period() -> None:
    seen = picture([14, 12, 15])
    # why: November and December reported, then March: a February start marks March
    march = period_of(date(2026, 3, 1), "monthly", anchor=date(2025, 11, 1))
    periods = [seen.periods[0], seen.periods[1], march]
    seen = replace(seen, periods=periods, cycles=(CycleMark("T-1", date(2026, 2, 9)),))
    assert chart_spec(seen, TODAY)["annotations"] == [{"at": 2, "text": "T-1"}]
