"""Date phrases: find the due date in an action title and read `/action snooze … <when>`.

`bot.when_grammar` decides which span is a date; this module decides what the span means, in the
invoker's zone, always in the future. dateparser reads only absolute spans ("Dec 5", "12/5/2026",
"3:30 pm"); every relative phrase ("tomorrow", "EOW", "in 2 weeks") is our own arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from bot.errors import DateError
from bot.when_grammar import DAY_FORMS, EOD, PHRASE, SPLIT, WHOLE, collapse, cut, mask, patterns
from bot.when_words import near_miss, stands_as_date

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

WORKDAY_END = time(17, 0)
"""The end of a working day: all-day dues fall at this local time."""

_FRIDAY = 4
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNTS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# A clock hour said without am/pm reads as the next working-hours one: 1-6 are afternoons.
_AFTERNOON_HOURS = range(1, 7)
_NO_MERIDIEM = re.compile(r"(?:at\s+)?([1-9])(?::\d\d)?", re.IGNORECASE)
_NO_MERIDIEM_CLOCK = re.compile(r"(?:at\s+)?(?:1[0-2]|[1-9])(?::\d\d)?", re.IGNORECASE)
# Shapes of numbers that are never dates where they stand: "24/7", "50/50", "100/200".
_NEVER_DATES = re.compile(r"24/7|\d{3,}/.*|(?:3[2-9]|[4-9]\d)/.*")
_FOR_BEFORE = re.compile(r"(?:\b(?:for|starting|beginning)\s+)?$", re.IGNORECASE)
_GROUPS = ("body", "atbody", "free", "junk", "bare", "barejunk")


@cache
def _parser() -> DateDataParser:
    """Return the one dateparser parser every reading shares, made (and imported) on first use.

    Many processes import this module and never read a date (`backbone tick`), and dateparser
    is a large import.
    """
    from dateparser.date import DateDataParser

    # Settings are fixed at construction, so RELATIVE_BASE is a fixed naive anchor in a leap year
    # ("Feb 29" reads) rather than the person's now. dateparser only ever sees absolute spans,
    # and the year and the future rule are ours, so the anchor never shows. It also means
    # dateparser never reads the clock and the parser is safe to share across threads.
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(2000, 1, 1),
            "DATE_ORDER": "MDY",
            "RETURN_TIME_AS_PERIOD": True,
            "PARSERS": ["absolute-time"],
        },
    )


@dataclass(frozen=True)
class Due:
    """A due date: an instant in UTC, read in `zone`, with or without a time of day."""

    at: datetime
    all_day: bool
    zone: str

    def local(self) -> datetime:
        """Return `at` in the zone the phrase was read in."""
        return self.at.astimezone(ZoneInfo(self.zone))

    def iso(self) -> str:
        """Return ISO-8601: a date when all-day, else a local date-time with its offset."""
        return self.local().date().isoformat() if self.all_day else self.local().isoformat()


@dataclass(frozen=True)
class Found:
    """What `find_due` found: the due (None without a date phrase) and the title without it."""

    due: Due | None
    title: str


@dataclass(frozen=True)
class _Context:
    now: datetime
    zone: ZoneInfo
    today: date


@dataclass(frozen=True)
class _Reading:
    day: date
    at: time | None
    words: str


_DayReader = Callable[[re.Match[str], _Context], tuple[date, time | None]]


class _Unreadable(Exception):
    """A day part that has a date's shape but names no real day; the caller quotes the phrase."""


def find_due(text: str, *, now: datetime, zone: ZoneInfo) -> Found:
    """Find the date phrase in free text and return it with the title that remains."""
    ctx = _context(now, zone)
    masked = mask(text)
    _refuse_near_miss(masked)
    matches = [match for match in PHRASE.finditer(masked) if _counts(match, masked)]
    if not matches:
        return Found(due=None, title=collapse(text))
    # Every phrase must be readable, but only the last one is the due; earlier ones stay in the
    # title as words ("Prep the meeting on Dec 5 by Friday"), so they may lie in the past.
    readings = [_read_match(match, text, masked, ctx) for match in matches]
    last = matches[-1]
    start = last.start()
    if last["bare"] is not None:  # "Book the van for 12/12": "for" goes with the date
        start = _FOR_BEFORE.search(masked, 0, start).start()  # type: ignore[union-attr]
    return Found(due=_future(readings[-1], ctx), title=cut(text, start, last.end()))


