"""The reminder ladder as a table: (due, zone, now) → the step to send and when to look again."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.services.ladder import (
    Hours,
    add_workdays,
    decide,
    ladder,
    next_working_start,
)

NY, LA, LONDON, AUCKLAND = (
    ZoneInfo(z)
    for z in ("America/New_York", "America/Los_Angeles", "Europe/London", "Pacific/Auckland")
)
HOURS = Hours()


def local(zone: ZoneInfo, y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=zone).astimezone(UTC)


def due_day(zone: ZoneInfo, y: int, mo: int, d: int) -> datetime:
    """An all-day due: 17:00 local on that day."""
    return local(zone, y, mo, d, 17)


CREATED = local(NY, 2026, 11, 16, 10)  # Monday Nov 16, 10:00 New York

# (name, due_at, zone, now, expected step, expected look_again)
TABLE = [
    # why: nothing is due before the working day before the due day
    (
        "too early",
        due_day(NY, 2026, 11, 27),
        NY,
        local(NY, 2026, 11, 25, 8),
        None,
        local(NY, 2026, 11, 25, 9),
    ),
    # why: the working day before Friday's due is Thursday; 09:00 opens it
    (
        "before",
        due_day(NY, 2026, 11, 27),
        NY,
        local(NY, 2026, 11, 26, 9),
        "before",
        local(NY, 2026, 11, 27, 9),
    ),
    # why: the due day itself
    (
        "due day",
        due_day(NY, 2026, 11, 27),
        NY,
        local(NY, 2026, 11, 27, 11),
        "due",
        local(NY, 2026, 11, 30, 9),
    ),
    # why: one working day after a Friday due is Monday, not Saturday
    (
        "overdue-1 skips the weekend",
        due_day(NY, 2026, 11, 27),
        NY,
        local(NY, 2026, 11, 30, 9, 30),
        "overdue-1",
        local(NY, 2026, 12, 2, 9),
    ),
    # why: three working days after Friday is Wednesday
    (
        "overdue-3",
        due_day(NY, 2026, 11, 27),
        NY,
        local(NY, 2026, 12, 2, 10),
        "overdue-3",
        local(NY, 2026, 12, 8, 9),
    ),
    # why: seven working days after Friday Nov 27 is Tuesday Dec 8
    (
        "overdue-7",
        due_day(NY, 2026, 11, 27),
        NY,
        local(NY, 2026, 12, 8, 9),
        "overdue-7",
        local(NY, 2026, 12, 15, 9),
    ),
    # why: then weekly, every 5 working days
    (
        "weekly",
        due_day(NY, 2026, 11, 27),
        NY,
        local(NY, 2026, 12, 15, 16),
        "weekly-1",
        local(NY, 2026, 12, 22, 9),
    ),
    # why: after downtime the missed steps coalesce into the latest one
    (
        "coalesced after downtime",
        due_day(NY, 2026, 11, 27),
        NY,
        local(NY, 2026, 12, 9, 9),
        "overdue-7",
        local(NY, 2026, 12, 15, 9),
    ),
    # why: outside working hours nothing is sent; look again when the next working day opens
    (
        "evening waits",
        due_day(NY, 2026, 11, 27),
        NY,
        local(NY, 2026, 11, 27, 18),
        None,
        local(NY, 2026, 11, 30, 9),
    ),
    # why: weekends wait for Monday
    (
        "saturday waits",
        due_day(NY, 2026, 11, 27),
        NY,
        local(NY, 2026, 11, 28, 11),
        None,
        local(NY, 2026, 11, 30, 9),
    ),
    # why: a Saturday due is reminded on Friday (due) and Thursday (before)
    (
        "saturday due",
        due_day(NY, 2026, 11, 28),
        NY,
        local(NY, 2026, 11, 27, 9),
        "due",
        local(NY, 2026, 11, 30, 9),
    ),
    # why: a Monday due's "before" falls on the Friday
    (
        "monday due",
        due_day(NY, 2026, 11, 30),
        NY,
        local(NY, 2026, 11, 27, 10),
        "before",
        local(NY, 2026, 11, 30, 9),
    ),
    # why: each owner's own zone: 09:00 in Los Angeles is 17:00 in London
    (
        "los angeles morning",
        due_day(LA, 2026, 11, 27),
        LA,
        local(LA, 2026, 11, 27, 9),
        "due",
        local(LA, 2026, 11, 30, 9),
    ),
    # why: Auckland's Friday begins while it is Thursday in New York
    (
        "auckland",
        due_day(AUCKLAND, 2026, 11, 27),
        AUCKLAND,
        local(AUCKLAND, 2026, 11, 27, 9),
        "due",
        local(AUCKLAND, 2026, 11, 30, 9),
    ),
    # why: DST ends in New York on Nov 1 2026; 09:00 local moves from 13:00 to 14:00 UTC
    (
        "dst ends",
        due_day(NY, 2026, 11, 3),
        NY,
        datetime(2026, 11, 2, 14, 0, tzinfo=UTC),
        "before",
        datetime(2026, 11, 3, 14, 0, tzinfo=UTC),
    ),
    # why: DST starts in London on Mar 29 2027; 09:00 local moves from 09:00 to 08:00 UTC
    (
        "dst starts",
        due_day(LONDON, 2027, 3, 30),
        LONDON,
        datetime(2027, 3, 29, 8, 0, tzinfo=UTC),
        "before",
        datetime(2027, 3, 30, 8, 0, tzinfo=UTC),
    ),
    # why: a due with a time is reminded at 09:00 that day all the same
    (
        "timed due",
        local(NY, 2026, 11, 27, 15),
        NY,
        local(NY, 2026, 11, 27, 9),
        "due",
        local(NY, 2026, 11, 30, 9),
    ),
]


@pytest.mark.parametrize(
    ("name", "due", "zone", "now", "step", "again"), TABLE, ids=[row[0] for row in TABLE]
)
def test_ladder_table(name, due, zone, now, step, again) -> None:
    decision = decide(
        due_at=due,
        created_at=local(zone, 2026, 10, 1, 9),
        paused_until=None,
        zone=zone,
        hours=HOURS,
        now=now,
    )
    assert (decision.step.name if decision.step else None, decision.look_again) == (step, again)


def test_steps_that_fell_before_the_item_existed_are_never_sent() -> None:
    # Made Thursday at 10:00, due Friday: Thursday's 09:00 "before" step was already past.
    created = local(NY, 2026, 11, 26, 10)
    steps = ladder(due_at=due_day(NY, 2026, 11, 27), created_at=created, zone=NY, hours=HOURS)
    assert [next(steps).name, next(steps).name] == ["due", "overdue-1"]
    decision = decide(
        due_at=due_day(NY, 2026, 11, 27),
        created_at=created,
        paused_until=None,
        zone=NY,
        hours=HOURS,
        now=local(NY, 2026, 11, 26, 11),
    )
    assert decision == decision.__class__(None, local(NY, 2026, 11, 27, 9))


def test_an_item_without_a_due_gets_a_weekly_check_in() -> None:
    steps = ladder(due_at=None, created_at=CREATED, zone=NY, hours=HOURS)
    assert [(s.name, s.at) for s in (next(steps), next(steps))] == [
        ("checkin-1", local(NY, 2026, 11, 23, 9)),
        ("checkin-2", local(NY, 2026, 11, 30, 9)),
    ]


def test_a_pause_holds_everything_until_it_ends() -> None:
    until = local(NY, 2026, 12, 2, 0)
    decision = decide(
        due_at=due_day(NY, 2026, 11, 27),
        created_at=CREATED,
        paused_until=until,
        zone=NY,
        hours=HOURS,
        now=local(NY, 2026, 11, 30, 10),
    )
    assert (decision.step, decision.look_again) == (None, until)
    after = decide(
        due_at=due_day(NY, 2026, 11, 27),
        created_at=CREATED,
        paused_until=until,
        zone=NY,
        hours=HOURS,
        now=local(NY, 2026, 12, 2, 9),
    )
    assert after.step is not None and after.step.name == "overdue-3"


def test_custom_working_hours() -> None:
    hours = Hours.from_minutes(8 * 60 + 30, 16 * 60, "1234")  # Mon–Thu, 08:30–16:00
    assert add_workdays(date(2026, 11, 26), 1, hours) == date(2026, 11, 30)
    assert next_working_start(local(NY, 2026, 11, 27, 10), NY, hours) == local(
        NY, 2026, 11, 30, 8, 30
    )
    assert hours.start == time(8, 30) and Hours.from_minutes(540, 1020, "").days == HOURS.days


def test_add_workdays_backwards_and_zero() -> None:
    assert add_workdays(date(2026, 11, 30), -1, HOURS) == date(2026, 11, 27)
    assert add_workdays(date(2026, 11, 28), 0, HOURS) == date(2026, 11, 28)
