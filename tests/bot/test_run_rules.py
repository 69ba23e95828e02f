"""The run-chart rules (Perla, Provost & Murray 2011; Anhøj & Olesen 2014) on worked cases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.run_rules import (
    RUNS_TABLE,
    Direction,
    RunReport,
    Signal,
    analyse,
    binomial_quantile,
    exact_runs_limits,
    fewest_crossings,
    longest_run_limit,
    runs_limits,
)

UP: Direction = "up"
DOWN: Direction = "down"


def pattern(sides: str) -> list[float]:
    """Return values that sit above (U) or below (D) the median 12, with no trend among them."""
    highs, lows = (20, 22, 21, 23), (1, 3, 2, 4)
    assert sides.count("U") == sides.count("D"), "balanced, so that the median is 12"
    values: list[float] = []
    for side in sides.replace(" ", ""):
        pool = highs if side == "U" else lows
        values.append(pool[sum(1 for v in values if v in pool) % 4])
    return values


IHI_CASES = [
    # why: 10 rising points: one trend over them all, and only 2 runs (fewer than 3 for 10 points)
    (
        list(range(1, 11)),
        [Signal("trend", 0, 9, UP, 10), Signal("too_few_runs", 0, 9, None, 10)],
    ),
    # why: exactly 6 below the median is a shift
    (pattern("UUU D UUUU DDDDDD"), [Signal("shift", 8, 13, DOWN, 6)]),
    # why: 5 below the median is not yet a shift
    (pattern("UU DD UUUU DDDDD U"), []),
    # why: 6 above is a shift as well, with its direction
    (pattern("DDD U DDDD UUUUUU"), [Signal("shift", 8, 13, UP, 6)]),
    # why: a point on the median (10) neither breaks nor adds: 3 + 3 below is a shift of 6,
    # spanning the point on the median
    (
        [20, 21, 1, 2, 1, 10, 2, 1, 3, 22, 10, 23, 24],
        [Signal("shift", 2, 8, DOWN, 6)],
    ),
    # why: the same series with that point above instead breaks the run into 3 and 3
    ([20, 21, 1, 2, 1, 19, 2, 1, 3, 22, 10, 23, 24], []),
    # why: exactly 5 points going down is a trend
    (
        [1, 9, 2, 8, 7, 5, 4, 3, 6, 9, 1, 8],
        [Signal("trend", 3, 7, DOWN, 5)],
    ),
    # why: 4 points going down is not a trend
    ([1, 9, 2, 8, 7, 5, 4, 6, 3, 9, 1, 8], []),
    # why: like values count once: 8, 7, 7, 5, 4 is only 4 points going down
    ([1, 9, 2, 8, 7, 7, 5, 4, 9, 1, 9, 2], []),
    # why: like values neither make nor break a trend: 8, 7, 7, 5, 4, 3 is 5 going down
    (
        [1, 9, 2, 8, 7, 7, 5, 4, 3, 9, 1, 9],
        [Signal("trend", 3, 8, DOWN, 5)],
    ),
    # why: 10 useful points in 3 runs is the fewest that is not a signal (table: 3)
    (pattern("DDD UUUUU DD"), []),
    # why: 10 useful points in 2 runs are too few
    (pattern("DDDDD UUUUU"), [Signal("too_few_runs", 0, 9, None, 10)]),
    # why: 10 useful points in 9 runs is the most that is not a signal (table: 9)
    (pattern("U D U D U DD U D U"), []),
    # why: 10 useful points in 10 runs is too many: they cross the median every time
    (pattern("UDUDUDUDUD"), [Signal("too_many_runs", 0, 9, None, 10)]),
    # why: one value far beyond the rest is an astronomical point, for the team to judge
    ([5, 6, 5, 4, 6, 5, 4, 40, 6, 4, 5], [Signal("astronomical", 7, 7, UP, 1)]),
    # why: most points on the median and one a little off: not obviously different
    ([5, 5, 5, 5, 5, 5, 5, 5, 5, 6], []),
    # why: most points on a median of 0 and one far off: astronomical
    ([0, 0, 0, 0, 0, 0, 40, 0, 0, 0], [Signal("astronomical", 6, 6, UP, 1)]),
    # why: a steady large measure and one point far off it: the Hampel identifier still judges
    (
        [1000, 1003, 998, 1001, 1100, 999, 1002, 1000, 997, 1001],
        [Signal("astronomical", 4, 4, UP, 1)],
    ),
    # why: the furthest point is not twice as far out as the next: no astronomical point
    ([5, 6, 5, 4, 6, 5, 4, 12, 6, 9, 5], []),
]


@pytest.mark.parametrize(("values", "signals"), IHI_CASES)
def test_ihi_rules_on_worked_cases(values: list[float], signals: list[Signal]) -> None:
    assert list(analyse(values).signals) == signals


def test_a_shift_and_its_report() -> None:
    report = analyse(pattern("UUU D UUUU DDDDDD"))
    assert report == RunReport(
        method="ihi",
        median=12.0,
        enough=True,
        signals=(Signal("shift", 8, 13, DOWN, 6),),
        runs=4,
        crossings=3,
        useful=14,
        points=14,
        runs_limits=(4, 12),
        longest_run=6,
    )


def test_fewer_than_ten_points_judge_nothing() -> None:
    report = analyse([1, 2, 3, 4, 5, 6, 7, 8, 9])  # a trend of 9, but too few points to say
    assert (report.enough, report.signals, report.points) == (False, (), 9)
    assert report.median == 5


def test_no_points() -> None:
    report = analyse([])
    assert (report.median, report.enough, report.runs, report.useful) == (None, False, None, 0)


def test_baseline_median_is_frozen() -> None:
    # The first 6 points have median 10; the next 6 are all above it: a shift. Over all 12
    # points the median is 11.5, and the same values show no shift.
    values = [15, 5, 16, 4, 14, 6, 11, 12, 11, 13, 12, 11]
    frozen = analyse(values, baseline=6)
    assert frozen.median == 10
    assert frozen.signals == (Signal("shift", 6, 11, UP, 6),)
    assert analyse(values).median == 11.5
    assert analyse(values).signals == ()


def test_baseline_longer_than_the_series_uses_every_point() -> None:
    assert analyse(list(range(10)), baseline=50).median == 4.5


def test_baseline_must_be_a_point_or_more() -> None:
    with pytest.raises(ValueError):
        analyse(list(range(10)), baseline=0)


def test_points_on_the_median_are_not_useful() -> None:
    report = analyse([5, 5, 5, 1, 9, 5, 1, 9, 5, 5, 1])
    assert (report.median, report.useful, report.runs) == (5, 5, 5)
    assert report.runs_limits is None  # fewer than 10 useful points: no runs test


ANHOJ_CASES = [
    # why: 22 useful points: a run of 8 is longer than round(log2(22) + 3) = 7; 8 crossings
    # are not too few (7)
    (pattern("UDUDUD UUUU DDDDDDDD UUUU"), [Signal("longest_run", 10, 17, DOWN, 8)]),
    # why: a run of 7 is not
    (pattern("UDUDUD UUUU DDDDDDD UUUU D"), []),
    # why: exactly 7 crossings of 22 points are not too few; 6 are
    (pattern("UUUU DDDD UUU DDD UUU DDD U D"), []),
    (pattern("UUUU DDDD UUU DDDD UUUU DDD"), [Signal("few_crossings", 0, 21, None, 22)]),
    # why: 10 useful points crossing the median once: fewer than 2 crossings
    (
        [1, 2, 1, 2, 1, 9, 8, 9, 8, 9],
        [Signal("few_crossings", 0, 9, None, 10)],
    ),
    # why: crossing twice is not a signal
    ([1, 2, 1, 2, 9, 8, 9, 8, 1, 1], []),
    # why: points on the median are ignored: 10 useful below and above, crossing once
    (
        [1, 5, 2, 1, 5, 2, 1, 9, 8, 5, 9, 8, 9],
        [Signal("few_crossings", 0, 12, None, 10)],
    ),
]


@pytest.mark.parametrize(("values", "signals"), ANHOJ_CASES)
def test_anhoj_rules_on_worked_cases(values: list[float], signals: list[Signal]) -> None:
    assert list(analyse(values, method="anhoj").signals) == signals


def test_anhoj_report_carries_its_limits() -> None:
    report = analyse([1, 2, 1, 2, 1, 9, 8, 9, 8, 9], method="anhoj")
    assert (report.longest_run, report.longest_run_limit) == (5, 6)
    assert (report.crossings, report.crossings_limit) == (1, 2)


# Anhøj & Olesen 2014, Table 1 (critical values): useful observations -> (longest run that is
# still noise, fewest crossings that are still noise).
ANHOJ_TABLE = [
    (10, 6, 2),
    (11, 6, 2),
    (12, 7, 3),
    (14, 7, 4),
    (16, 7, 4),
    (20, 7, 6),
    (24, 8, 8),
    (30, 8, 10),
    (40, 8, 14),
    (50, 9, 19),
    (60, 9, 23),
]


@pytest.mark.parametrize(("useful", "longest", "crossings"), ANHOJ_TABLE)
def test_anhoj_limits_match_the_paper(useful: int, longest: int, crossings: int) -> None:
    assert (longest_run_limit(useful), fewest_crossings(useful)) == (longest, crossings)


def test_binomial_quantile_exact() -> None:
    # Bin(9, 1/2): P(X <= 1) = 10/512 < 5% <= P(X <= 2) = 46/512
    assert binomial_quantile(0.05, 9) == 2
    assert binomial_quantile(0.5, 0) == 0


def test_runs_table_covers_ten_to_sixty() -> None:
    assert sorted(RUNS_TABLE) == list(range(10, 61))
    assert runs_limits(9) is None


@pytest.mark.parametrize("useful", sorted(RUNS_TABLE))
def test_runs_table_agrees_with_the_exact_distribution(useful: int) -> None:
    # The published table rounds Swed & Eisenhart's limits; each is within one run of the exact
    # 2.5% tails, and the limits widen as points are added.
    lower, upper = RUNS_TABLE[useful]
    exact_lower, exact_upper = exact_runs_limits(useful)
    assert abs(lower - exact_lower) <= 1
    assert abs(upper - exact_upper) <= 1
    if useful > 10:
        before = RUNS_TABLE[useful - 1]
        assert lower >= before[0] and upper >= before[1]


def test_beyond_the_table_the_exact_limits_are_used() -> None:
    assert runs_limits(61) == exact_runs_limits(61)
    lower, upper = exact_runs_limits(100)
    assert lower < 51 < upper


SERIES = st.lists(st.integers(min_value=0, max_value=30), min_size=0, max_size=40)


@given(SERIES, st.sampled_from(["ihi", "anhoj"]))
def test_signals_lie_within_the_series(values: list[int], method: str) -> None:
    report = analyse(values, method=method)  # type: ignore[arg-type]
    assert report.enough == (len(values) >= 10)
    assert all(0 <= s.start <= s.end < len(values) for s in report.signals)
    assert all(s.counted <= s.end - s.start + 1 for s in report.signals)
    assert report.enough or report.signals == ()


@given(SERIES)
def test_turning_the_series_upside_down_turns_its_signals(values: list[int]) -> None:
    def flipped(direction: Direction | None) -> Direction | None:
        return {"up": "down", "down": "up", None: None}[direction]

    upright = analyse(values).signals
    upside_down = analyse([-v for v in values]).signals
    assert upside_down == tuple(
        Signal(s.kind, s.start, s.end, flipped(s.direction), s.counted) for s in upright
    )
