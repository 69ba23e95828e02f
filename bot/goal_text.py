"""Reading `/goal …`: which subcommand, and what follows it (a report, a template, a star).

A new goal's phrase is read by bot/goal_phrases.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.bfz import Population
from bot.errors import InvalidInput
from bot.goal_phrases import (
    MONTHLY_DAY,
    NUMBER,
    QUOTED,
    number,
    read_capacity,
    read_goal,
)
from bot.goal_phrases import (
    GoalDraft as GoalDraft,
)
from bot.text import from_mrkdwn, mentioned_users

CODE = re.compile(r"^g-?(\d{1,9})$", re.IGNORECASE)
POPULATIONS: dict[str, Population] = {
    "veteran": "veterans", "veterans": "veterans", "vets": "veterans", "vet": "veterans",
    "chronic": "chronic", "chronically": "chronic",
}  # fmt: skip
SUBCOMMANDS = ("add", "list", "edit", "stop", "report", "template", "capacity", "northstar",
               "help", "show")  # fmt: skip


@dataclass(frozen=True)
class GoalHelp:
    """`/goal` alone, or `/goal help`."""


@dataclass(frozen=True)
class SetNorthStar:
    text: str


@dataclass(frozen=True)
class AddGoal:
    draft: GoalDraft
    kind: str = "goal"  # or "capacity"


@dataclass(frozen=True)
class ListGoals:
    """`/goal list`."""


@dataclass(frozen=True)
class ShowGoal:
    number: int


@dataclass(frozen=True)
class EditGoal:
    number: int


@dataclass(frozen=True)
class StopGoal:
    number: int


@dataclass(frozen=True)
class ReportValue:
    number: int
    value: float
    period: str
    note: str | None


@dataclass(frozen=True)
class UseTemplate:
    population: Population
    owner: str | None
    day: int | None = None
    point_in_time: int | None = None  # chronic: the latest point-in-time count of individuals


@dataclass(frozen=True)
class GoalDidYouMean:
    meant: str


GoalCommand = (
    GoalHelp | SetNorthStar | AddGoal | ListGoals | ShowGoal | EditGoal | StopGoal | ReportValue
    | UseTemplate | GoalDidYouMean
)  # fmt: skip


def parse_goal_command(text: str, *, now: datetime, zone: ZoneInfo) -> GoalCommand:
    """Read `/goal …`; raise InvalidInput with a way forward when it cannot be read."""
    words = text.split()
    if not words or words[0].lower() in {"help", "?"}:
        return GoalHelp()
    head, rest = words[0].lower(), text.strip()[len(words[0]) :].strip()
    code = CODE.match(head)
    if code and not rest:
        return ShowGoal(int(code[1]))
    match head:
        case "northstar" | "north-star" | "north_star":
            return SetNorthStar(_north_star(rest))
        case "north" if rest.lower().startswith("star"):
            return SetNorthStar(_north_star(rest[4:]))
        case "add" | "new":
            return AddGoal(read_goal(rest, now=now, zone=zone))
        case "capacity":
            return AddGoal(read_capacity(rest, now=now, zone=zone), kind="capacity")
        case "list" | "ls":
            return ListGoals()
        case "show" | "edit" | "stop":
            number = _code(rest, head)
            return (
                ShowGoal(number)
                if head == "show"
                else (EditGoal(number) if head == "edit" else StopGoal(number))
            )
        case "report":
            return read_report(rest)
        case "template":
            return read_template(rest)
    return GoalDidYouMean(_near(head))


def _near(head: str) -> str:
    from difflib import get_close_matches

    found = get_close_matches(head, SUBCOMMANDS, n=1, cutoff=0.6)
    return found[0] if found else ""


def _north_star(text: str) -> str:
    quoted = QUOTED.match(text)
    # Quoted and nothing after: the words inside; else all of it, as typed (no words dropped).
    said = quoted[1] if quoted and not quoted[2].strip() else text
    star = from_mrkdwn(said.strip())
    if not star.strip("\"“”'‘’ "):  # nothing, or only quote marks: `northstar ""`
        raise InvalidInput(
            "What is this channel's north star? Say it in quotes, like: "
            '/goal northstar "Functional zero for veterans by December 2027"'
        )
    if len(star) > 300:
        raise InvalidInput("A north star is a short line: keep it under 300 characters.")
    return star


def _code(rest: str, verb: str) -> int:
    found = CODE.match(rest.split()[0]) if rest.split() else None
    if found is None:
        raise InvalidInput(f"Which goal? Put its code after {verb}, like: /goal {verb} G-1")
    return int(found[1])


REPORT = re.compile(
    r"^g-?(\d{1,9})\s*(?:is|was|=|:)?\s*" + NUMBER + r"%?\s*(.*)$", re.IGNORECASE | re.S
)
NOTE = re.compile(r"\s+(?:[—–]|-{1,2}|note:?|because|;)\s*|\s*[\"“](?=.)", re.IGNORECASE)


CODE_FIRST = re.compile(r"^g-?(\d{1,9})\s*(?:is|was|=|:)?\s*(\S+)", re.IGNORECASE)
# Emoji and other pictures typed beside a value ("62 🎉") say nothing about its period.
PICTURES = re.compile(r"[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")


def read_report(text: str) -> ReportValue:
    """Read `report G-1 62 [for November] [— a note]`."""
    found = REPORT.match(text.strip())
    if found is None:
        raise InvalidInput(_no_value(text))
    rest = found[3].strip()
    split = NOTE.search(" " + rest)
    period, note = (rest, None) if split is None else (
        (" " + rest)[: split.start()].strip(),
        from_mrkdwn((" " + rest)[split.end() :].strip().strip("\"“”")) or None,
    )  # fmt: skip
    return ReportValue(int(found[1]), number(found[2]), _without_pictures(period), note)


def _no_value(text: str) -> str:
    """Say what is missing from a report: the goal's code, or a value in digits."""
    said = CODE_FIRST.match(text.strip())
    if said is None:
        return "Which goal, and what value? Write it like: /goal report G-1 62 for November"
    code = f"G-{said[1]}"
    return (f"What value for {code}? “{said[2][:40]}” isn't a number: write it in digits, like: "
            f"/goal report {code} 62 for November. Nothing was saved.")  # fmt: skip


