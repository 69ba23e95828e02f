"""The reminder ladder: when each owner hears about an item, in their own zone and working hours.

For an item due on day D (D as the owner's calendar reads it):
    before      the working day before the due day, at the start of the working day
    due         the due day (or the last working day before it, if D is a day off)
    overdue-1   1 working day after D
    overdue-3   3 working days after D
    overdue-7   7 working days after D (the third overdue reminder: the item needs help)
    weekly-N    every 5 working days after that
An item with no due date gets `checkin-N` ("still on it?") every 5 working days after it was made.
Steps that fell before the item existed are never sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

WEEK_OF_WORKDAYS = 5
ESCALATION_STEP = "overdue-7"


@dataclass(frozen=True)
class Hours:
    """Working hours in a person's own zone: start and end of day, and which ISO weekdays."""

    start: time = time(9, 0)
    end: time = time(17, 0)
    days: frozenset[int] = frozenset({1, 2, 3, 4, 5})

    @classmethod
    def from_minutes(cls, start: int, end: int, days: str) -> Hours:
        """Build hours from the workspace's stored form (minutes after midnight, "12345")."""
        chosen = frozenset(int(d) for d in days if d in "1234567")
        return cls(time(start // 60, start % 60), time(end // 60, end % 60), chosen or cls.days)

    def is_workday(self, day: date) -> bool:
        """Tell whether a day is a working day."""
        return day.isoweekday() in self.days


@dataclass(frozen=True)
class Step:
    """One rung of the ladder and the instant it falls due."""

    name: str
    at: datetime


def add_workdays(day: date, n: int, hours: Hours) -> date:
    """Move n working days from a day (back when n is negative); n=0 keeps the day."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if hours.is_workday(day):
            remaining -= 1
    return day


def at_start(day: date, zone: ZoneInfo, hours: Hours) -> datetime:
    """Return the start of a day's working hours in a zone, as a UTC instant."""
    return datetime.combine(day, hours.start, tzinfo=zone).astimezone(UTC)


def within_hours(now: datetime, zone: ZoneInfo, hours: Hours) -> bool:
    """Tell whether an instant falls in someone's working hours."""
    local = now.astimezone(zone)
    return hours.is_workday(local.date()) and hours.start <= local.time() < hours.end


def next_working_start(now: datetime, zone: ZoneInfo, hours: Hours) -> datetime:
    """Return the first instant at or after now that is inside working hours."""
    if within_hours(now, zone, hours):
        return now
    day = now.astimezone(zone).date()
    start = at_start(day, zone, hours)
    if hours.is_workday(day) and start > now:
        return start
    return at_start(add_workdays(day, 1, hours), zone, hours)


def _due_steps(due_day: date, zone: ZoneInfo, hours: Hours) -> Iterator[Step]:
    due_rung = due_day if hours.is_workday(due_day) else add_workdays(due_day, -1, hours)
    yield Step("before", at_start(add_workdays(due_rung, -1, hours), zone, hours))
    yield Step("due", at_start(due_rung, zone, hours))
    for n in (1, 3, 7):
        yield Step(f"overdue-{n}", at_start(add_workdays(due_day, n, hours), zone, hours))
    for week in count(1):
        day = add_workdays(due_day, 7 + WEEK_OF_WORKDAYS * week, hours)
        yield Step(f"weekly-{week}", at_start(day, zone, hours))


def _checkin_steps(created_day: date, zone: ZoneInfo, hours: Hours) -> Iterator[Step]:
    for week in count(1):
        day = add_workdays(created_day, WEEK_OF_WORKDAYS * week, hours)
        yield Step(f"checkin-{week}", at_start(day, zone, hours))


def ladder(
    *, due_at: datetime | None, created_at: datetime, zone: ZoneInfo, hours: Hours
) -> Iterator[Step]:
    """Yield an item's steps for one owner, in time order, skipping those before it existed."""
    if due_at is None:
        steps = _checkin_steps(created_at.astimezone(zone).date(), zone, hours)
    else:
        steps = _due_steps(due_at.astimezone(zone).date(), zone, hours)
    return (step for step in steps if step.at > created_at)


@dataclass(frozen=True)
class Decision:
    """What to do now for one owner of one item: send a step (or not), and when to look again."""

    step: Step | None
    look_again: datetime | None


def decide(
    *,
    due_at: datetime | None,
    created_at: datetime,
    paused_until: datetime | None,
    zone: ZoneInfo,
    hours: Hours,
    now: datetime,
) -> Decision:
    """Pick the latest step that has fallen due (missed ones coalesce into it) and the next look."""
    if paused_until is not None and paused_until > now:
        return Decision(None, paused_until)
    if not within_hours(now, zone, hours):
        return Decision(None, next_working_start(now, zone, hours))
    latest: Step | None = None
    for step in ladder(due_at=due_at, created_at=created_at, zone=zone, hours=hours):
        if step.at > now:
            return Decision(latest, step.at)
        latest = step
    return Decision(latest, None)  # pragma: no cover - the ladder never ends
