"""The periods a goal's values belong to: months, weeks, or two-week blocks. Pure.

A monthly period is keyed "2026-11"; a weekly one by its Monday, "2026-11-02"; a two-week one by
the Monday that starts it, blocks counted from the Monday of the week the goal was made.
`read_period` reads what people write after "for": "November" (its latest occurrence that has
begun), "November 2025", "2025-11", "last month", "the week of Nov 2", "last week".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.errors import InvalidInput

if TYPE_CHECKING:
    from storage.models import Goal

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
MONTH_WORDS = (
    {name: i + 1 for i, name in enumerate(MONTHS)}
    | {name[:3]: i + 1 for i, name in enumerate(MONTHS)}
    | {"sept": 9}
)
CADENCES = ("weekly", "biweekly", "monthly")
_MONTH = re.compile(r"(?:the\s+month\s+of\s+)?([a-z]+)\.?(?:,?\s+(\d{4}))?", re.IGNORECASE)
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_WEEK = re.compile(
    r"(?:the\s+)?(?:week|2\s+weeks|two\s+weeks)\s+(?:of|from|starting)\s+(.+)", re.IGNORECASE
)
_DAY = re.compile(
    r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?"
    r"|(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    """One period of a goal: its key, first day and last day."""

    key: str
    first: date
    last: date
    cadence: str

    def label(self, today: date | None = None) -> str:
        """Say the period as people do: "November", "November 2025", "the week of Nov 2"."""
        if self.cadence == "monthly":
            name = MONTHS[self.first.month - 1].capitalize()
            return (
                name
                if today is not None and today.year == self.first.year
                else (f"{name} {self.first.year}")
            )
        what = "the week of" if self.cadence == "weekly" else "the 2 weeks from"
        year = "" if today is not None and today.year == self.first.year else f", {self.first.year}"
        return f"{what} {self.first:%b} {self.first.day}{year}"


def monday(day: date) -> date:
    """Return the Monday of a day's week."""
    return day - timedelta(days=day.weekday())


def period_of(day: date, cadence: str, *, anchor: date) -> Period:
    """Return the period of a cadence that holds a day (`anchor` starts two-week blocks)."""
    if cadence == "monthly":
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return Period(f"{first:%Y-%m}", first, last, cadence)
    start = monday(day)
    if cadence == "biweekly":
        weeks = (start - monday(anchor)).days // 7
        start -= timedelta(weeks=weeks % 2)
        return Period(start.isoformat(), start, start + timedelta(days=13), cadence)
    return Period(start.isoformat(), start, start + timedelta(days=6), cadence)


def previous(period: Period, *, anchor: date) -> Period:
    """Return the period just before one."""
    return period_of(period.first - timedelta(days=1), period.cadence, anchor=anchor)


def following(period: Period, *, anchor: date) -> Period:
    """Return the period just after one."""
    return period_of(period.last + timedelta(days=1), period.cadence, anchor=anchor)


def from_key(key: str, cadence: str, *, anchor: date) -> Period:
    """Return the period a stored key names."""
    day = date.fromisoformat(f"{key}-01" if len(key) == 7 else key)
    return period_of(day, cadence, anchor=anchor)


def read_period(words: str, cadence: str, *, today: date, anchor: date) -> Period:
    """Read the period a report is for; the current period when the words are empty."""
    said = " ".join(words.lower().replace("’", "'").split()).removeprefix("for ").strip(" .")
    now = period_of(today, cadence, anchor=anchor)
    if not said or said in {"this month", "this week", "now", "today", "the current period"}:
        return now
    if said in {"last month", "last week", "the last period", "last period", "last time"}:
        return previous(now, anchor=anchor)
    day = _read_day(said, cadence, today=today)
    if day is None:
        raise InvalidInput(_unreadable(words, cadence))
    found = period_of(day, cadence, anchor=anchor)
    if found.first > today:
        raise InvalidInput(
            f"{found.label(today)} hasn't started yet, so it has no value to report. "
            "Report a period that has begun, like “for last month”."
        )
    return found


def _read_day(said: str, cadence: str, *, today: date) -> date | None:
    iso = _ISO_MONTH.fullmatch(said)
    if iso and 1 <= int(iso[2]) <= 12:
        return date(int(iso[1]), int(iso[2]), 1)
    try:
        return date.fromisoformat(said)
    except ValueError:
        pass
    week = _WEEK.fullmatch(said)
    if week:
        return _calendar_day(week[1], today=today)
    month = _MONTH.fullmatch(said)
    if month and month[1] in MONTH_WORDS:
        number = MONTH_WORDS[month[1]]
        year = int(month[2]) if month[2] else today.year - (1 if number > today.month else 0)
        return date(year, number, 1)
    return _calendar_day(said, today=today) if cadence != "monthly" else None


def _calendar_day(words: str, *, today: date) -> date | None:
    found = _DAY.fullmatch(words.strip())
    if found is None:
        return None
    if found[1]:
        month, day, year = MONTH_WORDS.get(found[1]), int(found[2]), found[3]
    else:
        month, day, year = int(found[4]), int(found[5]), found[6]
    if month is None:
        return None
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        this_year = date(today.year, month, day)
        return this_year if this_year <= today else date(today.year - 1, month, day)
    except ValueError:
        return None


def _unreadable(words: str, cadence: str) -> str:
    example = (
        "“for November”, “for November 2025” or “for 2025-11”"
        if cadence == "monthly"
        else ("“for the week of Nov 2” or “for last week”")
    )
    return f"I couldn't tell which period “{words.strip()}” is. Try {example}. Nothing was saved."


def anchor_of(goal: Goal) -> date:
    """Return the day a goal's two-week blocks count from (the day it was made)."""
    return goal.created_at.astimezone(ZoneInfo(goal.tz)).date()