def _counts(match: re.Match[str], masked: str) -> bool:
    """Tell whether a match is a date phrase: a bare one only where it stands as a date."""
    group = "bare" if match["bare"] is not None else "barejunk" if match["barejunk"] else None
    if group is None:
        return True
    if _NEVER_DATES.fullmatch(match[group]):
        return False
    return stands_as_date(masked, match.start(), match.end())


def _refuse_near_miss(masked: str) -> None:
    found = near_miss(masked)
    if found is not None:
        typed, meant = found
        raise DateError(
            f"I couldn't read “{typed}” as a date. If you meant “{meant}”, "
            "fix the spelling and send it again. Nothing was saved."
        )


def read_when(text: str, *, now: datetime, zone: ZoneInfo) -> Due:
    """Read a whole string as one date phrase, such as "next week" or "until Dec 2"."""
    ctx = _context(now, zone)
    if not text.strip():
        raise DateError("Say when, for example “tomorrow”, “next week” or “Dec 5”.")
    masked = mask(text)
    match = WHOLE.fullmatch(masked)
    if match is None:
        raise DateError(_unreadable_message(text.strip()))
    start, end = match.span("body")
    return _future(_read_body(masked[start:end], text[start:end], ctx), ctx)


def prepare() -> None:
    """Get the date reader ready now, not at its first reading.

    This compiles the grammar, imports dateparser and lets it set itself up: a server calls it
    as it starts, so that the first person to type a date does not wait for all that.
    """
    for pattern in patterns():
        pattern.compiled()
    _parse("Dec 5", period="day")
    _parse("3:30pm", period="time")


def read_time_of_day(words: str) -> time:
    """Read a time of day on its own, such as "9am", "15:30" or "noon"."""
    try:
        return _read_time(words)
    except _Unreadable:
        raise DateError(_unreadable_message(words)) from None


def due_on(day: date, at: time | None, zone: ZoneInfo) -> Due:
    """Return the due for a day in a zone: at a time of day, or (None) all day."""
    return _due(day, at, zone)


def _context(now: datetime, zone: ZoneInfo) -> _Context:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return _Context(now=now, zone=zone, today=now.astimezone(zone).date())


def _read_match(match: re.Match[str], text: str, masked: str, ctx: _Context) -> _Reading:
    group = next(name for name in _GROUPS if match[name] is not None)
    start, end = match.span(group)
    if group in ("junk", "barejunk"):
        raise DateError(_unreadable_message(text[start:end]))
    return _read_body(masked[start:end], text[start:end], ctx)


def _read_body(body: str, words: str, ctx: _Context) -> _Reading:
    split = SPLIT.fullmatch(body)
    if split is None:  # the grammar only hands over bodies SPLIT accepts; stay safe anyway
        raise DateError(_unreadable_message(words))
    time_words = next((split[g] for g in ("t0", "h0", "t1", "h1", "t2", "t3") if split[g]), None)
    day_words = split["d1"] or split["d3"] or split["d2"]
    try:
        at = _read_time(time_words) if time_words else None
        if day_words is None:
            return _Reading(day=_hour_day(time_words, at, ctx), at=at, words=words)
        day, fixed_at = _read_day(day_words, ctx)
    except _Unreadable:
        raise DateError(_unreadable_message(words)) from None
    return _Reading(day=day, at=fixed_at if at is None else at, words=words)


def _hour_day(words: str | None, at: time | None, ctx: _Context) -> date:
    # "at 9" said at 10:00 is the next 9:00 in working hours: the next working day's. A time
    # with am/pm or a 24-hour clock means today, and is refused once it has passed.
    day = ctx.today
    clock = _NO_MERIDIEM_CLOCK.fullmatch(words.strip()) if words else None
    if clock is None or at is None or _due(day, at, ctx.zone).at >= ctx.now:
        return day
    day += timedelta(days=1)
    while day.weekday() > _FRIDAY:
        day += timedelta(days=1)
    return day


