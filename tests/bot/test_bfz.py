"""Functional zero by Built for Zero's published benchmarks."""

from __future__ import annotations

import pytest

from bot.bfz import ZeroStatus, functional_zero, inflow, outflow

# fmt: off
CASES = [
    # why: veterans: 12 active, placing 10 a month on average: 3 fewer reach "fewer than 10"
    ("veterans", 12, [9, 10, 11], None, ZeroStatus("veterans", False, 10.0, 3.0)),
    # why: fewer actively homeless than the rate: reached
    ("veterans", 8, [9, 10, 11], None, ZeroStatus("veterans", True, 10.0, 0.0)),
    # why: equal to the rate is not fewer
    ("veterans", 10, [10, 10], None, ZeroStatus("veterans", False, 10.0, 1.0)),
    # why: chronic: at most 3 when 0.1% of the count is smaller
    ("chronic", 3, [], 1200, ZeroStatus("chronic", True, 3.0, 0.0)),
    # why: chronic: 0.1% of a large count is the greater
    ("chronic", 6, [], 5000, ZeroStatus("chronic", False, 5.0, 1.0)),
    # why: zero is always functional zero
    ("chronic", 0, [], None, ZeroStatus("chronic", True, 3.0, 0.0)),
]
# fmt: on


@pytest.mark.parametrize(("population", "active", "placements", "pit", "expected"), CASES)
def test_functional_zero(
    population: str, active: float, placements: list[float], pit: float | None,
    expected: ZeroStatus,
) -> None:  # fmt: skip
    assert functional_zero(population, active, placements, pit) == expected  # type: ignore[arg-type]


def test_inflow_and_outflow() -> None:
    month: dict[str, float] = {"actively_homeless": 30, "newly_identified": 6,
                               "returned_from_housing": 1, "returned_from_inactive": 2,
                               "housed": 12, "moved_to_inactive": 3}  # fmt: skip
    assert (inflow(month), outflow(month)) == (9, 15)
