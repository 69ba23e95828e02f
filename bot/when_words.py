"""Which words around a bare date make it one, and which words are a date word mistyped.

A date with no lead word ("call VA Friday", "send the list 12/5") counts only where people put
due dates: at the end of a clause, or at the start before what to do. Next to a noun it names
something ("Monday meeting notes", "Wed pantry volunteers", "room 2/3"), and it stays in the
title. A word one letter away from a date word ("Fridy", "Decmber", "tomorow") is never kept
silently: the caller refuses it and says what it could not read.
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE | re.ASCII

# A bare date that ends a clause: the text ends, punctuation, a mention, or a joining word.
_CLAUSE_END = re.compile(
    r"\s*(?:$|[^\w\s]|\x00|(?:and|then|to|or|but|so|please|pls|about|re|regarding|for|with|at"
    r"|in|if|before|after|unless)\b)",
    _FLAGS,
)
_PUNCTUATION_END = re.compile(r"\s*(?:$|[^\w\s])")
# A clause starts at the start of the text, after punctuation, or after mentions.
_CLAUSE_START = re.compile(r"(?:^|[.;:!?(\[\x00]|\s[-–—])\s*$")
# Words that name what a day is for ("Friday meeting", "Wed pantry volunteers"), not a task.
_NAMES_A_THING = re.compile(
    r"\s+(?:meetings?|notes|minutes|standups?|huddles?|pantry|shifts?|clinics?|groups?|lunch"
    r"|dinner|breakfast|volunteers?|team|crew|session|trainings?|class(?:es)?|distribution"
    r"|agenda|report|outreach|market|service|meals?|drop-?in|hours|newsletter|count|street"
    r"|night|morning|afternoon|evening|cohort|schedule|roster|list|email|question|questions"
    r"|people|beds?|units?|clients?|folks|families|households|of|off|price|split|percent|%)\b",
    _FLAGS,
)
# Before a bare date, these make it a thing's name or a number ("the Monday group", "room 2/3").
_BEFORE_A_NAME = re.compile(
    r"(?:\b(?:the|a|an|our|their|your|his|her|my|this|that|every|each|last|room|rm|unit|apt"
    r"|suite|ste|lot|bed|bus|route|section|floor|building|bldg|no|number|score|ratio|rated"
    r"|about|since|from|during|of|over)|#)\s*$",
    _FLAGS,
)
# "Mr. A", "Ms. J": a person's initial, as case notes keep clients anonymous, not the article "a".
_INITIAL = re.compile(r"\b(?:mr|mrs|ms|mx|dr|miss)\.?\s+[A-Z]\.?\s*$", re.IGNORECASE)
# "Sun", "Sat", "Wed" and "Mon" are also words ("sat with", "got wed", "Sun Valley"): bare, they
# count only capitalised and at a clause end.
# April, May, June and August are also people: after a word that takes a person ("call April 5",
# "ask May 3 questions") the month is a name.
_NAME_MONTH = re.compile(r"(?:april|may|june|august)\s", _FLAGS)
_TAKES_A_PERSON = re.compile(
    r"\b(?:call|ask|text|email|meet|thank|tell|remind|invite|pay|help|see|visit|give|send|with"
    r"|and|from|to|for|cc|ping|reach|contact|message|dm|introduce|connect|pick\s+up)\s+$",
    _FLAGS,
)
_RISKY = re.compile(r"(?:sun|sat|wed|mon)\.?", _FLAGS)
_LISTED = re.compile(r"(?:\b(?:and|or)|[&,/])\s*$", _FLAGS)
_RISKY_CAPITAL = re.compile(r"(?:Sun|Sat|Wed|Mon)\.?")
_WEEKDAY_START = re.compile(r"(?:mon|tue|wed|thu|fri|sat|sun)", _FLAGS)


def stands_as_date(masked: str, start: int, end: int) -> bool:
    """Tell whether a bare date span of a masked text is a due date where it stands."""
    span, before, after = masked[start:end], masked[:start], masked[end:]
    if _BEFORE_A_NAME.search(before) and not _INITIAL.search(before):
        return False
    if _NAME_MONTH.match(span) and _TAKES_A_PERSON.search(before):
        return False
    if _RISKY.fullmatch(span):
        if _LISTED.search(before):  # "open Sat and Sun" lists days, it sets no due
            return False
        capital = _RISKY_CAPITAL.fullmatch(span) is not None
        return capital and _PUNCTUATION_END.match(after) is not None
    if _ends_clause(after):
        return True
    if _NAMES_A_THING.match(after) or re.match(r"\s+[A-Z]", after):
        return False
    starts = _CLAUSE_START.search(before) is not None
    return starts and not (_WEEKDAY_START.match(span) and re.match(r"\s+\d", after))


def _ends_clause(after: str) -> bool:
    return _CLAUSE_END.match(after) is not None


_DATE_WORDS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "september",
    "october",
    "november",
    "december",
    "tomorrow",
    "yesterday",
)
# Real words and names one letter from a date word; misspellings people make more than once.
_NOT_TYPOS = frozenset({"frida", "sundae", "sundry", "sunday's", "octobers"})
_COMMON_TYPOS = {
    "tommorow": "tomorrow",
    "tommorrow": "tomorrow",
    "tomorow": "tomorrow",
    "tmorrow": "tomorrow",
    "wendesday": "Wednesday",
    "wensday": "Wednesday",
    "wednsday": "Wednesday",
    "thrusday": "Thursday",
    "feburary": "February",
    "febuary": "February",
}
_WORD = re.compile(r"[A-Za-z]{5,}")


def near_miss(masked: str) -> tuple[str, str] | None:
    """Return the first word one letter away from a date word, and that word; else None."""
    for match in _WORD.finditer(masked):
        word = match.group(0)
        lower = word.lower()
        if lower in _NOT_TYPOS or lower in _DATE_WORDS:
            continue
        if lower in _COMMON_TYPOS:
            return word, _COMMON_TYPOS[lower]
        meant = next((w for w in _DATE_WORDS if _one_edit(lower, w)), None)
        if meant is not None and lower != meant + "s":
            return word, meant if meant in ("tomorrow", "yesterday") else meant.title()
    return None


def _one_edit(word: str, target: str) -> bool:
    """Tell whether one insertion, deletion, change or swap of neighbours turns word into target."""
    if abs(len(word) - len(target)) > 1 or word[0] != target[0]:
        return False
    if len(word) == len(target):
        diffs = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        i = diffs[0] if len(diffs) == 2 else -1
        return diffs == [i, i + 1] and word[i] == target[i + 1] and word[i + 1] == target[i]
    short, long = sorted((word, target), key=len)
    i = next((k for k, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), len(short))
    return short[i:] == long[i + 1 :]
