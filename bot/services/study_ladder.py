"""When each owner of a cycle is asked to Study it: the items' ladder, counted from its end.

For a cycle whose last day is E (as each owner's calendar reads it), with S the first working
day after E:
    ask         S, at the start of the working day ("T-3 ended. What happened?")
    again-1     1 working day after S
    again-3     3 working days after S
    again-7     7 working days after S
    weekly-N    every 5 working days after that
until the cycle is studied. Missed steps coalesce into the latest one, as items' reminders do.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

from bot.services.ladder import (
    WEEK_OF_WORKDAYS,
    Decision,
    Hours,
    Step,
    add_workdays,
    at_start,
    next_working_start,
    within_hours,
)

FIRST_STEP = "ask"


def study_steps(ends_on: date, zone: ZoneInfo, hours: Hours) -> Iterator[Step]:
    """Yield a cycle's Study steps for one owner, in time order (the ladder never ends)."""
    asked = add_workdays(ends_on, 1, hours)
    yield Step(FIRST_STEP, at_start(asked, zone, hours))
    for n in (1, 3, 7):
        yield Step(f"again-{n}", at_start(add_workdays(asked, n, hours), zone, hours))
    for week in count(1):
        day = add_workdays(asked, 7 + WEEK_OF_WORKDAYS * week, hours)
        yield Step(f"weekly-{week}", at_start(day, zone, hours))


def decide_study(
    *,
    ends_on: date,
    paused_until: datetime | None,
    zone: ZoneInfo,
    hours: Hours,
    now: datetime,
) -> Decision:
    """Pick the latest Study step that has fallen due, and when to look again."""
    if paused_until is not None and paused_until > now:
        return Decision(None, paused_until)
    first = next(study_steps(ends_on, zone, hours))
    if first.at > now:
        return Decision(None, first.at)
    if not within_hours(now, zone, hours):
        return Decision(None, next_working_start(now, zone, hours))
    latest: Step | None = None
    for step in study_steps(ends_on, zone, hours):
        if step.at > now:
            return Decision(latest, step.at)
        latest = step
    return Decision(latest, None)  # pragma: no cover - the ladder never ends
