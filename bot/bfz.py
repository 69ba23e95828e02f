"""Built for Zero measures: what a by-name-list community reports monthly, and functional zero.

Sources (Community Solutions, Built for Zero):
- Veterans: functional zero is reached when the number of veterans actively experiencing
  homelessness is less than the community's average monthly housing placement rate for
  veterans (community.solutions, "Functional zero", the veteran benchmark).
- Chronic: the number actively experiencing chronic homelessness is zero, or at most 3 or
  0.1% of the most recent point-in-time count, whichever is greater (the same source, the
  chronic benchmark).
Inflow is newly identified + returned from housing + returned from inactive; outflow is housed +
moved to inactive (Built for Zero's by-name data dictionary).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Population = Literal["veterans", "chronic"]
MEASURES: tuple[tuple[str, str], ...] = (
    ("actively_homeless", "Actively homeless"),
    ("newly_identified", "Newly identified"),
    ("returned_from_housing", "Returned from housing"),
    ("returned_from_inactive", "Returned from inactive"),
    ("housed", "Housed"),
    ("moved_to_inactive", "Moved to inactive"),
)
INFLOW = ("newly_identified", "returned_from_housing", "returned_from_inactive")
OUTFLOW = ("housed", "moved_to_inactive")
POPULATIONS: dict[str, Population] = {
    "veteran": "veterans", "veterans": "veterans", "vets": "veterans",
    "chronic": "chronic", "chronically": "chronic", "chronically homeless": "chronic",
}  # fmt: skip


def inflow(month: dict[str, float]) -> float:
    """Return a month's inflow: people who came onto the active list."""
    return sum(month.get(key, 0.0) for key in INFLOW)


def outflow(month: dict[str, float]) -> float:
    """Return a month's outflow: people who left the active list."""
    return sum(month.get(key, 0.0) for key in OUTFLOW)


@dataclass(frozen=True)
class ZeroStatus:
    """How far a population is from functional zero by its benchmark."""

    population: Population
    reached: bool
    benchmark: float  # the most actively homeless the benchmark allows (veterans: fewer than)
    distance: float  # how many fewer actively homeless people it takes; 0 when reached


def functional_zero(
    population: Population,
    actively_homeless: float,
    recent_housing_placements: Sequence[float],
    point_in_time_count: float | None = None,
) -> ZeroStatus:
    """Say whether a population is at functional zero, and how far from it."""
    if population == "veterans":
        rate = (
            sum(recent_housing_placements) / len(recent_housing_placements)
            if (recent_housing_placements)
            else 0.0
        )
        reached = actively_homeless < rate
        # Fewer than the rate: the smallest drop that brings the count under it.
        distance = 0.0 if reached else float(math.floor(actively_homeless - rate) + 1)
        return ZeroStatus(population, reached, rate, distance)
    allowed = max(3.0, 0.001 * (point_in_time_count or 0.0))
    reached = actively_homeless <= allowed
    return ZeroStatus(population, reached, allowed, max(actively_homeless - allowed, 0.0))
