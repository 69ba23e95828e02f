"""Repeating items: find "every Monday" in a title, and work out when each occurrence is due.

A series is stored on its item as a short code (`Rule.code`): "days:1", "weekdays", "weekly:1"
(every Monday; ISO weekday numbers), "weeks:2", "monthly", "months:3". Each occurrence keeps the
time of day and zone of the one before it; an occurrence is always strictly after the day the
series was set up (like "by Friday"), and a next one is always in the future.

Which words count: "every" + day / weekday / week / month / quarter / a weekday name, with an
optional count ("every 2 weeks", "every other Monday") and an optional time ("every Monday at
9am"). The phrase must start the text or end a clause ("Send the report every Monday", "every
Monday by 10am"), so "Attend every Monday meeting" stays a plain title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from bot.repeat_rule import WEEKDAY_NAMES
from bot.repeat_rule import Rule as Rule  # re-exported for the readers
from bot.repeat_rule import rule_from_code as rule_from_code  # re-exported for the readers
from bot.when import Due, due_on, read_time_of_day
from bot.when_grammar import HOUR, TIME, WEEKDAY, cut, mask

_SATURDAY = 5
_COUNT_WORDS = {"other": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_FLAGS = re.IGNORECASE | re.ASCII
_WEEKDAY_WORD = re.compile(WEEKDAY, _FLAGS)

EVERY = re.compile(
    r"(?<![\w/:.-])every\s+(?:(?P<n>\d{1,2}|other|two|three|four|five|six)\s+)?"
    rf"(?P<unit>weekday|day|week|month|quarter|{WEEKDAY})s?\.?"
    rf"(?:,?\s+(?:(?:at|by)\s+)?(?P<time>{TIME})|,?\s+at\s+(?P<hour>{HOUR}))?"
    r"(?![\w/]|['’]\w|\s+of\b)",
    _FLAGS,
)
# What may follow the phrase for it to end a clause: nothing, punctuation, a mention (masked to
# \x00), or a word that starts a date ("every Monday by 10am", "every month starting Dec 1").
_CLAUSE_END = re.compile(
    r"\s*(?:$|[^\w\s]|(?:by|due|on|before|until|till|til|at|from|starting)\b)", _FLAGS
)


@dataclass(frozen=True)
class Repeat:
    """A repeat phrase found in a text: its rule, time of day, named weekday, and the rest."""

    rule: Rule
    at: time | None
    rest: str
    weekday: int | None = None


def find_repeat(text: str) -> Repeat | None:
    """Find the last repeat phrase in a text that starts it or ends a clause."""
    masked = mask(text)
    found = [m for m in EVERY.finditer(masked) if _stands_alone(m, masked)]
    if not found:
        return None
    match = found[-1]
    group = "time" if match["time"] else "hour"  # "every Monday at 3": working hours, 15:00
    at = read_time_of_day(text[match.start(group) : match.end(group)]) if match[group] else None
    rest = cut(text, match.start(), match.end())
    return Repeat(_rule(match), at, rest, _weekday(match["unit"]))


def _stands_alone(match: re.Match[str], masked: str) -> bool:
    at_start = not masked[: match.start()].strip(" \x00,;:-–—")
    return at_start or _CLAUSE_END.match(masked, match.end()) is not None


def _rule(match: re.Match[str]) -> Rule:
    word = (match["n"] or "1").lower()
    count = int(word) if word.isdigit() else _COUNT_WORDS[word]
    unit = match["unit"].lower()
    if unit == "weekday":
        return Rule("weekdays")
    if unit == "day":
        return Rule("days", count=count)
    if unit == "week":
        return Rule("weeks", count=count)
    if unit in ("month", "quarter"):
        return Rule("months", count=count * (3 if unit == "quarter" else 1))
    # "every other Monday": fortnightly from the coming Monday.
    if count == 1:
        return Rule("weekly", weekday=_weekday(unit))
    return Rule("weeks", count=count)


def _weekday(word: str) -> int | None:
    if not _WEEKDAY_WORD.fullmatch(word):
        return None  # "week", "weekday", "month": not a day's name
    return [name[:2].lower() for name in WEEKDAY_NAMES].index(word[:2].lower())


def first_due(repeat: Repeat, *, now: datetime, zone: ZoneInfo) -> Due:
    """Return the first occurrence of a new series: the first one after today."""
    today = now.astimezone(zone).date()
    if repeat.weekday is not None:  # "every other Monday" starts on the coming Monday
        day = _step(Rule("weekly", weekday=repeat.weekday), today)
    else:
        day = _step(repeat.rule, today)
    return due_on(day, repeat.at, zone)


def next_due(rule: Rule, *, previous: Due, now: datetime) -> Due:
    """Return the occurrence after `previous`, skipping any that are already past."""
    zone = ZoneInfo(previous.zone)
    local = previous.local()
    at = None if previous.all_day else local.time()
    day = local.date()
    while True:
        day = _step(rule, day)
        due = due_on(day, at, zone)
        if due.at > now:
            return due


def _step(rule: Rule, day: date) -> date:
    match rule.unit:
        case "days":
            return day + timedelta(days=rule.count)
        case "weekdays":
            ahead = day + timedelta(days=1)
            while ahead.weekday() >= _SATURDAY:
                ahead += timedelta(days=1)
            return ahead
        case "weekly":
            return day + timedelta(days=((rule.weekday or 0) - day.weekday() - 1) % 7 + 1)
        case "weeks":
            return day + timedelta(weeks=rule.count)
        case _:
            ahead = day + relativedelta(months=rule.count)
            if (day + timedelta(days=1)).month != day.month:
                # A series on a month's last day stays on the last day: Jan 31, Feb 28, Mar 31.
                ahead += relativedelta(day=31)
            return ahead
