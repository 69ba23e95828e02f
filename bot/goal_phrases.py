"""Reading a goal's phrase the way coordinators write it: measure, direction, numbers, owner.

`"Median days from match to move-in" lower is better, baseline 90, target 45 by June 30, @ana
reports monthly` names a measure (quoted, or up to the first comma), which way is better, a
baseline, a target and its date, an owner and a cadence, in any order and in many wordings
("we want it to go down", "starting at 90", "get to 45 by 6/30", "every other week", "monthly on
the 5th"). The date is read by bot/when.py in the invoker's zone. What cannot be read is named
in a short, kind error and nothing is saved.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.errors import DateError, InvalidInput
from bot.ids import PERSON_ID
from bot.text import check_no_group_mentions, from_mrkdwn, mentioned_users
from bot.when import read_when

MAX_TITLE = 200
# A number as people write it: 90, 1,200, 4.5, .5; commas only between thousands, so "62,5" or
# "1,2,3" are no number at all (never 625 or 123), and a number never runs into more digits.
NUMBER = r"(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![,.]?\d)|-?\.\d+(?![,.]?\d))"
ONE_NUMBER = re.compile(r"^\s*" + NUMBER + r"\s*%?\s*$")
QUOTED = re.compile(r"^\s*[\"“”'‘’](.+?)[\"“”'’]\s*(.*)$", re.S)
MENTION = re.compile(rf"<@{PERSON_ID}(?:\|[^>]*)?>")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NAME = r"(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*?s?"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_ONLY = re.compile(
    r"(?:the\s+)?(?:end\s+of\s+)?(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|"
    r"june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    r"(?:,?\s+(?P<year>\d{4}))?",
    re.I,
)


@dataclass(frozen=True)
class GoalDraft:
    """A goal as typed: every part read, or None where it was not given."""

    title: str
    higher_is_better: bool | None = None
    baseline: float | None = None
    target: float | None = None
    target_date: date | None = None
    owner: str | None = None
    cadence: str | None = None
    cadence_day: int | None = None
    method: str = "ihi"
    baseline_points: int | None = None
    idle_days: int | None = None


def number(words: str) -> float:
    """Read a number as people write it: 90, 1,200, 4.5, 45%."""
    return float(words.replace(",", ""))


def typed_number(words: str) -> float | None:
    """Read text that should be one number (a form's field); None when it is not one."""
    found = ONE_NUMBER.match(words)
    return number(found[1]) if found else None


# Which way is better, in the words people use.
HIGHER = re.compile(
    r"\b(?:higher|more|up|bigger|increas\w*)\s+(?:is\s+)?(?:better|good|the\s+goal)\b"
    r"|\bwe\s+want\s+(?:it|this|them)?\s*(?:to\s+)?(?:go\s+)?(?:up|higher|more)\b"
    r"|\b(?:maximi[sz]e|increase|raise|grow)\b|\bhigher\b|\bup\s+is\s+good\b",
    re.IGNORECASE,
)
LOWER = re.compile(
    r"\b(?:lower|less|fewer|down|smaller|decreas\w*)\s+(?:is\s+)?(?:better|good|the\s+goal)\b"
    r"|\bwe\s+want\s+(?:it|this|them)?\s*(?:to\s+)?(?:go\s+)?(?:down|lower|less|fewer)\b"
    r"|\b(?:minimi[sz]e|reduce|decrease|lower|shorten|cut)\b|\bdown\s+is\s+good\b",
    re.IGNORECASE,
)
BASELINE_PERIOD = re.compile(
    r"\b(?:baseline\s+(?:period\s+)?(?:is\s+|of\s+)?(?:the\s+)?(?:first\s+)?"
    r"|freeze\s+(?:the\s+)?median\s+after\s+(?:the\s+first\s+)?)"
    r"(\d{1,3})\s+(?:months?|weeks?|points?|periods?|values?)\b",
    re.IGNORECASE,
)
BASELINE = re.compile(
    r"\b(?:baseline(?:\s+(?:of|is|was|at))?|currently(?:\s+at)?|starting\s+(?:at|from)|"
    r"(?:it'?s|we'?re)\s+(?:at|now)|now\s+at|from)\s*[:=]?\s*" + NUMBER + r"%?",
    re.IGNORECASE,
)
TARGET = re.compile(
    r"\b(?:target(?:\s+(?:of|is))?|goal(?:\s+(?:of|is))?|aim(?:\s+(?:for|of))?|"
    r"(?:get|bring\s+it|go|come)\s+(?:down\s+|up\s+)?to|reach|hit|down\s+to|up\s+to|to)"
    r"\s*[:=]?\s*" + NUMBER + r"%?",
    re.IGNORECASE,
)
BY_DATE = re.compile(r"\b(?:by|before|no\s+later\s+than)\s+([^,;]+)", re.IGNORECASE)
IDLE = re.compile(
    r"\b(?:flag|warn|tell\s+us|alert)\s+(?:it\s+|me\s+|us\s+)?(?:if\s+unused\s+)?"
    r"(?:after|when\s+unused\s+for|over)\s+(\d{1,3})\s+days?\b"
    r"|\bunused\s+(?:for\s+)?(?:more\s+than\s+|over\s+)?(\d{1,3})\s+days?\b",
    re.IGNORECASE,
)
METHOD = re.compile(r"\b(?:using\s+|with\s+)?(anh[oø]e?j|ihi)(?:'s)?(?:\s+rules)?\b", re.I)
MONTHLY_DAY = re.compile(
    r"\b(?:monthly|every\s+month|each\s+month)\s+on\s+(?:the\s+|day\s+)?(\d{1,2})(?:st|nd|rd|th)?"
    r"(?:\s+of\s+(?:the|each|every)\s+month)?\b"
    r"|\bon\s+the\s+(\d{1,2})(?:st|nd|rd|th)\s+of\s+(?:the|each|every)\s+month\b",
    re.IGNORECASE,
)
MONTHLY = re.compile(r"\b(?:monthly|every\s+month|each\s+month|once\s+a\s+month)\b", re.I)
BIWEEKLY = re.compile(
    r"\b(?:bi-?weekly|fortnightly|every\s+(?:2|two|other)\s+weeks?)"
    r"(?:\s+on\s+" + _DAY_NAME + r")?\b",
    re.IGNORECASE,
)
WEEKLY = re.compile(
    r"\b(?:weekly|every\s+week|each\s+week|once\s+a\s+week)(?:\s+on\s+" + _DAY_NAME + r")?\b"
    r"|\b(?:every|on)\s+" + _DAY_NAME + r"\b",
    re.IGNORECASE,
)
FILLER = re.compile(
    r"\b(?:reports?|reported|reporting|will|to|update[sd]?|owner|owned|by|is|and|with|it|"
    r"the|a|an|of|for|be|measure[sd]?|better|who|please|then|we|want|on)\b|[,;.:!&+-]",
    re.IGNORECASE,
)


@dataclass
class _Reading:
    """What is left of the phrase as parts are read out of it."""

    text: str
    taken: list[str] = field(default_factory=list)

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        found = pattern.search(self.text)
        if found is not None:
            self.text = self.text[: found.start()] + " , " + self.text[found.end() :]
        return found


def read_goal(text: str, *, now: datetime, zone: ZoneInfo) -> GoalDraft:
    """Read a new goal's phrase; raise InvalidInput naming what is missing or unreadable."""
    check_no_group_mentions(text)
    title, rest = _title(text)
    reading = _Reading(rest)
    owners = mentioned_users(reading.text)
    reading.text = MENTION.sub(" , ", reading.text)
    cadence, day = _cadence(reading)
    method = reading.take(METHOD)
    points = reading.take(BASELINE_PERIOD)
    baseline = reading.take(BASELINE)
    target = reading.take(TARGET)
    by = reading.take(BY_DATE)
    idle = reading.take(IDLE)
    higher = _direction(reading)
    _nothing_left(reading.text, title)
    return GoalDraft(
        title=title,
        higher_is_better=higher,
        baseline=number(baseline[1]) if baseline else None,
        target=number(target[1]) if target else None,
        target_date=_target_date(by[1], now=now, zone=zone) if by else None,
        owner=owners[0] if owners else None,
        cadence=cadence,
        cadence_day=day,
        method="anhoj" if method and method[1].lower() != "ihi" else "ihi",
        baseline_points=int(points[1]) if points else None,
        idle_days=int(idle[1] or idle[2]) if idle else None,
    )


CAPACITY_EXAMPLE = (
    "What capacity should it count? Put its name in quotes, like: "
    '/goal capacity "Open rapid re-housing slots" @ana reports weekly'
)


def read_capacity(text: str, *, now: datetime, zone: ZoneInfo) -> GoalDraft:
    """Read a capacity measure: a count of open slots, units or vouchers, and who reports it."""
    if not text.strip():
        raise InvalidInput(CAPACITY_EXAMPLE)
    draft = read_goal(text, now=now, zone=zone)
    return GoalDraft(
        title=draft.title, higher_is_better=False, owner=draft.owner,
        cadence=draft.cadence, cadence_day=draft.cadence_day,
        idle_days=draft.idle_days if draft.idle_days is not None else 14,
        method=draft.method,
    )  # fmt: skip


def _title(text: str) -> tuple[str, str]:
    quoted = QUOTED.match(text)
    if quoted:
        title, rest = quoted[1], quoted[2]
    else:
        title, _, rest = text.partition(",")
    title = from_mrkdwn(" ".join(title.split())).strip("\"“”'‘’ ")
    if not title or MENTION.fullmatch(title) or _only_a_phrase(title):
        raise InvalidInput(
            "What should the goal measure? Put its name in quotes, like: "
            '/goal add "Median days from match to move-in" lower is better, baseline 90, '
            "target 45 by June 30, @ana reports monthly"
        )
    if len(title) > MAX_TITLE:
        raise InvalidInput(f"A measure's name can have up to {MAX_TITLE} characters: shorten it.")
    return title, rest


def _only_a_phrase(title: str) -> bool:
    """Tell whether an unquoted "measure" is only a direction or cadence (no measure named)."""
    left = title
    for pattern in (HIGHER, LOWER, MONTHLY, BIWEEKLY, WEEKLY):
        left = pattern.sub(" ", left)
    return not FILLER.sub(" ", left).strip()


def _cadence(reading: _Reading) -> tuple[str | None, int | None]:
    monthly_day = reading.take(MONTHLY_DAY)
    if monthly_day:
        day = int(monthly_day[1] or monthly_day[2])
        if not 1 <= day <= 28:
            raise InvalidInput(
                f"Monthly check-ins can go out on days 1 to 28 (every month has them), not {day}."
            )
        return "monthly", day
    if reading.take(MONTHLY):
        return "monthly", None
    for cadence, pattern in (("biweekly", BIWEEKLY), ("weekly", WEEKLY)):
        found = reading.take(pattern)
        if found:
            named = next((g for g in found.groups() if g), None)
            return cadence, _weekday(named) if named else None
    return None, None


def _weekday(name: str) -> int:
    return next(i + 1 for i, day in enumerate(WEEKDAYS) if day.startswith(name.lower()[:3]))


def _direction(reading: _Reading) -> bool | None:
    higher, lower = HIGHER.search(reading.text), LOWER.search(reading.text)
    if higher and lower:
        raise InvalidInput(
            "I read both “higher” and “lower” there. Say one: “lower is better” or "
            "“higher is better”."
        )
    found = reading.take(HIGHER if higher else LOWER)
    return None if found is None else bool(higher)


def _target_date(words: str, *, now: datetime, zone: ZoneInfo) -> date:
    """Read a target's date; a day without a year that has passed this year is next year's.

    (Targets lie months ahead: in December, "by June 30" means next June. Every confirmation
    shows the target's year, so the reading is never silent.)
    """
    said = words.strip()
    month_end = _month_end(said, today=now.astimezone(zone).date())
    if month_end is not None:
        return month_end
    try:
        return read_when(said, now=now, zone=zone).local().date()
    except DateError:
        if re.search(r"\d{4}", said):
            raise
        try:
            return (
                read_when(f"{said} {now.astimezone(zone).year + 1}", now=now, zone=zone)
                .local()
                .date()
            )
        except DateError:
            pass
        raise


def _month_end(words: str, *, today: date) -> date | None:
    """Read "June", "end of June" or "June 2027" as that month's last day; None otherwise.

    (People set targets by month: "target 30 by June". Without a year it is the next June
    whose end has not passed.)
    """
    found = MONTH_ONLY.fullmatch(words)
    if found is None:
        return None
    month = MONTHS.index(found["month"].lower()[:3]) + 1
    year = int(found["year"]) if found["year"] else today.year
    end = date(year, month, calendar.monthrange(year, month)[1])
    if found["year"] is None and end < today:
        end = date(year + 1, month, calendar.monthrange(year + 1, month)[1])
    return end


def _nothing_left(rest: str, title: str) -> None:
    left = " ".join(FILLER.sub(" ", rest).split())
    if left:
        raise InvalidInput(
            f"I couldn't read “{left}” in the goal “{title}”. Write it like: lower is better, "
            "baseline 90, target 45 by June 30, @ana reports monthly. Nothing was saved."
        )
