"""The public page's numbers: weeks of commitments, and no small count given away."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services.progress_counts import (
    WeekNumbers,
    counted,
    in_blocks,
    mostly_hidden,
    total_of,
    week_starts,
    weekly_numbers,
)
from storage.digest_rows import ItemFacts

FEWER = "fewer than {n}"
NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)  # Friday 1pm in New York


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "fewer than 11"),  # why: zero is a small count too
        (10, "fewer than 11"),  # why: just under the threshold
        (11, "11"),  # why: the threshold itself shows
        (1204, "1,204"),  # why: big numbers read with a comma
    ],
)
def test_small_counts_are_words(value: int, shown: str) -> None:
    assert counted(value, 11, fewer=FEWER) == shown


@pytest.mark.parametrize(
    ("values", "total"),
    [
        ([12, 15, 20], "47"),  # why: nothing hidden, the total shows
        ([12, 15, 3], "—"),  # why: one hidden: 30 less 27 would tell it was 3
        ([12, 4, 3], "19"),  # why: two hidden: their sum tells neither
        ([2, 3, 1], "fewer than 11"),  # why: the total is itself small
    ],
)
def test_a_total_never_tells_the_one_hidden_count(values: list[int], total: str) -> None:
    assert total_of(values, 11, fewer=FEWER) == total


def test_weeks_run_monday_to_sunday_in_the_zone_this_week_last() -> None:
    starts = week_starts(NOW, NY)
    assert (len(starts), starts[-1], starts[0]) == (12, date(2026, 11, 30), date(2026, 9, 14))


def item(number: int, created: datetime, *, done: datetime | None = None,
         due: datetime | None = None) -> ItemFacts:  # fmt: skip
    return ItemFacts(
        number=number, title="t", status="done" if done else "open", owners=("U1",),
        created_at=created, closed_at=done, due_at=due, due_all_day=False, due_tz=None,
        source_url=None, needs_help=False, needs_owner=False,
    )  # fmt: skip


def test_made_done_and_done_on_time_by_week() -> None:
    monday = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    last_week = monday - timedelta(days=7)
    items = [
        item(1, last_week, done=monday + timedelta(hours=1), due=monday + timedelta(days=1)),
        item(2, last_week, done=monday + timedelta(days=2), due=monday + timedelta(days=1)),
        item(3, monday, due=monday + timedelta(days=2)),  # overdue, still open
        item(4, monday + timedelta(hours=2)),
    ]
    weeks = weekly_numbers(items, now=NOW, zone=NY)
    assert [(w.made, w.done, w.on_time) for w in weeks[-2:]] == [(2, 0, 0), (2, 2, 1)]
    assert sum(w.made for w in weeks[:-2]) == 0


def weeks_of(*made: int) -> list[WeekNumbers]:
    first = date(2026, 9, 7)
    return [WeekNumbers(first + timedelta(weeks=n), m, m, m) for n, m in enumerate(made)]


@pytest.mark.parametrize(
    ("made", "hidden"),
    [
        ([3] * 12, True),  # why: a small team's weeks would all read "fewer than 11"
        ([12] * 12, False),  # why: a busy channel keeps its weeks
        ([12] * 6 + [3] * 6, False),  # why: half hidden is not "mostly"
        ([12] * 5 + [3] * 7, True),  # why: more than half hidden
    ],
)
def test_weeks_add_up_four_at_a_time_when_most_would_be_hidden(
    made: list[int], hidden: bool
) -> None:
    assert mostly_hidden(weeks_of(*made), 11) is hidden


def test_blocks_of_four_weeks_keep_their_first_monday_and_add_every_number() -> None:
    blocks = in_blocks(weeks_of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
    assert blocks == [
        WeekNumbers(date(2026, 9, 7), 10, 10, 10),
        WeekNumbers(date(2026, 10, 5), 26, 26, 26),
        WeekNumbers(date(2026, 11, 2), 42, 42, 42),
    ]
