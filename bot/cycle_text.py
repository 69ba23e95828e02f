"""Reading `/pdsa …`: which subcommand, and a cycle's code in `/action … for T-3`.

`/pdsa` alone opens the form; words that are no subcommand open it too, as the change idea
("/pdsa Text reminders the day before intake"). A first word one letter from a subcommand,
alone or before a code, is asked about instead ("Did you mean /pdsa list?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches

from bot.errors import InvalidInput
from bot.subcommands import lead_word

CODE = re.compile(r"t-?(\d{1,9})", re.IGNORECASE)
AFTER_VERB = re.compile(r"(?:t-?|#)?(\d{1,9})", re.IGNORECASE)  # "edit T-3", "edit 3", "edit #3"
CODE_BEGUN = re.compile(r"t-?\d*[.,;:]?|#?\d+", re.IGNORECASE)  # "T-", "T-x" aside: a code meant
# "for T-3" anywhere in an item's words: the cycle it is a task of.
FOR_CYCLE = re.compile(r"(?:^|(?<=\s))for\s+t-?(\d{1,9})(?![\w-])[.,;:]?", re.IGNORECASE)
SUBCOMMANDS = ("new", "list", "show", "edit", "learned", "help")
SYNONYMS = {
    "start": "new", "add": "new", "plan": "new", "create": "new", "ls": "list", "all": "list",
    "learnt": "learned", "learning": "learned", "learnings": "learned", "lessons": "learned",
    "log": "learned", "?": "help", "change": "edit",
}  # fmt: skip
WORKSPACE_WORDS = {"all", "everywhere", "workspace", "every"}


@dataclass(frozen=True)
class NewCycle:
    """`/pdsa`, `/pdsa new`, or `/pdsa <a change idea>`: open the form."""

    change_idea: str = ""


@dataclass(frozen=True)
class ListCycles:
    """`/pdsa list`."""


@dataclass(frozen=True)
class ShowCycle:
    number: int


@dataclass(frozen=True)
class EditCycle:
    number: int


@dataclass(frozen=True)
class Learned:
    """`/pdsa learned` (this channel) or `/pdsa learned all` (the workspace)."""

    everywhere: bool = False


@dataclass(frozen=True)
class CycleHelp:
    """`/pdsa help`."""


@dataclass(frozen=True)
class CycleDidYouMean:
    meant: str


CycleCommand = NewCycle | ListCycles | ShowCycle | EditCycle | Learned | CycleHelp | CycleDidYouMean


def parse_pdsa_command(text: str) -> CycleCommand:
    """Read `/pdsa …`; raise InvalidInput with a way forward when a code is missing."""
    words = text.split()
    if not words:
        return NewCycle()
    if words[0] == "?":
        return CycleHelp()
    head = lead_word(words[0])
    rest = words[1:]
    if CODE.fullmatch(head) and not rest:
        return ShowCycle(int(CODE.fullmatch(head)[1]))  # type: ignore[index]
    name = head if head in SUBCOMMANDS else SYNONYMS.get(head)
    if name is not None and _reads_as(name, head, rest):
        return _subcommand(name, rest)
    near = _near(head)
    if near and (not rest or (len(rest) == 1 and CODE.fullmatch(rest[0]))):
        return CycleDidYouMean(near)
    return NewCycle(change_idea=" ".join(words[1:] if head == "new" else words))


def _reads_as(name: str, head: str, rest: list[str]) -> bool:
    """Tell whether a first word is the subcommand, not a change idea that starts with it."""
    if name == "new":
        return head == "new" or not rest
    if name in {"list", "show", "edit"} and rest:
        return len(rest) == 1 and CODE_BEGUN.fullmatch(rest[0]) is not None
    return name != "list" or not rest


def _subcommand(name: str, rest: list[str]) -> CycleCommand:
    match name:
        case "new":
            return NewCycle(change_idea=" ".join(rest))
        case "list":
            return ListCycles()
        case "learned":
            return Learned(everywhere=bool(rest) and lead_word(rest[0]) in WORKSPACE_WORDS)
        case "help":
            return CycleHelp()
    number = _code(rest, name)
    return ShowCycle(number) if name == "show" else EditCycle(number)


def _code(rest: list[str], verb: str) -> int:
    found = AFTER_VERB.fullmatch(rest[0].rstrip(".,;:")) if len(rest) == 1 else None
    if found is None:
        raise InvalidInput(
            f"Which test of change? Say its code, like: /pdsa {verb} T-3. "
            "/pdsa list shows this channel's."
        )
    return int(found[1])


def _near(head: str) -> str:
    found = get_close_matches(head, SUBCOMMANDS, n=1, cutoff=0.75)
    return found[0] if found else ""


def split_cycle_ref(text: str) -> tuple[str, int | None]:
    """Take "for T-3" out of an item's words: the words left, and the cycle's number if any."""
    found = FOR_CYCLE.search(text)
    if found is None:
        return text, None
    rest = f"{text[: found.start()]} {text[found.end() :]}"
    return " ".join(rest.split()), int(found[1])
