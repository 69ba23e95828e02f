"""Telling a mistyped `/action` subcommand from a title: near misses, item codes, lead words.

A first word that is a subcommand, starts like one, or is one letter away from one is read as a
command only when what follows looks like a command (an item code, nothing at all, a list word);
otherwise it is a title, because real titles begin with these words too ("Drop off the blankets",
"Due diligence on the landlord", "Back up the HMIS export").
"""

from __future__ import annotations

import re

from bot.ids import PERSON_ID

SUBCOMMANDS = (
    "done",
    "drop",
    "snooze",
    "due",
    "assign",
    "edit",
    "list",
    "away",
    "back",
    "help",
    "coordinators",
)
# Words people use for a subcommand; read as it only when an item code follows ("close A-3").
SYNONYMS = {
    "complete": "done",
    "completed": "done",
    "finish": "done",
    "finished": "done",
    "close": "done",
    "closed": "done",
    "did": "done",
    "cancel": "drop",
    "delete": "drop",
    "remove": "drop",
    "postpone": "snooze",
    "remind": "snooze",
    "reassign": "assign",
    "give": "assign",
    "show": "list",
    "ls": "list",
    "coordinator": "coordinators",
}
STRICT_CODE = re.compile(r"(?:a-?|#)(\d{1,9})", re.IGNORECASE)
BARE_CODE = re.compile(r"(\d{1,9})")
# A code begun but not finished or not readable: "A-", "A-x", "#", "a3b".
CODE_ATTEMPT = re.compile(r"(?:a-\S*|a\d\S*|#\d\S*|#)", re.IGNORECASE)
ANY_CODE = re.compile(r"(?<![\w-])a-(\d{1,9})\b", re.IGNORECASE)
SEPARATORS = {",", "and", "&", "+"}
MENTION_WORD = re.compile(rf"<@{PERSON_ID}(?:\|[^>]*)?>[,.]?")
LIST_WORDS = {"mine", "me", "channel", "here", "overdue", "all"}
PUNCTUATION = ".,;:!?"


def lead_word(word: str) -> str:
    """Return a first word as a subcommand is compared: lower case, trailing punctuation off."""
    return word.lower().rstrip(PUNCTUATION)


def near_miss(word: str) -> str | None:
    """Return the subcommand a word is one letter from, or starts like (3 letters or more)."""
    if word in SUBCOMMANDS:
        return word
    for name in SUBCOMMANDS:
        if len(word) >= 3 and (name.startswith(word) or word.startswith(name)):
            return name
    for name in SUBCOMMANDS:
        if _one_edit(word, name):
            return name  # "Sue" and "Doe" too: only read as "due" when a code or nothing follows
    return SYNONYMS.get(word)


def _one_edit(a: str, b: str) -> bool:
    """Tell whether two words differ by one letter added, dropped, changed or swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        return len(diff) == 1 or (swapped and a[diff[1]] == b[diff[0]])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def read_codes(words: list[str], *, bare: bool) -> tuple[tuple[int, ...], list[str]]:
    """Read the item codes a subcommand starts with ("A-1 A-2", "A-1, A-2", "A-1 and A-3").

    Return the numbers and the words after them. A bare number counts only first, and only when
    `bare` (in "done 3 beds held", 3 is the code; in "Drop 3 boxes at the shelter" it is not).
    """
    numbers: list[int] = []
    index = 0
    while index < len(words):
        word = words[index]
        if numbers and word.lower() in SEPARATORS:
            index += 1
            continue
        parts = [part for part in word.split(",") if part]
        found = [_code(part, bare=bare and not numbers and i == 0) for i, part in enumerate(parts)]
        if not parts or None in found:
            break
        numbers += [number for number in found if number is not None]
        index += 1
    while numbers and index and words[index - 1].lower() in SEPARATORS:
        index -= 1  # "done A-1 and": the "and" is not a code
    return tuple(dict.fromkeys(numbers)), words[index:]


def _code(word: str, *, bare: bool) -> int | None:
    word = word.rstrip(PUNCTUATION)
    match = STRICT_CODE.fullmatch(word) or (BARE_CODE.fullmatch(word) if bare else None)
    return int(match.group(1)) if match else None


def looks_like_command(words: list[str]) -> bool:
    """Tell whether the words after a lead word read as a command's: nothing, or a code begun."""
    return not words or bool(CODE_ATTEMPT.fullmatch(words[0].rstrip(PUNCTUATION)))


def code_in(words: list[str]) -> int | None:
    """Return the first A-<n> code anywhere in some words ("assign @jo to A-3"), or None."""
    match = ANY_CODE.search(" ".join(words))
    return int(match.group(1)) if match else None


def only_mentions(words: list[str]) -> bool:
    """Tell whether some words are nothing but people mentioned (and separators)."""
    return all(MENTION_WORD.fullmatch(w) or w.lower() in SEPARATORS for w in words)