def _future(reading: _Reading, ctx: _Context) -> Due:
    due = _due(reading.day, reading.at, ctx.zone)
    if reading.day < ctx.today:
        raise DateError(
            f"“{reading.words}” is in the past. Try a later date, like “tomorrow” or “next week”."
        )
    if reading.at is not None and due.at < ctx.now:  # all-day today stays allowed after 17:00
        raise DateError(
            f"“{reading.words}” has already passed today. Try a later time, or “tomorrow”."
        )
    return due


def _due(day: date, at: time | None, zone: ZoneInfo) -> Due:
    # Combining in the zone and converting afterwards gets each date's own offset across DST.
    local = datetime.combine(day, WORKDAY_END if at is None else at, tzinfo=zone)
    return Due(at=local.astimezone(UTC), all_day=at is None, zone=zone.key)


def _unreadable_message(words: str) -> str:
    return f"I couldn't read “{words}” as a date. Try “by Friday”, “due 12/5” or “2026-12-05”."


def _read_time(words: str) -> time:
    if EOD.fullmatch(words):
        return WORKDAY_END
    bare = _NO_MERIDIEM.fullmatch(words.strip())
    if words.strip().isdigit():
        words += ":00"  # dateparser reads a lone "3" as a day of the month
    parsed = _parse(words, period="time")
    if parsed is None:
        raise _Unreadable(words)
    if bare is not None and int(bare.group(1)) in _AFTERNOON_HOURS:
        return parsed.time().replace(hour=parsed.hour + 12)
    return parsed.time()


def _parse(words: str, *, period: str) -> datetime | None:
    """Read an absolute span with dateparser; None unless it is read to the given precision."""
    data = _parser().get_date_data(words)
    parsed: datetime | None = data.date_obj
    return parsed if data.period == period else None


def _read_day(words: str, ctx: _Context) -> tuple[date, time | None]:
    for kind, pattern in DAY_FORMS:
        match = pattern.fullmatch(words)
        if match is not None:
            return _DAY_READERS[kind](match, ctx)
    raise _Unreadable(words)


def _end_of_week(match: re.Match[str], ctx: _Context) -> tuple[date, time | None]:
    # The Friday 17:00 of this working week; once that has passed (Friday evening, the weekend)
    # the end of the week can only mean the end of the next one.
    friday = ctx.today + timedelta(days=(_FRIDAY - ctx.today.weekday()) % 7)
    if _due(friday, WORKDAY_END, ctx.zone).at < ctx.now:
        friday += timedelta(days=7)
    return friday, WORKDAY_END


def _this_week(match: re.Match[str], ctx: _Context) -> tuple[date, time | None]:
    # All-day Friday of this working week; on a weekend, of the coming one.
    return ctx.today + timedelta(days=(_FRIDAY - ctx.today.weekday()) % 7), None


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def _in_n(match: re.Match[str], ctx: _Context) -> tuple[date, time | None]:
    word = match["n"].lower()
    count = int(word) if word.isdigit() else _COUNTS[word]
    unit = match["unit"].lower()
    if unit == "month":
        return ctx.today + relativedelta(months=count), None
    return ctx.today + timedelta(days=count * (7 if unit == "week" else 1)), None


def _weekday_index(word: str) -> int:
    return [name[:2] for name in _WEEKDAYS].index(word[:2].title())


def _rel_weekday(match: re.Match[str], ctx: _Context) -> tuple[date, time | None]:
    target = _weekday_index(match["wd"])
    if match["rel"].lower() == "last":  # read only to be refused: the latest one before today
        return ctx.today - timedelta(days=(ctx.today.weekday() - target - 1) % 7 + 1), None
    if match["rel"].lower() == "this":  # this Friday: the coming one, today included
        return ctx.today + timedelta(days=(target - ctx.today.weekday()) % 7), None
    # next Friday: the Friday of next week, as "next week" is the week after this one
    return _next_monday(ctx.today) + timedelta(days=target), None


