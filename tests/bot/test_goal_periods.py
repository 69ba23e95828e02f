"""Which period a report is for, and when an owner is asked for it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.errors import InvalidInput
from bot.goal_periods import period_of, read_period
from bot.goal_schedule import Plan, plan
from bot.services.ladder import Hours

TODAY = date(2026, 12, 3)  # a Thursday
ANCHOR = date(2026, 11, 2)  # the goal was made on a Monday
LA = ZoneInfo("America/Los_Angeles")

# fmt: off
PERIODS = [
    ("", "monthly", "2026-12", "December"),  # why: no period: the current one
    ("for November", "monthly", "2026-11", "November"),  # why: its latest occurrence begun
    ("for March", "monthly", "2026-03", "March"),
    ("for December", "monthly", "2026-12", "December"),  # why: this month has begun
    ("for November 2025", "monthly", "2025-11", "November 2025"),
    ("for 2025-11", "monthly", "2025-11", "November 2025"),
    ("last month", "monthly", "2026-11", "November"),
    ("for nov.", "monthly", "2026-11", "November"),
    ("for the week of Nov 2", "weekly", "2026-11-02", "the week of Nov 2"),
    ("for the week of Nov 4", "weekly", "2026-11-02", "the week of Nov 2"),  # why: its Monday
    ("for week of 11/23", "weekly", "2026-11-23", "the week of Nov 23"),
    ("last week", "weekly", "2026-11-23", "the week of Nov 23"),
    ("", "biweekly", "2026-11-30", "the 2 weeks from Nov 30"),  # why: blocks from the anchor
    ("last week", "biweekly", "2026-11-16", "the 2 weeks from Nov 16"),
]
# fmt: on


@pytest.mark.parametrize(("words", "cadence", "key", "label"), PERIODS)
def test_periods_as_people_name_them(words: str, cadence: str, key: str, label: str) -> None:
    period = read_period(words, cadence, today=TODAY, anchor=ANCHOR)
    assert (period.key, period.label(TODAY)) == (key, label)


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("for Smarch", "I couldn't tell which period “for Smarch” is"),  # why: no such month
        ("for January 2027", "hasn't started yet"),  # why: a future period has no value
        ("for the week of Feb 30", "I couldn't tell"),  # why: no such day
    ],
)
def test_periods_that_cannot_be_reported(words: str, said: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_period(words, "monthly" if "week" not in words else "weekly", today=TODAY,
                    anchor=ANCHOR)  # fmt: skip
    assert said in refused.value.message


def la(day: int, hour: int, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=LA).astimezone(UTC)


def monthly(now: datetime, *, day: int | None = None, reported: frozenset[str] = frozenset()):
    return plan(cadence="monthly", day=day, anchor=ANCHOR, made=ANCHOR, reported=set(reported),
                zone=LA, hours=Hours(), now=now)  # fmt: skip


def test_a_monthly_goal_is_asked_about_the_month_on_the_first_working_day_after_it() -> None:
    decided = monthly(la(1, 9))  # Tuesday Dec 1, 09:00 in Los Angeles
    assert decided.period is not None and decided.step is not None
    assert (decided.period.key, decided.step.name) == ("2026-11", "ask")
    assert decided.look_again == la(2, 9)  # the first reminder, a working day later


def test_missed_steps_coalesce_into_the_latest() -> None:
    decided = monthly(la(10, 11))  # Thursday Dec 10: ask, again-1, again-3 and again-7 passed
    assert decided.step is not None and decided.step.name == "again-7"
    assert decided.look_again == datetime(2027, 1, 1, 9, tzinfo=LA).astimezone(UTC)


def test_a_reported_period_is_not_asked_about() -> None:
    decided = monthly(la(2, 10), reported=frozenset({"2026-11"}))
    assert (decided.period, decided.step) == (None, None)


def test_outside_working_hours_nothing_is_sent() -> None:
    decided = monthly(la(1, 7))
    assert (decided.step, decided.look_again) == (None, la(1, 9))


def test_monthly_on_a_day_waits_for_that_day() -> None:
    decided = monthly(la(3, 10), day=5)  # the 5th of December is a Saturday: Monday the 7th
    assert decided.step is None
    assert decided.look_again == la(7, 9)


def test_a_goal_made_after_a_period_ended_is_not_asked_about_it() -> None:
    decided = plan(cadence="monthly", day=None, anchor=TODAY, made=TODAY, reported=set(),
                   zone=LA, hours=Hours(), now=la(3, 10))  # fmt: skip
    assert decided.step is None


def test_weekly_periods_run_monday_to_sunday() -> None:
    week = period_of(date(2026, 12, 6), "weekly", anchor=ANCHOR)
    assert (week.first, week.last) == (date(2026, 11, 30), date(2026, 12, 6))


def test_weekly_on_fridays_asks_about_the_week_as_it_ends() -> None:
    def weekly(now: datetime) -> Plan:
        return plan(cadence="weekly", day=5, anchor=date(2026, 11, 30), made=date(2026, 11, 30),
                    reported=set(), zone=LA, hours=Hours(), now=now)  # fmt: skip

    before = weekly(la(3, 10))
    assert (before.step, before.look_again) == (None, la(4, 9))
    friday = weekly(la(4, 9))
    assert friday.period is not None and friday.step is not None
    assert (friday.period.key, friday.step.name) == ("2026-11-30", "ask")
    assert friday.look_again == la(7, 9)  # the first reminder, a working day later


def test_a_new_ask_replaces_the_last_periods_reminders() -> None:
    # Weekly from Monday: on Monday Dec 7 the week of Nov 30 is asked about; the week of Nov 23
    # (not reported either) gets no more reminders.
    decided = plan(cadence="weekly", day=None, anchor=ANCHOR, made=ANCHOR, reported=set(),
                   zone=LA, hours=Hours(), now=la(7, 9))  # fmt: skip
    assert decided.period is not None and decided.step is not None
    assert (decided.period.key, decided.step.name) == ("2026-11-30", "ask")
