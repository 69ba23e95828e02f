"""Run-chart rules: is a measure's variation a signal of change, or noise?

Two published sets of rules, applied to values in time order against their median:

- "ihi": Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool for learning
  from variation in healthcare processes. BMJ Qual Saf 2011;20:46-51. doi:10.1136/bmjqs.2009.037895
  A shift is 6 or more consecutive points on one side of the median (points on the median neither
  break nor add to it); a trend is 5 or more consecutive points all going up or all going down
  (of like values in a row only one counts); too few or too many runs against Table 1 of the paper;
  an astronomical point is an obviously different value (see `_astronomical`: a heuristic of ours,
  for the team to judge).
- "anhoj": Anhøj J, Olesen AV. Run charts revisited: a simulation study of run chart rules for
  detection of non-random variation in health care processes. PLoS ONE 2014;9(11):e113825.
  doi:10.1371/journal.pone.0113825
  An unusually long run if the longest run of useful points on one side of the median is longer
  than round(log2(n) + 3); too few crossings of the median if they are fewer than the lower 5%
  quantile of the binomial distribution (n - 1, 0.5); n is the useful observations (points on the
  median are ignored).

Pure: no I/O, no platform, no clock. With fewer than 10 points nothing is judged (`enough`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import median as _median
from typing import Literal

Method = Literal["ihi", "anhoj"]
Kind = Literal[
    "shift",
    "trend",
    "too_few_runs",
    "too_many_runs",
    "astronomical",
    "longest_run",
    "few_crossings",
]
Direction = Literal["up", "down"]

MIN_POINTS = 10  # both papers: fewer points than this cannot tell a signal from noise
SHIFT_POINTS = 6  # Perla et al. 2011, rule 1
TREND_POINTS = 5  # Perla et al. 2011, rule 2

# Perla et al. 2011, Table 1 ("Tests for number of runs above and below the median", after Swed &
# Eisenhart 1943, about a 5% risk of a false signal): useful observations -> (lower, upper). Fewer
# runs than `lower` is "too few", more than `upper` is "too many". Beyond 60 useful observations the
# same limits are worked out from the exact runs distribution (`exact_runs_limits`).
RUNS_TABLE: dict[int, tuple[int, int]] = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12),
    16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16),
    22: (7, 17), 23: (7, 17), 24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (10, 19),
    28: (10, 20), 29: (10, 20), 30: (11, 21), 31: (11, 22), 32: (11, 22), 33: (11, 23),
    34: (12, 23), 35: (13, 24), 36: (13, 24), 37: (13, 25), 38: (14, 26), 39: (14, 26),
    40: (15, 27), 41: (16, 27), 42: (16, 28), 43: (17, 28), 44: (17, 29), 45: (17, 30),
    46: (17, 30), 47: (18, 31), 48: (18, 31), 49: (19, 32), 50: (19, 32), 51: (20, 33),
    52: (21, 33), 53: (21, 34), 54: (22, 34), 55: (22, 35), 56: (23, 35), 57: (23, 36),
    58: (24, 36), 59: (24, 37), 60: (25, 37),
}  # fmt: skip

# The astronomical-point heuristic (ours; the paper leaves it to judgement): the point furthest
# from the median is flagged when it is more than HAMPEL_K robust standard deviations from the
# median (the Hampel identifier, 1.4826 x the median absolute deviation) and at least FAR_RATIO
# times as far from the median as any other point.
HAMPEL_K = 3.0
MAD_TO_SD = 1.4826
FAR_RATIO = 2.0
FLAT_SHARE = 0.5  # with no median spread, a point must be this share of the median away


@dataclass(frozen=True)
class Signal:
    """One signal: which rule, the points it spans (0-based, inclusive) and its direction."""

    kind: Kind
    start: int
    end: int
    direction: Direction | None
    counted: int = 0  # the points the rule counted (points on the median and repeats aside)


@dataclass(frozen=True)
class RunReport:
    """What the rules found in a series of values."""

    method: Method
    median: float | None
    enough: bool
    signals: tuple[Signal, ...]
    runs: int | None
    crossings: int | None
    useful: int
    points: int = 0
    runs_limits: tuple[int, int] | None = None  # IHI: (fewest, most) runs that are not a signal
    longest_run: int | None = None
    longest_run_limit: int | None = None  # Anhøj: a longer run is a signal
    crossings_limit: int | None = None  # Anhøj: fewer crossings are a signal


def analyse(
    values: Sequence[float], *, method: Method = "ihi", baseline: int | None = None
) -> RunReport:
    """Apply the run-chart rules of `method` to values in time order.

    `baseline`: the number of first points whose median is frozen as the centre line; the rules
    are then applied to every point against that line.
    """
    points = [float(value) for value in values]
    if baseline is not None and baseline < 1:
        raise ValueError("baseline must be at least 1 point")
    base = points[:baseline] if baseline is not None else points
    centre = float(_median(base)) if base else None
    sides = _sides(points, centre)
    useful = sum(1 for side in sides if side is not None)
    runs = _runs(sides)
    report = RunReport(
        method=method,
        median=centre,
        enough=len(points) >= MIN_POINTS,
        signals=(),
        runs=len(runs) if runs else None,
        crossings=len(runs) - 1 if runs else None,
        useful=useful,
        points=len(points),
        longest_run=max((len(run) for run in runs), default=None),
    )
    if not report.enough or centre is None:
        return report
    if method == "anhoj":
        return _anhoj(report, runs, sides)
    return _ihi(report, points, sides, runs, centre)


def _sides(points: Sequence[float], centre: float | None) -> list[Direction | None]:
    """Say for each point whether it is above ("up"), below ("down") or on the centre line."""
    if centre is None:
        return [None] * len(points)
    return [None if value == centre else "up" if value > centre else "down" for value in points]


def _runs(sides: Sequence[Direction | None]) -> list[list[int]]:
    """Group the indices of useful points into runs on one side; skip points on the median."""
    runs: list[list[int]] = []
    previous: Direction | None = None
    for index, side in enumerate(sides):
        if side is None:
            continue
        if side == previous:
            runs[-1].append(index)
        else:
            runs.append([index])
            previous = side
    return runs


def _ihi(
    report: RunReport,
    points: Sequence[float],
    sides: Sequence[Direction | None],
    runs: Sequence[Sequence[int]],
    centre: float,
) -> RunReport:
    signals = [
        Signal("shift", run[0], run[-1], sides[run[0]], len(run))
        for run in runs
        if len(run) >= SHIFT_POINTS
    ]
    signals += _trends(points)
    limits = runs_limits(report.useful)
    if limits is not None and report.runs is not None:
        lower, upper = limits
        if report.runs < lower:
            signals.append(Signal("too_few_runs", 0, len(points) - 1, None, report.useful))
        elif report.runs > upper:
            signals.append(Signal("too_many_runs", 0, len(points) - 1, None, report.useful))
    far = _astronomical(points, centre)
    if far is not None:
        signals.append(
            Signal("astronomical", far, far, "up" if points[far] > centre else "down", 1)
        )
    return replace(report, signals=_in_order(signals), runs_limits=limits)


def _trends(points: Sequence[float]) -> list[Signal]:
    """Find runs of 5 or more points all going up or all going down; like values count once."""
    kept = [index for index, value in enumerate(points) if index == 0 or value != points[index - 1]]
    signals: list[Signal] = []
    start = 0  # position in `kept` where the current monotone stretch begins
    for position in range(1, len(kept) + 1):
        if position < len(kept) and (position - start < 2 or _same_way(points, kept, position)):
            continue
        if position - start >= TREND_POINTS:
            rising = points[kept[start + 1]] > points[kept[start]]
            direction: Direction = "up" if rising else "down"
            span = kept[start], kept[position - 1]
            signals.append(Signal("trend", *span, direction, position - start))
        start = position - 1
    return signals


def _same_way(points: Sequence[float], kept: Sequence[int], position: int) -> bool:
    before = points[kept[position - 1]] - points[kept[position - 2]]
    now = points[kept[position]] - points[kept[position - 1]]
    return (before > 0) == (now > 0)


def _astronomical(points: Sequence[float], centre: float) -> int | None:
    """Return the index of an obviously different point, if one stands out (for the team to judge).

    The point furthest from the median, when it is more than 3 robust standard deviations away
    (the Hampel identifier) and at least twice as far out as any other point. Where most points
    sit on the median (no median spread), the mean absolute deviation stands in, and the point
    must also be more than half the median's size away from it: 5, 5, 5 … 6 is not astronomical,
    0, 0, 0 … 40 is.
    """
    distances = [abs(value - centre) for value in points]
    furthest = max(range(len(points)), key=distances.__getitem__)
    far = distances[furthest]
    others = distances[:furthest] + distances[furthest + 1 :]
    spread = float(_median(distances))
    if spread == 0:
        spread = sum(distances) / len(distances)
        if spread == 0 or far <= FLAT_SHARE * abs(centre):
            return None
    beyond = far > HAMPEL_K * MAD_TO_SD * spread
    apart = far >= FAR_RATIO * max(others, default=0.0)
    return furthest if beyond and apart else None


def _anhoj(
    report: RunReport, runs: Sequence[Sequence[int]], sides: Sequence[Direction | None]
) -> RunReport:
    useful = report.useful
    if useful == 0:
        return report
    longest_limit = longest_run_limit(useful)
    crossings_limit = fewest_crossings(useful)
    signals: list[Signal] = []
    longest = max(runs, key=len)
    if len(longest) > longest_limit:
        signals.append(
            Signal("longest_run", longest[0], longest[-1], sides[longest[0]], len(longest))
        )
    if report.crossings is not None and report.crossings < crossings_limit:
        signals.append(Signal("few_crossings", 0, len(sides) - 1, None, useful))
    return replace(
        report,
        signals=_in_order(signals),
        longest_run_limit=longest_limit,
        crossings_limit=crossings_limit,
    )


def _in_order(signals: list[Signal]) -> tuple[Signal, ...]:
    return tuple(sorted(signals, key=lambda signal: (signal.start, signal.end)))


def longest_run_limit(useful: int) -> int:
    """Return Anhøj's longest run that is still noise for `useful` observations."""
    return round(math.log2(useful) + 3)


