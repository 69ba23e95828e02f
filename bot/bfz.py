"""Built for Zero arithmetic: the monthly by-name-list measures, inflow, outflow, functional zero.

Pure numbers, no I/O. A community in Built for Zero (Community Solutions) keeps a by-name list of
everyone experiencing homelessness in a population and reports each month how many are actively
homeless and how people came onto the list and left it:

    inflow  = newly identified + returned from housing + returned from inactive
    outflow = housed + moved to inactive
    actively homeless this month = actively homeless last month + inflow - outflow

Functional zero, as Community Solutions publishes it:

- Veterans: a community "must have fewer veterans experiencing homelessness than it can routinely
  house in permanent housing in a single month" (Community Solutions, Built for Zero, "Understanding
  functional zero and the federal benchmarks and criteria for ending veteran homelessness",
  7 Nov 2019; builtforzero.org). The pages consulted do not fix the window over which "routinely"
  is averaged; Backbone uses the mean of the last `PLACEMENT_MONTHS` = 6 months reported (fewer
  while fewer are reported) and says so wherever it shows the figure.
- Chronic homelessness: zero, or if not zero, no more than 3 people or 0.1% of the total number
  of individuals in the most recent point-in-time count, whichever is greater (Community
  Solutions, "Functional zero", community.solutions/built-for-zero/functional-zero).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Population = Literal["veterans", "chronic"]

PLACEMENT_MONTHS = 6  # Backbone's window for the average monthly housing placement rate
CHRONIC_FLOOR = 3  # people: the least the chronic benchmark allows
CHRONIC_SHARE = 0.001  # 0.1% of the point-in-time count


@dataclass(frozen=True)
class Measure:
    """One monthly by-name-list measure of the template, and the way the team wants it to go."""

    key: str
    name: str
    higher_is_better: bool
    flow: Literal["stock", "inflow", "outflow"]


MEASURES: tuple[Measure, ...] = (
    Measure("actively_homeless", "Actively homeless", False, "stock"),
    Measure("newly_identified", "Newly identified", False, "inflow"),
    Measure("returned_from_housing", "Returned from housing", False, "inflow"),
    Measure("returned_from_inactive", "Returned from inactive", False, "inflow"),
    Measure("housed", "Housed", True, "outflow"),
    Measure("moved_to_inactive", "Moved to inactive", False, "outflow"),
)


@dataclass(frozen=True)
class Month:
    """One month of by-name-list counts for one population."""

    actively_homeless: int
    newly_identified: int = 0
    returned_from_housing: int = 0
    returned_from_inactive: int = 0
    housed: int = 0
    moved_to_inactive: int = 0


def inflow(newly_identified: int, returned_from_housing: int, returned_from_inactive: int) -> int:
    """Return the month's inflow onto the list: new, returned from housing, back from inactive."""
    return newly_identified + returned_from_housing + returned_from_inactive


def outflow(housed: int, moved_to_inactive: int) -> int:
    """Return the month's outflow from the list: housed and moved to inactive."""
    return housed + moved_to_inactive


def month_inflow(month: Month) -> int:
    """Return a month's inflow."""
    return inflow(month.newly_identified, month.returned_from_housing, month.returned_from_inactive)


def month_outflow(month: Month) -> int:
    """Return a month's outflow."""
    return outflow(month.housed, month.moved_to_inactive)


def expected_actively_homeless(previous: int, month: Month) -> int:
    """Return last month's actively homeless plus this month's inflow less its outflow."""
    return previous + month_inflow(month) - month_outflow(month)


def balances(previous: int, month: Month) -> bool:
    """Tell whether a month's counts add up from last month's (a by-name list data check)."""
    return expected_actively_homeless(previous, month) == month.actively_homeless


@dataclass(frozen=True)
class ZeroStatus:
    """Whether a population is at functional zero by its benchmark, and how far it is.

    `most_allowed`: the largest actively homeless count that meets the benchmark (None when it
    cannot be worked out yet: veterans with no placements reported). `gap`: how many fewer
    actively homeless it takes to get there (0 when reached).
    """

    population: Population
    reached: bool
    actively_homeless: int
    benchmark: float | None
    most_allowed: int | None
    gap: int | None
    months: int = 0  # months of placements averaged (veterans)


def functional_zero(
    population: Population,
    actively_homeless: int,
    recent_housing_placements: Sequence[int],
    point_in_time_count: int | None,
    *,
    months: int = PLACEMENT_MONTHS,
) -> ZeroStatus:
    """Say whether a population is at functional zero, and how far from it.

    `recent_housing_placements`: people housed each month, oldest first (veterans use the last
    `months` of them); `point_in_time_count`: the total individuals in the latest PIT count
    (chronic; None when unknown, and then the floor of 3 applies).
    """
    if actively_homeless < 0:
        raise ValueError("actively homeless cannot be negative")
    if population == "veterans":
        return _veterans(actively_homeless, recent_housing_placements, months)
    benchmark = float(max(CHRONIC_FLOOR, CHRONIC_SHARE * (point_in_time_count or 0)))
    most = math.floor(benchmark)
    return ZeroStatus(
        population="chronic",
        reached=actively_homeless <= most,
        actively_homeless=actively_homeless,
        benchmark=benchmark,
        most_allowed=most,
        gap=max(0, actively_homeless - most),
    )


def _veterans(actively_homeless: int, placements: Sequence[int], months: int) -> ZeroStatus:
    window = list(placements)[-months:] if months > 0 else []
    if not window or sum(window) == 0:
        # No proven placement rate yet: the benchmark cannot be met, and the gap is unknown.
        return ZeroStatus("veterans", False, actively_homeless, None, None, None, len(window))
    rate = sum(window) / len(window)
    most = math.ceil(rate) - 1  # "fewer than" the rate
    return ZeroStatus(
        population="veterans",
        reached=actively_homeless <= most,
        actively_homeless=actively_homeless,
        benchmark=rate,
        most_allowed=most,
        gap=max(0, actively_homeless - most),
        months=len(window),
    )
