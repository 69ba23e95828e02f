"""Reading `/poll …`: the question and options in quotes (straight or curly), then flags.

    /poll "Where should we meet?" "Library" "Church hall" anonymous multi closes Friday 5pm

Phones type “curly” quotes, so any double quote opens or closes a quoted text; single quotes
(' ‘ ’) work too when they start a word, so an apostrophe inside a word ("don't") stays a letter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.errors import DateError, InvalidInput
from bot.text import from_mrkdwn
from bot.when import read_when

MIN_OPTIONS, MAX_OPTIONS = 2, 10
MAX_QUESTION = 300
MAX_OPTION = 75  # Slack's limit for a button's text
DOUBLE_QUOTES = '"“”„‟'
SINGLE_OPENERS = "'‘’‚‛"
SINGLE_CLOSERS = "'’‘‛"
EXAMPLE = '/poll "Where should we meet next?" "Library" "Church hall" "Online"'
FLAG_WORDS = {
    "anonymous": "anonymous",
    "anon": "anonymous",
    "anonymously": "anonymous",
    "multi": "multi",
    "multiple": "multi",
    "hidden": "hidden",
    "hide": "hidden",
    "closes": "closes",
    "close": "closes",
    "closing": "closes",
    "ends": "closes",
    "until": "closes",
    "repeat": "repeat",
    "repeats": "repeat",
    "weekly": "weekly",
    "link": "link",
    "web": "link",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "english": "en",
    "inglés": "en",
}
LANGUAGE_FLAGS = ("es", "en")
POLL_CODE = re.compile(r"(?:p-?|#)?(\d{1,9})", re.IGNORECASE)


@dataclass(frozen=True)
class PollHelp:
    """`/poll` alone, or `/poll help`."""


@dataclass(frozen=True)
class PollList:
    """`/poll list`: the open polls of this channel."""


@dataclass(frozen=True)
class PollChange:
    """`/poll close P-3` or `/poll stop P-3`."""

    verb: str
    number: int


@dataclass(frozen=True)
class PollCreate:
    """`/poll "Question?" "A" "B" …`: the text to read as a new poll."""

    text: str


@dataclass(frozen=True)
class PollShare:
    """`/poll link P-3 [spanish]`: the web address of an existing poll."""

    number: int
    language: str | None = None


@dataclass(frozen=True)
class PollPeople:
    """`/poll people P-3 "Advisor 1" "Advisor 2"`: one link per named person."""

    number: int
    labels: list[str]


PollCommand = PollHelp | PollList | PollChange | PollCreate | PollShare | PollPeople


@dataclass(frozen=True)
class PollDraft:
    """A poll as typed: its words, how it is voted, when it closes, whether it repeats."""

    question: str
    options: list[str]
    anonymous: bool = False
    multi: bool = False
    hidden: bool = False
    closes_at: datetime | None = None
    repeat: str | None = None
    zone: str = "UTC"  # the zone it was typed in
    link: bool = False  # also answered on the web, by link
    language: str | None = None  # the web page's own words: "en" or "es" (None: English)


def parse_poll_command(text: str) -> PollCommand:
    """Tell which `/poll` subcommand a text is."""
    words = text.split()
    first = words[0].lower() if words else "help"
    if first == "help" and len(words) <= 1:
        return PollHelp()
    if first == "list" and len(words) == 1:
        return PollList()
    if first in {"link", "links", "web"} and not _has_quotes(text):
        return _share(words)
    if first in {"people", "person", "personal"} and _coded(words):
        return _people(text, first)
    if first in {"close", "stop"} and len(words) <= 2 and not _has_quotes(text):
        code = POLL_CODE.fullmatch(words[1]) if len(words) == 2 else None
        if code is None:
            raise InvalidInput(f"Which poll? Add its code, like: /poll {first} P-3")
        return PollChange(first, int(code.group(1)))
    return PollCreate(text)


def _coded(words: list[str]) -> bool:
    return len(words) >= 2 and POLL_CODE.fullmatch(words[1]) is not None


def _share(words: list[str]) -> PollShare:
    code = POLL_CODE.fullmatch(words[1]) if len(words) >= 2 else None
    rest = [FLAG_WORDS.get(word.lower().strip(",;.")) for word in words[2:]]
    if code is None or len(rest) > 1 or any(flag not in LANGUAGE_FLAGS for flag in rest):
        raise InvalidInput(
            "Which poll? Add its code, like: /poll link P-3 (or /poll link P-3 spanish)"
        )
    return PollShare(int(code.group(1)), rest[0] if rest else None)


def _people(text: str, first: str) -> PollPeople:
    lead, labels, rest = split_quoted(text)
    code = POLL_CODE.fullmatch(lead[1]) if len(lead) == 2 and not rest else None
    if code is None or not labels:
        raise InvalidInput(
            f"Add the poll's code and a label for each person, like: /poll {first} P-3 "
            '"Advisor 1" "Advisor 2". Use labels, not names: the links go by text message.'
        )
    return PollPeople(int(code.group(1)), labels)


def read_poll_text(text: str, *, now: datetime, zone: ZoneInfo) -> PollDraft:
    """Read a new poll; raise InvalidInput (or DateError) saying what to fix."""
    lead, quoted, rest = split_quoted(text)
    if not quoted:
        raise InvalidInput(f"Put the question and each option in quotes, like: {EXAMPLE}")
    if lead and not _all_flags(lead):
        question, options = " ".join(lead), quoted  # an unquoted question is fine too
    else:
        question, options, rest = quoted[0], quoted[1:], lead + rest
    flags = read_flags(rest)
    draft = PollDraft(
        question=check_question(question),
        options=check_options(options),
        anonymous="anonymous" in flags,
        multi="multi" in flags,
        hidden="hidden" in flags,
        closes_at=_closes(flags.get("closes"), now=now, zone=zone),
        repeat="weekly" if "weekly" in flags else None,
        zone=zone.key,
        link="link" in flags or any(language in flags for language in LANGUAGE_FLAGS),
        language=next((language for language in LANGUAGE_FLAGS if language in flags), None),
    )
    if draft.hidden and not draft.anonymous:
        raise InvalidInput(
            "Reactions show for everyone, so an emoji poll can't hide its results. "
            'For hidden results, make it anonymous too: /poll "Question?" "A" "B" anonymous hidden'
        )
    return draft


def split_quoted(text: str) -> tuple[list[str], list[str], list[str]]:
    """Return the bare words before the first quote, the quoted texts, and the bare words after."""
    lead: list[str] = []
    quoted: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(text):
        start, end, inner = _next_quote(text, position)
        bare = text[position:start].split()
        (rest if quoted else lead).extend(bare)
        if inner is None:
            break
        quoted.append(inner.strip())
        position = end
    return lead, quoted, rest


def _next_quote(text: str, position: int) -> tuple[int, int, str | None]:
    """Find the next quoted text from `position`: (its start, the index after it, its words)."""
    for index in range(position, len(text)):
        char = text[index]
        if char in DOUBLE_QUOTES:
            close = _find(text, index + 1, lambda i: text[i] in DOUBLE_QUOTES)
        elif char in SINGLE_OPENERS and (index == 0 or text[index - 1].isspace()):
            close = _find(text, index + 1, lambda i: _closes_single(text, i))
        else:
            continue
        if close is None:
            raise InvalidInput(
                f"A quote is opened but never closed. Put each text in quotes, like: {EXAMPLE}"
            )
        return index, close + 1, text[index + 1 : close]
    return len(text), len(text), None


def _find(text: str, start: int, found: Callable[[int], bool]) -> int | None:
    return next((i for i in range(start, len(text)) if found(i)), None)


def _closes_single(text: str, index: int) -> bool:
    after = index + 1
    return text[index] in SINGLE_CLOSERS and (after == len(text) or not text[after].isalnum())


def _has_quotes(text: str) -> bool:
    return any(char in DOUBLE_QUOTES + SINGLE_OPENERS for char in text)


def _all_flags(words: list[str]) -> bool:
    try:
        read_flags(words)
    except InvalidInput:
        return False
    return True


def read_flags(words: list[str]) -> dict[str, str]:
    """Read the flags after the options; `closes` keeps its date phrase."""
    flags: dict[str, str] = {}
    index = 0
    while index < len(words):
        word = words[index].lower().strip(",;.")
        flag = FLAG_WORDS.get(word)
        index += 1
        if flag is None:
            raise InvalidInput(
                f"I didn't understand “{words[index - 1]}”. Put each option in quotes; after "
                "them you can add: anonymous, multi, hidden, closes Friday 5pm, repeat weekly, "
                "link (spanish)."
            )
        if flag == "closes":
            phrase = _until_next_flag(words, index)
            index += len(phrase)
            flags["closes"] = " ".join(phrase)
        elif flag == "repeat":
            index = _read_repeat(words, index)
            flags["weekly"] = "weekly"
        else:
            flags[flag] = flag
    return flags


def _until_next_flag(words: list[str], index: int) -> list[str]:
    phrase: list[str] = []
    while index < len(words) and words[index].lower().strip(",;.") not in FLAG_WORDS:
        phrase.append(words[index])
        index += 1
    if not phrase:
        raise InvalidInput(
            "When should the poll close? Say it after closes, like: closes Friday 5pm"
        )
    return phrase


def _read_repeat(words: list[str], index: int) -> int:
    following = " ".join(w.lower().strip(",;.") for w in words[index : index + 2])
    if following.startswith("weekly"):
        return index + 1
    if following == "every week":
        return index + 2
    raise InvalidInput("Polls can repeat weekly: add repeat weekly after the options.")


def check_question(question: str) -> str:
    """Return the question, or raise InvalidInput when it is empty or too long."""
    shown = from_mrkdwn(question).strip()
    if not shown:
        raise InvalidInput(f"What is the question? Put it first, in quotes, like: {EXAMPLE}")
    if len(shown) > MAX_QUESTION:
        raise InvalidInput(
            f"The question is {len(shown):,} characters; a poll's question can have up to "
            f"{MAX_QUESTION}. Shorten it and add the details in the poll's thread."
        )
    return question.strip()


def check_options(options: list[str]) -> list[str]:
    """Return the options, or raise InvalidInput saying what is wrong with them."""
    if len(options) < MIN_OPTIONS:
        raise InvalidInput(f"A poll needs at least two options, each in quotes, like: {EXAMPLE}")
    if len(options) > MAX_OPTIONS:
        raise InvalidInput(
            f"That is {len(options)} options; a poll can have up to {MAX_OPTIONS}. "
            "Combine a few, or split it into two polls."
        )
    seen: set[str] = set()
    for number, option in enumerate(options, start=1):
        shown = from_mrkdwn(option).strip()
        if not shown:
            raise InvalidInput(f"Option {number} is empty. Write something between its quotes.")
        if len(shown) > MAX_OPTION:
            raise InvalidInput(
                f"Option {number} is {len(shown)} characters; an option can have up to "
                f"{MAX_OPTION} so it fits on a button. Shorten it."
            )
        if shown.casefold() in seen:
            raise InvalidInput(f"“{shown}” is in the list twice. Keep each option once.")
        seen.add(shown.casefold())
    return [option.strip() for option in options]


def _closes(phrase: str | None, *, now: datetime, zone: ZoneInfo) -> datetime | None:
    if phrase is None:
        return None
    due = read_when(phrase, now=now, zone=zone)
    if due.at <= now:
        raise DateError(
            f"“{phrase}” has already passed. Pick a later time for the poll to close, "
            "like closes tomorrow 5pm."
        )
    return due.at
