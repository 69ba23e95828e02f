"""Grammar of date phrases: which span of a text is a date, its shape, and the title without it.

Only patterns and text surgery live here; `bot.when` decides what a matched span means. The
grammar is strict about *where* a date may be (after a lead word such as "by", or a standalone
relative phrase such as "tomorrow"), so names like June or Friday Harbor and numbers like
"unit 12" are never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# ASCII: \d and \w must not match other scripts' digits, which dateparser would read in odd ways.
_FLAGS = re.IGNORECASE | re.ASCII


class Pattern:
    """A pattern of the grammar, compiled the first time it is used.

    The grammar's patterns are large, and compiling them all took a tenth of the start of a
    process that never reads a date (`backbone tick`, which imports the grammar through the
    messages it renders). Compiling twice, when two threads race to the first use, is harmless.
    """

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """Return the compiled pattern, compiling it now if this is its first use."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, _FLAGS)
        return self._compiled

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """Match the whole of `text`, as `re.Pattern.fullmatch`."""
        return self.compiled().fullmatch(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Find every match in `text`, as `re.Pattern.finditer`."""
        return self.compiled().finditer(text)


WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday|s)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_SUFFIX = r"(?:st|nd|rd|th)"
# Times are matched strictly (1-12 with am/pm, 0-23 with minutes) so "00:30 pm" is never guessed.
TIME = (
    r"(?:(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s?[ap]\.?m\.?|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
    r"|noon|midday)(?![\w:])"
)
# "at 3", "at 9" with no am/pm: only after "at", and only where a word does not follow ("at 3
# sites" is a count). `bot.when` reads it in working hours (3 → 15:00, 9 → 09:00).
HOUR = r"(?:1[0-2]|0?[1-9])(?![\w:])"
_HOUR_ENDS = r"(?=\s*(?:$|[^\w\s\x00]))"
_AMPM = r"(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s?[ap]\.?m\.?(?![\w:])"
_EOD = (
    r"(?:eod|cob|close\s+of\s+(?:the\s+)?business|(?:the\s+)?end\s+of\s+(?:the\s+)?"
    r"(?:work\s*)?day)(?!\w)"
)
# A time of day attached to a day may also be its end ("Friday EOD", "EOD tomorrow").
_DAY_TIME = rf"(?:{TIME}|{_EOD})"
# "tomorrow by noon" is one phrase, not "tomorrow" and then "by noon".
# After a day, "at 3" is its time even when the task follows ("tomorrow at 3 call the shelter"),
# unless what follows is what is counted ("Friday at 3 sites").
_COUNTED = (
    r"\s+(?:sites?|locations?|places?|shelters?|camps?|encampments?|units?|beds?|rooms?|people"
    r"|persons?|clients?|families|households|vets|veterans|youth|kids|agencies|providers|spots"
    r"|slots|of|or|and|to|-)\b"
)
_AT_TIME = (
    rf"(?:(?:,?\s+(?:at\s+|by\s+)?|T){_DAY_TIME}|,?\s+at\s+{HOUR}(?:{_HOUR_ENDS}|(?!{_COUNTED})))"
)
_START = r"(?<![\w/:.-])"
# "today's", "Friday-ish", "10:30" cut short and "12/5/7" are not phrase ends.
_END = r"(?![\w/]|[:-]\w|['’]\w)"

_ISO = r"\d{4}-\d{1,2}-\d{1,2}"
_MDY = r"\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?"
_YEAR = r"(?:,?\s+\d{4})?"
_MONTH_DAY = rf"{MONTH}\s+\d{{1,2}}{_SUFFIX}?{_YEAR}"
_DAY_MONTH = rf"(?:the\s+)?\d{{1,2}}{_SUFFIX}?\s+(?:of\s+)?{MONTH}{_YEAR}"
_ABS = rf"(?:{_ISO}|{_MDY}|{_MONTH_DAY}|{_DAY_MONTH})"
# "tomorrow morning" is read as all of tomorrow; the part of the day only leaves the title.
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_TODAY = r"(?:today|tonight|this\s+(?:morning|afternoon|evening))"
# "yesterday" and "last Friday" are read only to be refused as past, never kept as words.
_RELDAY = rf"(?:{_TODAY}|(?:tomorrow|tmrw|yesterday|(?:next|this|last)\s+{WEEKDAY}){_PART})"
# "on the 2nd floor" is not a date: a bare ordinal counts only at a clause end or before a time.
_NTH = rf"(?:the\s+\d{{1,2}}{_SUFFIX}?|\d{{1,2}}{_SUFFIX})(?={_AT_TIME}|\s*(?:$|[^\w\s]))"
# "on Friday Harbor Road", "by Friday Night Lights": a bare weekday followed by a capitalised
# word is a name, not a date.
_WEEKDAY_BARE = rf"{WEEKDAY}\.?{_PART}(?={_AT_TIME}|(?!\s+(?-i:[A-Z])))"
_LEDDAY = rf"(?:{WEEKDAY}\.?,?\s+{_ABS}|{_ABS}|{_RELDAY}|{_NTH}|{_WEEKDAY_BARE})"
_COUNT = r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_END_OF = r"(?:the\s+)?end\s+of\s+"
# Phrases that need no lead word and take no time; `_FIXED` is built from them so the two agree.
_FIXED_FORMS = {
    "eod": _EOD,
    "eow": rf"eow|{_END_OF}(?:the\s+|this\s+)?week",
    "end_next_week": rf"{_END_OF}next\s+week",
    "eom": rf"eom|{_END_OF}(?:the\s+|this\s+)?month",
    "end_next_month": rf"{_END_OF}next\s+month",
    "this_week": r"this\s+week",
    "next_week": r"next\s+week",
    "next_month": r"next\s+month",
}
_FIXED = "(?:" + "|".join(_FIXED_FORMS.values()) + ")"
# "Put in 2 weeks notice" is not a due date.
_IN_N = (
    rf"(?:in\s+{_COUNT}\s+(?:day|week|month)s?(?!\s+(?:of|notice)\b)"
    rf"|{_COUNT}\s+(?:day|week|month)s?\s+from\s+(?:now|today))"
)
_LED_BODY = (
    rf"(?:{_DAY_TIME}\s+(?:on\s+)?{_LEDDAY}|{_FIXED}|{_IN_N}|{_LEDDAY}(?:{_AT_TIME})?|{TIME})"
)
_FREE_BODY = (
    rf"(?:{_DAY_TIME}\s+(?:on\s+)?(?:{_RELDAY}|{_ABS}|{WEEKDAY}\.?(?!\s+(?-i:[A-Z])))"
    rf"|{_FIXED}|{_IN_N}|{_RELDAY}(?:{_AT_TIME})?)"
)
# Without a lead word a date may stand anywhere ("call VA Friday", "12/5 send the list"); whether
# it is one there depends on its neighbours, which `bot.when_words.stands_as_date` judges.
_BARE_BODY = (
    rf"(?:{WEEKDAY}\.?,?\s+{_ABS}|{_ABS}|{WEEKDAY}\.?{_PART}|{TIME}\s+(?:on\s+)?{_ABS}|{_AMPM})"
    rf"(?:{_AT_TIME})?"
)
# Shaped like a date or a clock but no real one: refused when it stands where a date would.
_BARE_JUNK = r"(?:\d{1,2}/\d{1,2}(?:/\d+)+|(?:2[4-9]|[3-9]\d):\d{2}|\d{1,2}:[6-9]\d)"
# After a lead word these clearly try to be a date or time; when no real shape fits, say so.
_JUNK = (
    rf"(?:\d+(?:[/:]\d*)+(?:\s?[ap]\.?m\.?)?|\d{{4}}-\d+(?:-\d+)*|\d+\s?[ap]\.?m\.?"
    rf"|{MONTH}\s+\d+{_SUFFIX}?)"
)
LEAD = r"(?:due\s*:|due\s+(?:by|on|before)|due|by|on|before|until|till|til)"

PHRASE = Pattern(
    rf"{_START}(?:(?P<lead>{LEAD})\s+(?P<body>{_LED_BODY})"
    rf"|(?P<atbody>at\s+(?:(?:{TIME}|{HOUR})\s+(?:on\s+)?{_LEDDAY}|{TIME}|{HOUR}{_HOUR_ENDS}))"
    rf"|(?P<free>{_FREE_BODY})"
    rf"|{LEAD}\s+(?P<junk>{_JUNK})"
    rf"|(?P<bare>{_BARE_BODY})"
    rf"|(?P<barejunk>{_BARE_JUNK})){_END}"
)
"""A date phrase inside free text; exactly one named group (body, atbody, free, junk, …) is set."""

WHOLE = Pattern(rf"\s*(?:(?:{LEAD}|at)\s+)?(?P<body>{_LED_BODY}){_END}[\s.!]*")
"""A whole string that is one date phrase (fullmatch)."""

SPLIT = Pattern(
    rf"(?:at\s+)?(?P<t0>{TIME})|at\s+(?P<h0>{HOUR})"
    rf"|(?:at\s+)?(?P<t1>{_DAY_TIME})\s+(?:on\s+)?(?P<d1>.+)|at\s+(?P<h1>{HOUR})\s+(?:on\s+)?(?P<d3>.+)"
    rf"|(?P<d2>.+?)(?:(?:,?\s+(?:at\s+|by\s+)?|T)(?P<t2>{_DAY_TIME})|,?\s+at\s+(?P<t3>{HOUR}))?"
)
"""A matched body split into its day part and time part (fullmatch)."""

EOD = Pattern(_EOD)
"""The end of the working day used as a time ("Friday EOD")."""

_DAY_FORMS = {
    "today": _TODAY,
    "tomorrow": rf"(?:tomorrow|tmrw){_PART}",
    "yesterday": rf"yesterday{_PART}",
    **_FIXED_FORMS,
    "in_n": rf"in\s+(?P<n>{_COUNT})\s+(?P<unit>day|week|month)s?",
    "from_now": rf"(?P<n>{_COUNT})\s+(?P<unit>day|week|month)s?\s+from\s+(?:now|today)",
    "rel_weekday": rf"(?P<rel>next|this|last)\s+(?P<wd>{WEEKDAY}){_PART}",
    "weekday": rf"(?P<wd>{WEEKDAY})\.?{_PART}",
    "weekday_date": rf"(?P<wd>{WEEKDAY})\.?,?\s+(?P<rest>.+)",
    "iso": r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",
    "mdy": r"(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?",
    "month_day": rf"(?P<mon>{MONTH})\s+(?P<d>\d{{1,2}}){_SUFFIX}?(?:,?\s+(?P<y>\d{{4}}))?",
    "day_month": (
        rf"(?:the\s+)?(?P<d>\d{{1,2}}){_SUFFIX}?\s+(?:of\s+)?(?P<mon>{MONTH})"
        rf"(?:,?\s+(?P<y>\d{{4}}))?"
    ),
    "nth": rf"(?:the\s+)?(?P<d>\d{{1,2}}){_SUFFIX}?",
}
DAY_FORMS: tuple[tuple[str, Pattern], ...] = tuple(
    (kind, Pattern(pattern)) for kind, pattern in _DAY_FORMS.items()
)
"""Each shape a day part can take, tried in order with fullmatch; the first that fits wins."""


def patterns() -> tuple[Pattern, ...]:
    """Every pattern of the grammar (to compile them all ahead of use)."""
    return (PHRASE, WHOLE, SPLIT, EOD, *(pattern for _kind, pattern in DAY_FORMS))


# Slack mentions, channel and links (<@U1|maria>, <#C1>, <https://…|x>), bare links and @names hold
# words that must never be read as dates; the caller extracts owners from them later.
_PROTECTED = re.compile(r"<[^<>]*>|https?://\S+|@[\w.-]+")


def mask(text: str) -> str:
    """Blank out protected spans and unify whitespace, keeping every index of `text` in place."""
    masked = _PROTECTED.sub(lambda m: "\x00" * len(m.group(0)), text)
    return re.sub(r"\s", " ", masked)


# What may dangle at the seam where a phrase was cut out of a title.
_SEAM = " ,;:-–—"


def cut(text: str, start: int, end: int) -> str:
    """Remove text[start:end] and mend the seam: no stray commas, dashes or empty brackets."""
    left, right = text[:start].rstrip(), text[end:].lstrip()
    if left.endswith("(") and right.startswith(")"):
        left, right = left[:-1].rstrip(), right[1:].lstrip()
    if not right.strip(_SEAM + ".!?"):  # only punctuation followed the phrase
        right = ""
    if not right:  # the phrase ended the text: so does the title, with no stray mark
        left = left.rstrip(_SEAM + ".")
    elif right[:1] in tuple(",;:"):
        left = left.rstrip(_SEAM)
    if not left:
        right = right.lstrip(_SEAM + ".")
    glue = "" if right[:1] in tuple(",;:.!?)") else " "
    return collapse(f"{left}{glue}{right}")


def collapse(text: str) -> str:
    """Collapse runs of whitespace into single spaces."""
    return " ".join(text.split())