def fewest_crossings(useful: int) -> int:
    """Return Anhøj's fewest crossings that are still noise: the 5% quantile of Bin(n - 1, 0.5)."""
    return binomial_quantile(0.05, useful - 1)


def binomial_quantile(probability: float, trials: int) -> int:
    """Return the smallest k with P(X <= k) >= probability for X ~ Bin(trials, 1/2), exactly."""
    total = 2**trials
    cumulative = 0
    for k in range(trials + 1):
        cumulative += math.comb(trials, k)
        if cumulative >= probability * total:
            return k
    return trials


def runs_limits(useful: int) -> tuple[int, int] | None:
    """Return the (lower, upper) runs limits for `useful` observations, or None under 10."""
    if useful < MIN_POINTS:
        return None
    return RUNS_TABLE.get(useful) or exact_runs_limits(useful)


def exact_runs_limits(useful: int, tail: float = 0.025) -> tuple[int, int]:
    """Work out runs limits from the exact distribution of runs (Swed & Eisenhart 1943)."""
    above = useful // 2
    below = useful - above
    chances = {runs: _runs_chance(above, below, runs) for runs in range(2, useful + 1)}
    lower = max(r for r in chances if sum(p for k, p in chances.items() if k < r) <= tail)
    upper = min(r for r in chances if sum(p for k, p in chances.items() if k > r) <= tail)
    return lower, upper


def _runs_chance(first: int, second: int, runs: int) -> float:
    """Return the chance of exactly `runs` runs in a random order of two kinds of points."""
    half, odd = divmod(runs, 2)
    if not odd:
        ways = 2 * math.comb(first - 1, half - 1) * math.comb(second - 1, half - 1)
    else:
        ways = math.comb(first - 1, half - 1) * math.comb(second - 1, half) + math.comb(
            first - 1, half
        ) * math.comb(second - 1, half - 1)
    return ways / math.comb(first + second, first)
