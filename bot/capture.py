"""Reading meeting notes: which lines of a message are action items or decisions.

A line counts when it starts with `ACTION:`, `ACTION ITEM:`, `TODO:` or `DECISION:` (any case,
after a bullet or a number, bold or not), or is an unchecked checklist line (`- [ ] …`). Headings
such as `Action items:` or `TODO list is long` are not captures; neither are quoted lines or lines
inside a code block, which repeat words said elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from bot.text import GROUP_MENTION

Kind = Literal["action", "decision"]

MAX_LINES = 50
"""The most records one message makes; a longer paste is cut, and the reply says so."""

_BULLET = re.compile(r"^\s*(?:[-*+•◦▪‣]\s+|\d{1,3}[.)]\s+)?")
_CHECKBOX = re.compile(r"^\[\s?\]\s+")
# `*ACTION:*`, `*ACTION*:`, `**TODO:**`, `_Decision:_` and plain `ACTION:`; a bold mark left
# open is closed at the end of the line (`*ACTION: call the landlord*`).
_PREFIX = re.compile(
    r"^(?P<mark>\*{1,2}|_{1,2})?"
    r"(?P<word>action(?:[ -]item)?|to[ -]?do|decision)\s*"
    r"(?(mark)(?:(?P<closed>(?P=mark))\s*:|:\s*(?P<late>(?P=mark))?)|:)",
    re.IGNORECASE,
)
_FENCE = "```"
_QUOTE = ("&gt;", ">")


@dataclass(frozen=True)
class CaptureLine:
    """One line that makes a record: its kind, its words, and the line without its bullet."""

    kind: Kind
    text: str
    raw: str


@dataclass(frozen=True)
class Lines:
    """The capture lines of a message, in order, and how many more were left out."""

    lines: list[CaptureLine]
    left_out: int = 0


def capture_lines(text: str) -> Lines:
    """Return the lines of a message that become action items or decisions, in order."""
    found: list[CaptureLine] = []
    in_code = False
    for raw in text.splitlines():
        if raw.count(_FENCE) % 2:
            in_code = not in_code
            continue
        if in_code or raw.lstrip().startswith(_QUOTE):
            continue
        line = read_line(raw)
        if line is not None:
            found.append(line)
    return Lines(found[:MAX_LINES], max(0, len(found) - MAX_LINES))


def read_line(raw: str) -> CaptureLine | None:
    """Return what one line captures, or None when it is not a capture line."""
    bullet = _BULLET.match(raw)
    rest = raw = raw[bullet.end() :] if bullet else raw
    box = _CHECKBOX.match(rest)
    if box:
        rest = rest[box.end() :]
    prefix = _PREFIX.match(rest)
    if prefix is None:
        return _line("action", rest, raw) if box else None
    body = rest[prefix.end() :]
    mark = prefix["mark"]
    if mark and not (prefix["closed"] or prefix["late"]):
        body = body.rstrip().removesuffix(mark)
    kind: Kind = "decision" if prefix["word"].lower() == "decision" else "action"
    return _line(kind, body, raw)


def _line(kind: Kind, body: str, raw: str) -> CaptureLine | None:
    text = body.strip()
    # A prefix with nothing after it is a heading ("ACTION:" above a list), not a record.
    return CaptureLine(kind, text, raw.strip()) if text else None


def pair_up(
    old: Sequence[str], new: Sequence[str], *, likeness: float = 0.6
) -> tuple[list[tuple[int, int]], list[int]]:
    """Match records read from a message before an edit (`old`) with its lines after (`new`).

    Returns (pairs of (old index, new index), new indexes left without a record). Equal texts
    pair first; when as many records as lines are left, they pair in order (each line was
    edited in place); otherwise each line takes the most alike record, if alike enough.
    """
    free = list(range(len(old)))
    pairs: list[tuple[int, int]] = []
    unmatched: list[int] = []
    for j, text in enumerate(new):
        same = next((i for i in free if old[i] == text), None)
        if same is None:
            unmatched.append(j)
        else:
            free.remove(same)
            pairs.append((same, j))
    if len(free) == len(unmatched):
        return sorted(pairs + list(zip(free, unmatched, strict=True)), key=_by_new), []
    fresh: list[int] = []
    for j in unmatched:
        best = max(free, key=lambda i: _alike(old[i], new[j]), default=None)
        if best is not None and _alike(old[best], new[j]) >= likeness:
            free.remove(best)
            pairs.append((best, j))
        else:
            fresh.append(j)
    return sorted(pairs, key=_by_new), fresh


def _by_new(pair: tuple[int, int]) -> int:
    return pair[1]


def _alike(a: str, b: str) -> float:
    return SequenceMatcher(None, a.lower(), b.lower()).ratio()


def pushpin_text(text: str) -> str:
    """Return a whole message as one item's words: one line, @here and @channel left out."""
    return " ".join(GROUP_MENTION.sub(" ", text).split())
