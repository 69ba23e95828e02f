"""When a channel's weekly digest goes out: reading `/digest …`, and weekly moments in a zone.

A schedule is a weekday and a wall-clock time in one zone, so "Monday 9am" in New York stays
9am across DST. Each posting is keyed by the ISO week of its local day: one digest a week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import InvalidInput
from bot.services.progress_options import Publish, Unpublish, read_publish

DEFAULT_WEEKDAY = 1  # Monday
DEFAULT_MINUTE = 9 * 60
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS = {
    **{name.lower(): number for number, name in enumerate(DAY_NAMES, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(DAY_NAMES, start=1)},
    "tue": 2, "tues": 2, "wed": 3, "weds": 3, "thu": 4, "thur": 4, "thurs": 4,
}  # fmt: skip
DAY = re.compile(r"(?P<day>[a-z]+?)s?\.?,?", re.IGNORECASE)  # "Monday", "Mondays", "Tues.",
CLOCK = re.compile(
    r"(?:at\s+|@\s*)?(?:(?P<noon>noon|midday)|(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*"
    r"(?P<ampm>[ap]\.?m\.?)?)",
    re.IGNORECASE,
)
EXAMPLE = "/digest on Monday 9am"


@dataclass(frozen=True)
class Weekly:
    """A weekly moment: ISO weekday (Monday = 1), minutes after local midnight, and a zone."""

    weekday: int
    minute: int
    zone: str

    def _at(self, day: date) -> datetime:
        clock = time(self.minute // 60, self.minute % 60)
        # Combining in the zone first gives each date its own offset, so DST is followed.
        return datetime.combine(day, clock, tzinfo=ZoneInfo(self.zone)).astimezone(UTC)

    def next_after(self, now: datetime) -> datetime:
        """Return the first moment of this schedule strictly after `now`."""
        today = now.astimezone(ZoneInfo(self.zone)).date()
        day = today + timedelta(days=(self.weekday - today.isoweekday()) % 7)
        slot = self._at(day)
        return slot if slot > now else self._at(day + timedelta(days=7))

    def latest_until(self, now: datetime) -> datetime:
        """Return the last moment of this schedule at or before `now`."""
        today = now.astimezone(ZoneInfo(self.zone)).date()
        day = today - timedelta(days=(today.isoweekday() - self.weekday) % 7)
        slot = self._at(day)
        return slot if slot <= now else self._at(day - timedelta(days=7))

    def week_of(self, slot: datetime) -> str:
        """Return the key of a posting: the ISO week of its local day, like 2026-W49."""
        year, week, _ = slot.astimezone(ZoneInfo(self.zone)).isocalendar()
        return f"{year}-W{week:02d}"

    def phrase(self) -> str:
        """Say when it goes out, like "Mondays at 9:00 AM"."""
        return f"{DAY_NAMES[self.weekday - 1]}s at {clock_phrase(self.minute)}"


def clock_phrase(minute: int) -> str:
    """Return a time of day as people write it: 9:00 AM, 4:30 PM."""
    return time(minute // 60, minute % 60).strftime("%I:%M %p").lstrip("0")


def read_schedule(text: str, *, zone: ZoneInfo) -> Weekly:
    """Read "Monday 9am", "Fridays at 4:30pm", "Tuesday", "10am" (Monday, 9am when left out)."""
    words = " ".join(text.split()).strip(" .")
    if not words:
        return Weekly(weekday=DEFAULT_WEEKDAY, minute=DEFAULT_MINUTE, zone=zone.key)
    weekday, rest = _read_day(words)
    minute = _read_clock(rest) if rest else DEFAULT_MINUTE
    if minute is None or (weekday is None and not rest):
        raise InvalidInput(
            f"I couldn't read “{words[:100]}” as a day and time. "
            f"Try a weekday and a time, like: {EXAMPLE} or /digest on Friday 3:30pm"
        )
    return Weekly(weekday=weekday or DEFAULT_WEEKDAY, minute=minute, zone=zone.key)


def _read_day(words: str) -> tuple[int | None, str]:
    """Find the weekday at either end ("Monday 9am", "9am on Mondays"); return it and the rest."""
    parts = [w for w in words.split(" ") if w.lower() not in {"every", "on"}]
    for day_at, rest in ((0, parts[1:]), (-1, parts[:-1])):
        match = DAY.fullmatch(parts[day_at]) if parts else None
        number = WEEKDAYS.get(match["day"].lower()) if match else None
        if number is not None:
            return number, " ".join(rest)
    return None, " ".join(parts)


def _read_clock(words: str) -> int | None:
    match = CLOCK.fullmatch(words.strip())
    if match is None:
        return None
    if match["noon"]:
        return 12 * 60
    hour, minutes = int(match["h"]), int(match["m"] or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if minutes > 59 or hour > 23 or (ampm and not 1 <= hour <= 12):
        return None
    if ampm:
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return hour * 60 + minutes


@dataclass(frozen=True)
class DigestHelp:
    """`/digest` alone, or `/digest help`."""


@dataclass(frozen=True)
class TurnOn:
    """`/digest on [when]`."""

    when: str


@dataclass(frozen=True)
class TurnOff:
    """`/digest off`."""


@dataclass(frozen=True)
class Preview:
    """`/digest preview`: this week's digest, to the invoker alone."""


@dataclass(frozen=True)
class PostNow:
    """`/digest now`: post this week's digest in the channel at once."""


DigestCommand = DigestHelp | TurnOn | TurnOff | Preview | PostNow | Publish | Unpublish
SUBCOMMANDS: dict[str, DigestCommand] = {
    "": DigestHelp(), "help": DigestHelp(), "status": DigestHelp(), "off": TurnOff(),
    "stop": TurnOff(), "preview": Preview(), "now": PostNow(), "unpublish": Unpublish(),
}  # fmt: skip


def parse_digest_command(text: str) -> DigestCommand:
    """Read what `/digest …` asks for; raise InvalidInput for anything else."""
    verb, _, rest = " ".join(text.split()).partition(" ")
    if verb.lower() in {"on", "start"}:
        return TurnOn(when=rest)
    if verb.lower() == "publish":
        return read_publish(rest)
    command = SUBCOMMANDS.get(verb.lower()) if not rest else None
    if command is None:
        raise InvalidInput(
            f"I don't know “/digest {text.strip()[:100]}”. Try `{EXAMPLE}`, `/digest off`, "
            "`/digest preview`, `/digest now` or `/digest publish`."
        )
    return command
