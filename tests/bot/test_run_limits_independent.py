"""The run-chart limits, worked out here a second way and checked against published rows.

Anhøj & Olesen (2014): a run longer than round(log2(n) + 3) is a signal, and fewer crossings
than the lower 5% quantile of Bin(n - 1, 0.5). qicharts2 prints the same table of critical
values (its `runs.analysis`: round(log2(n)) + 3 and qbinom(0.05, n - 1, 0.5)). Here the first is
worked out with whole numbers only (no logarithm), the second from Pascal's triangle in exact
fractions, and both from the formulas as published; bot/run_rules.py must agree for every n.
Beyond Perla et al.'s Table 1 (60 useful points), the runs limits come from the exact runs
distribution: checked here against a count of arrangements by dynamic programming.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest

from bot.run_rules import (
    RUNS_TABLE,
    exact_runs_limits,
    fewest_crossings,
    longest_run_limit,
    runs_limits,
)


def nearest_log2(n: int) -> int:
    """The whole number nearest to log2(n), without floats: the k with 2^(k-½) < n < 2^(k+½)."""
    k = 0
    while n * n > 2 ** (2 * k + 1):  # n > 2^(k+½): n is nearer a higher power of two
        k += 1
    return k


def lowest_5_percent(trials: int) -> int:
    """The smallest k with P(X <= k) >= 5% for X ~ Bin(trials, 1/2), from Pascal's triangle."""
    row = [1]
    for _ in range(trials):
        row = [a + b for a, b in zip([0, *row], [*row, 0], strict=True)]
    total, cumulative = sum(row), 0
    for k, ways in enumerate(row):
        cumulative += ways
        if Fraction(cumulative, total) >= Fraction(5, 100):
            return k
    return trials


@pytest.mark.parametrize("n", range(10, 201))
def test_anhojs_limits_follow_the_published_formulas(n: int) -> None:
    assert longest_run_limit(n) == nearest_log2(n) + 3
    assert fewest_crossings(n) == lowest_5_percent(n - 1)


@pytest.mark.parametrize(
    ("n", "longest", "crossings"),
    [
        (10, 6, 2),  # why: the smallest chart either paper judges
        (12, 7, 3),  # why: log2(12) + 3 = 6.58 rounds up
        (22, 7, 7),  # why: the last n whose longest run limit is 7
        (23, 8, 7),  # why: log2(23) + 3 = 7.52: the limit steps to 8
        (24, 8, 8),
        (46, 9, 17),  # why: the limit steps to 9 at 46 (log2(46) = 5.52)
        (50, 9, 19),
        (91, 10, 37),  # why: and to 10 at 91 (log2(91) = 6.51)
        (100, 10, 41),
    ],
)
def test_anhojs_limits_match_rows_of_the_published_table(
    n: int, longest: int, crossings: int
) -> None:
    assert (longest_run_limit(n), fewest_crossings(n)) == (longest, crossings)


def runs_counts(first: int, second: int) -> Counter[int]:
    """How many orders of `first` and `second` points have each number of runs (by DP)."""
    ways: Counter[tuple[int, int, int, int]] = Counter({(1, 0, 0, 1): 1, (0, 1, 1, 1): 1})
    for _ in range(first + second - 1):
        step: Counter[tuple[int, int, int, int]] = Counter()
        for (a, b, last, runs), count in ways.items():
            if a < first:
                step[(a + 1, b, 0, runs + (last != 0))] += count
            if b < second:
                step[(a, b + 1, 1, runs + (last != 1))] += count
        ways = step
    return Counter({runs: count for (_, _, _, runs), count in ways.items()})


def tails(n: int) -> tuple[int, int]:
    """The runs limits with at most 2.5% of random orders beyond each, from `runs_counts`."""
    counts = runs_counts(n // 2, n - n // 2)
    total = sum(counts.values())
    below = [r for r in counts if Fraction(sum(c for k, c in counts.items() if k < r), total)
             <= Fraction(25, 1000)]  # fmt: skip
    above = [r for r in counts if Fraction(sum(c for k, c in counts.items() if k > r), total)
             <= Fraction(25, 1000)]  # fmt: skip
    return max(below), min(above)


@pytest.mark.parametrize("n", [61, 62, 75, 99, 100])
def test_runs_limits_beyond_the_table_come_from_the_exact_distribution(n: int) -> None:
    assert runs_limits(n) == exact_runs_limits(n) == tails(n)


@pytest.mark.parametrize("n", sorted(RUNS_TABLE))
def test_the_published_runs_table_stays_within_one_run_of_the_exact_limits(n: int) -> None:
    # why: Perla et al.'s Table 1 is kept as published; it was rounded from Swed & Eisenhart's
    # tables, so a row may differ from the exact 2.5% tails by one run, never more.
    lower, upper = RUNS_TABLE[n]
    exact_lower, exact_upper = tails(n)
    assert abs(lower - exact_lower) <= 1 and abs(upper - exact_upper) <= 1
