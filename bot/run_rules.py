"""The run-chart rules, pure: is a series of values showing a signal, or only noise?

Two sets of rules, as QI teams use them:
- "ihi": Perla, Provost & Murray (2011), "The run chart: a simple analytical tool for learning
  from variation in healthcare processes", BMJ Qual Saf 20:46-51. A shift is 6 or more points
  in a row on one side of the median (points on the median neither make nor break it); a trend
  is 5 or more points in a row all going up or all going down (a repeated value neither makes
  nor breaks it); too few or too many runs, by the paper's Table 1; and an astronomical point,
  one obviously different from the rest, for the team to judge.
- "anhoj": Anhøj & Olesen (2014), "Run charts revisited: a simulation study of run chart rules
  for detection of non-random variation in health care processes", PLoS ONE 9(11): e113825.
  The longest run is too long when it is over round(log2(n) + 3); crossings of the median are
  too few when fewer than the 5th percentile of Binomial(n - 1, 0.5). n counts useful points.

With fewer than 10 useful points no signal is claimed (`enough` is False).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median
from typing import Literal

Method = Literal["ihi", "anhoj"]
SignalKind = Literal[
    "shift", "trend", "too_few_runs", "too_many_runs", "astronomical", "longest_run",
    "few_crossings",
]  # fmt: skip
Direction = Literal["up", "down"]
ENOUGH = 10
SHIFT, TREND = 6, 5
# Perla, Provost & Murray (2011), Table 1: for a number of useful observations (points not on
# the median), the fewest and the most runs expected from random variation alone.
RUNS_TABLE: dict[int, tuple[int, int]] = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12), 16: (5, 13),
    17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16), 22: (7, 17), 23: (7, 17),
    24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (10, 19), 28: (10, 20), 29: (10, 20),
    30: (11, 21),
}  # fmt: skip


@dataclass(frozen=True)
class Signal:
    """One rule that fired, over the points start..end (indexes into the values, inclusive)."""

    kind: SignalKind
    start: int
    end: int
    direction: Direction | None


@dataclass(frozen=True)
class RunReport:
    """What the rules say of a series."""

    method: Method
    median: float | None
    enough: bool
    signals: tuple[Signal, ...]
    runs: int
    crossings: int
    useful: int


def analyse(
    values: Sequence[float], *, method: Method = "ihi", baseline: int | None = None
) -> RunReport:
    """Apply the rules to the values; the median is of the first `baseline` points when given."""
    if not values:
        return RunReport(method, None, False, (), 0, 0, 0)
    centre = float(median(values[:baseline] if baseline else values))
    sides = [_side(v, centre) for v in values]
    useful = [(i, s) for i, s in enumerate(sides) if s]
    runs = _runs(useful)
    crossings = max(len(runs) - 1, 0)
    enough = len(useful) >= ENOUGH
    signals: list[Signal] = []
    if enough:
        if method == "ihi":
            signals += _shifts(runs, SHIFT) + _trends(values) + _run_count(len(useful), len(runs))
        else:
            signals += _anhoj(runs, len(useful), crossings)
    return RunReport(method, centre, enough, tuple(signals), len(runs), crossings, len(useful))


def _side(value: float, centre: float) -> int:
    return 0 if value == centre else (1 if value > centre else -1)


Run = tuple[int, int, int, int]  # first index, last index, side, useful points in it


def _runs(useful: list[tuple[int, int]]) -> list[Run]:
    """Return the runs; points on the median are inside a run's span but never counted."""
    runs: list[Run] = []
    for index, side in useful:
        if runs and runs[-1][2] == side:
            first, _, _, count = runs[-1]
            runs[-1] = (first, index, side, count + 1)
        else:
            runs.append((index, index, side, 1))
    return runs


def _shifts(runs: list[Run], least: int) -> list[Signal]:
    return [
        Signal("shift", first, last, "up" if side > 0 else "down")
        for first, last, side, count in runs
        if count >= least
    ]


def _trends(values: Sequence[float]) -> list[Signal]:
    """Find 5 or more points in a row all going up or all down; a repeated value is skipped."""
    kept = [i for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    ways = [1 if values[b] > values[a] else -1 for a, b in pairwise(kept)]
    found: list[Signal] = []
    start = 0
    for at in range(1, len(ways) + 1):
        if at < len(ways) and ways[at] == ways[start]:
            continue
        if at - start + 1 >= TREND:  # `at - start` steps join that many points plus one
            way: Direction = "up" if ways[start] > 0 else "down"
            found.append(Signal("trend", kept[start], kept[at], way))
        start = at
    return found


def _run_count(useful: int, runs: int) -> list[Signal]:
    limits = RUNS_TABLE.get(min(useful, max(RUNS_TABLE)))
    if limits is None:
        return []
    fewest, most = limits
    if runs < fewest:
        return [Signal("too_few_runs", 0, useful - 1, None)]
    if runs > most:
        return [Signal("too_many_runs", 0, useful - 1, None)]
    return []


def _anhoj(runs: list[Run], useful: int, crossings: int) -> list[Signal]:
    found = []
    longest_allowed = round(math.log2(useful) + 3)
    for first, last, side, count in runs:
        if count > longest_allowed:
            found.append(Signal("longest_run", first, last, "up" if side > 0 else "down"))
    if crossings < _binomial_quantile(useful - 1, 0.05):
        found.append(Signal("few_crossings", 0, useful - 1, None))
    return found


def _binomial_quantile(n: int, p: float) -> int:
    """Return the smallest k with P(X <= k) >= p for X ~ Binomial(n, 1/2)."""
    total = 0.0
    for k in range(n + 1):
        total += math.comb(n, k) / 2**n
        if total >= p:
            return k
    return n
