"""When a goal's owner is asked for a period's value, in their zone and working hours. Pure.

The ask comes once the period is over: a monthly goal's on the first (or its chosen day) of the
next month, a weekly or two-weekly goal's on the Monday after it. A weekly goal reported on a
chosen weekday ("weekly on Fridays") is asked that day of the period's last week: the team
reports the week as it ends.
Reminders follow the items' ladder: 1, 3 and 7 working days after the ask, each at the start of
the owner's working day; then nothing more for that period. Missed steps coalesce into the
latest one, as nudges do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.goal_periods import Period, following, period_of, previous
from bot.services.ladder import (
    Hours,
    Step,
    add_workdays,
    at_start,
    next_working_start,
    within_hours,
)

AGAIN = (1, 3, 7)


@dataclass(frozen=True)
class Plan:
    """What to do now about one goal: ask about a period at a step (or not), and when to look."""

    period: Period | None
    step: Step | None
    look_again: datetime


def ask_day(period: Period, *, day: int | None) -> date:
    """Return the day a period's value is first asked for."""
    after = period.last + timedelta(days=1)
    if period.cadence == "monthly":
        return after.replace(day=day or 1)
    if day is None:
        return after
    return period.last - timedelta(days=6) + timedelta(days=day - 1)


def steps(period: Period, *, day: int | None, zone: ZoneInfo, hours: Hours) -> list[Step]:
    """Return the ask and its reminders for a period, in time order."""
    first = ask_day(period, day=day)
    if not hours.is_workday(first):
        first = add_workdays(first, 1, hours)
    ask = [Step("ask", at_start(first, zone, hours))]
    return ask + [Step(f"again-{n}", at_start(add_workdays(first, n, hours), zone, hours))
                  for n in AGAIN]  # fmt: skip


def plan(
    *,
    cadence: str,
    day: int | None,
    anchor: date,
    made: date,
    reported: set[str],
    zone: ZoneInfo,
    hours: Hours,
    now: datetime,
) -> Plan:
    """Pick the step due now for the latest period asked about and not reported, and the next look.

    The latest period whose ask has come wins: once the next period is asked about, the last
    one's remaining reminders are dropped (one question at a time).
    """
    if not within_hours(now, zone, hours):
        return Plan(None, None, next_working_start(now, zone, hours))
    current = period_of(now.astimezone(zone).date(), cadence, anchor=anchor)
    periods = [current, previous(current, anchor=anchor)]
    ahead = [steps(following(current, anchor=anchor), day=day, zone=zone, hours=hours)[0].at]
    for period in periods:
        ladder = steps(period, day=day, zone=zone, hours=hours)
        passed = [step for step in ladder if step.at <= now]
        if not passed:
            ahead.append(ladder[0].at)
            continue
        if period.key in reported or period.last < made:
            break  # answered, or the goal did not exist yet: nothing to ask until the next ask
        later = [step.at for step in ladder if step.at > now]
        return Plan(period, passed[-1], min([*later, *ahead]))
    return Plan(None, None, min(ahead))


def next_period(period: Period, *, anchor: date) -> Period:
    """Return the period after one (for the words of a check-in)."""
    return following(period, anchor=anchor)