def _weekday(match: re.Match[str], ctx: _Context) -> tuple[date, time | None]:
    # Strictly after today: said on a Friday, "by Friday" means next week's Friday (for today,
    # people say "today").
    ahead = (_weekday_index(match["wd"]) - ctx.today.weekday() - 1) % 7 + 1
    return ctx.today + timedelta(days=ahead), None


def _weekday_date(match: re.Match[str], ctx: _Context) -> tuple[date, time | None]:
    day, at = _read_day(match["rest"], ctx)
    named = _WEEKDAYS[_weekday_index(match["wd"])]
    if day.weekday() != _weekday_index(match["wd"]):
        actual = _WEEKDAYS[day.weekday()]
        raise DateError(
            f"{day:%b} {day.day}, {day.year} is a {actual}, not a {named}. "
            f"Try just “{match['rest']}” or just “{named}”."
        )
    return day, at


def _calendar(match: re.Match[str], ctx: _Context) -> tuple[date, time | None]:
    parsed = _parse(re.sub(r"^the\s+", "", match.group(0), flags=re.IGNORECASE), period="day")
    day = int(match["d"])
    month = int(match["m"]) if "m" in match.re.groupindex else None
    year = match["y"]
    # dateparser bends impossible dates into others ("13/45" → 2045-01-13): check the parts.
    if parsed is None or parsed.day != day or month not in (None, parsed.month):
        raise _Unreadable(match.group(0))
    if year is not None and parsed.year % 10 ** len(year) != int(year):
        raise _Unreadable(match.group(0))
    if year is not None:
        return parsed.date(), None
    return _next_date(parsed.month, day, ctx.today), None


def _next_date(month: int, day: int, today: date) -> date:
    # A month and day without a year: the nearest one, before or after today ("12/1" said on
    # Dec 3 is two days ago, and refused as past, not moved a year ahead; "Jan 3" said in late
    # December is next month). Feb 29 is the nearest leap day.
    candidates = []
    for year in range(today.year - 8, today.year + 9):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise _Unreadable(f"{month}/{day}")
    return min(candidates, key=lambda candidate: (abs(candidate - today), candidate < today))


def _nth(match: re.Match[str], ctx: _Context) -> tuple[date, time | None]:
    # "the 15th": the next 15th that is not past, skipping months too short for "the 31st".
    day = int(match["d"])
    first = ctx.today.replace(day=1)
    for ahead in range(13):
        month = first + relativedelta(months=ahead)
        try:
            candidate = month.replace(day=day)
        except ValueError:
            continue
        if candidate >= ctx.today:
            return candidate, None
    raise _Unreadable(match.group(0))


def _days(offset: int) -> _DayReader:
    return lambda match, ctx: (ctx.today + timedelta(days=offset), None)


_DAY_READERS: dict[str, _DayReader] = {
    "today": _days(0),
    "tomorrow": _days(1),
    "yesterday": _days(-1),
    "eod": lambda match, ctx: (ctx.today, WORKDAY_END),
    "eow": _end_of_week,
    "end_next_week": lambda match, ctx: (
        _next_monday(ctx.today) + timedelta(days=_FRIDAY),
        WORKDAY_END,
    ),
    "eom": lambda match, ctx: (ctx.today + relativedelta(day=31), None),
    "end_next_month": lambda match, ctx: (ctx.today + relativedelta(months=1, day=31), None),
    "this_week": _this_week,
    "next_week": lambda match, ctx: (_next_monday(ctx.today), None),
    "next_month": lambda match, ctx: (ctx.today + relativedelta(months=1, day=1), None),
    "in_n": _in_n,
    "from_now": _in_n,
    "rel_weekday": _rel_weekday,
    "weekday": _weekday,
    "weekday_date": _weekday_date,
    "iso": _calendar,
    "mdy": _calendar,
    "month_day": _calendar,
    "day_month": _calendar,
    "nth": _nth,
}