def _without_pictures(words: str) -> str:
    """Return a period's words without the emoji and symbols typed beside them."""
    kept = "".join(c for c in words if unicodedata.category(c) not in {"So", "Sk"})
    return " ".join(PICTURES.sub("", kept).split())


# "pit 2450", "PIT count 2,450", "point-in-time count: 2450"
POINT_IN_TIME = re.compile(
    r"\b(?:pit|point[- ]in[- ]time)(?:\s+count)?\s*[:=]?\s*(\d{1,3}(?:,\d{3})+|\d+)(?![.,]?\d)",
    re.I,
)
PIT_WORD = re.compile(r"\b(?:pit|point[- ]in[- ]time)\b", re.I)


def read_template(text: str) -> UseTemplate:
    """Read `template bfz veterans|chronic [@owner] [monthly on the 5th] [pit 2,450]`."""
    words = text.split()
    if not words or words[0].lower() not in {"bfz", "built-for-zero", "builtforzero"}:
        raise InvalidInput(
            "The template is Built for Zero's monthly measures: /goal template bfz veterans "
            "(or chronic)."
        )
    rest = " ".join(words[1:]).lower()
    population = next((POPULATIONS[w] for w in re.findall(r"[a-z]+", rest) if w in POPULATIONS),
                      None)  # fmt: skip
    if population is None:
        raise InvalidInput(
            "Which population? /goal template bfz veterans, or /goal template bfz chronic."
        )
    owners = mentioned_users(text)
    day = MONTHLY_DAY.search(text)
    count = POINT_IN_TIME.search(text)
    if count is None and PIT_WORD.search(text):
        raise InvalidInput(
            "The point-in-time count is a whole number of people: /goal template bfz chronic "
            "pit 2,450. Nothing was saved."
        )
    if count and population != "chronic":
        raise InvalidInput(
            "The point-in-time count is for chronic homelessness: /goal template bfz chronic "
            "pit 2,450. The veterans measures need no count."
        )
    return UseTemplate(population, owners[0] if owners else None,
                       int(day[1] or day[2]) if day else None,
                       int(count[1].replace(",", "")) if count else None)  # fmt: skip
