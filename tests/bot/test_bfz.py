"""Built for Zero arithmetic on worked numbers (bot/bfz.py)."""

from __future__ import annotations

import pytest

from bot.bfz import (
    MEASURES,
    Month,
    ZeroStatus,
    balances,
    expected_actively_homeless,
    functional_zero,
    inflow,
    month_inflow,
    month_outflow,
    outflow,
)

NOVEMBER = Month(
    actively_homeless=98,
    newly_identified=12,
    returned_from_housing=3,
    returned_from_inactive=2,
    housed=15,
    moved_to_inactive=4,
)


def test_inflow_and_outflow() -> None:
    assert inflow(12, 3, 2) == 17
    assert outflow(15, 4) == 19
    assert (month_inflow(NOVEMBER), month_outflow(NOVEMBER)) == (17, 19)


def test_a_month_adds_up_from_the_last() -> None:
    assert expected_actively_homeless(100, NOVEMBER) == 98  # 100 + 17 - 19
    assert balances(100, NOVEMBER)
    assert not balances(101, NOVEMBER)


def test_the_template_has_the_six_measures() -> None:
    assert [m.key for m in MEASURES] == [
        "actively_homeless",
        "newly_identified",
        "returned_from_housing",
        "returned_from_inactive",
        "housed",
        "moved_to_inactive",
    ]
    assert [m.name for m in MEASURES if m.higher_is_better] == ["Housed"]


SIX_MONTHS = [8, 10, 12, 9, 11, 10]  # mean 10 a month


@pytest.mark.parametrize(
    ("actively", "placements", "expected"),
    [
        # why: 9 actively homeless is fewer than the 10 housed a month: functional zero
        (9, SIX_MONTHS, ZeroStatus("veterans", True, 9, 10.0, 9, 0, 6)),
        # why: exactly the rate is not "fewer than": one more to go
        (10, SIX_MONTHS, ZeroStatus("veterans", False, 10, 10.0, 9, 1, 6)),
        # why: far from it: 25 against a rate of 10 is 16 to go
        (25, SIX_MONTHS, ZeroStatus("veterans", False, 25, 10.0, 9, 16, 6)),
        # why: only the last 6 months count: the big month 7 months ago is left out
        (1, [30, 1, 1, 1, 1, 1, 1], ZeroStatus("veterans", False, 1, 1.0, 0, 1, 6)),
        # why: a rate of 10.5 a month allows 10
        (10, [10, 11], ZeroStatus("veterans", True, 10, 10.5, 10, 0, 2)),
        # why: no placements reported yet: no proven rate, so no benchmark and no gap
        (4, [], ZeroStatus("veterans", False, 4, None, None, None, 0)),
        (0, [0, 0], ZeroStatus("veterans", False, 0, None, None, None, 2)),
    ],
)
def test_veterans_functional_zero(
    actively: int, placements: list[int], expected: ZeroStatus
) -> None:
    assert functional_zero("veterans", actively, placements, None) == expected


@pytest.mark.parametrize(
    ("actively", "pit", "expected"),
    [
        # why: zero is functional zero
        (0, 1500, ZeroStatus("chronic", True, 0, 3.0, 3, 0)),
        # why: 0.1% of 1,500 is 1.5, so the floor of 3 applies: 3 is reached
        (3, 1500, ZeroStatus("chronic", True, 3, 3.0, 3, 0)),
        # why: 4 is one too many
        (4, 1500, ZeroStatus("chronic", False, 4, 3.0, 3, 1)),
        # why: 0.1% of 12,000 is 12, more than 3: 12 is reached, 13 is not
        (12, 12000, ZeroStatus("chronic", True, 12, 12.0, 12, 0)),
        (13, 12000, ZeroStatus("chronic", False, 13, 12.0, 12, 1)),
        # why: 0.1% of 4,500 is 4.5 people: at most 4 whole people
        (5, 4500, ZeroStatus("chronic", False, 5, 4.5, 4, 1)),
        # why: no point-in-time count known: the floor of 3
        (40, None, ZeroStatus("chronic", False, 40, 3.0, 3, 37)),
    ],
)
def test_chronic_functional_zero(actively: int, pit: int | None, expected: ZeroStatus) -> None:
    assert functional_zero("chronic", actively, [50, 60], pit) == expected


def test_a_shorter_window_can_be_asked_for() -> None:
    status = functional_zero("veterans", 5, SIX_MONTHS, None, months=3)
    assert (status.benchmark, status.months, status.reached) == (10.0, 3, True)


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        functional_zero("chronic", -1, [], 100)
