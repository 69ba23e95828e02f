"""Spans: the pieces of a line, each a distinct kind so every renderer treats it rightly.

`Typed` is text a person wrote (a title, a note, a question): every renderer escapes it, so a
typed `<!channel>` or a disguised link can never become markup. `Words` are Backbone's own words,
escaped the same way. Only the renderer writes mentions, channel links, dates and links.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal


@dataclass(frozen=True)
class Words:
    """Backbone's own words, shown as they are."""

    text: str


@dataclass(frozen=True)
class Typed:
    """Text a person typed, as stored; shown escaped, cut to `limit` characters when given."""

    text: str
    limit: int | None = None


@dataclass(frozen=True)
class Strong:
    """Spans shown in bold."""

    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Struck:
    """Spans shown struck through (a closed item)."""

    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Code:
    """Something to type, shown as code (`/action list`)."""

    text: str


@dataclass(frozen=True)
class Mention:
    """A person, by their platform id: the renderer makes it a mention."""

    person: str


@dataclass(frozen=True)
class ChannelRef:
    """A channel, by its platform id: the renderer makes it a link to the channel."""

    channel: str


@dataclass(frozen=True)
class When:
    """An instant and how to show it: a calendar day, or a day and time in the reader's zone.

    `fallback` is how it reads where the platform cannot localise it (in `tz`).
    """

    at: datetime
    fallback: str
    all_day: bool


@dataclass(frozen=True)
class Link:
    """A link to `url` with a label (the address itself when the label is empty)."""

    url: str
    label: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Quote:
    """Spans set apart as a quotation (a note someone wrote), every line of them marked."""

    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Day:
    """The calendar day of an instant, in each reader's zone (`fallback` where it cannot be)."""

    at: datetime
    fallback: str


Span = Words | Typed | Strong | Struck | Code | Mention | ChannelRef | When | Link | Quote | Day
Line = tuple[Span, ...]
Style = Literal["primary", "danger"]


def line(*pieces: Span | str) -> Line:
    """Return a line of spans; a bare string is Backbone's own words."""
    return tuple(Words(piece) if isinstance(piece, str) else piece for piece in pieces)


def joined(lines: Iterable[Line], separator: str) -> Line:
    """Return one line made of `lines` with Backbone's `separator` between them."""
    out: list[Span] = []
    for index, part in enumerate(lines):
        if index:
            out.append(Words(separator))
        out += part
    return tuple(out)


def mentions(people: Iterable[str], separator: str = ", ") -> Line:
    """Return people as mentions, joined."""
    return joined(((Mention(person),) for person in people), separator)


def strong(*pieces: Span | str) -> Strong:
    """Return the pieces in bold."""
    return Strong(line(*pieces))


def plain(spans: Iterable[Span]) -> str:
    """Return how a line reads without any markup (for labels, titles and logs)."""
    return "".join(_plain(span) for span in spans)


def _plain(span: Span) -> str:
    match span:
        case Words(text) | Typed(text, None) | Code(text):
            return text
        case Typed(text, limit):
            return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"
        case Strong(inner) | Struck(inner) | Quote(inner):
            return plain(inner)
        case Mention(person):
            return f"@{person}"
        case ChannelRef(channel):
            return f"#{channel}"
        case When(_, fallback, _) | Day(_, fallback):
            return fallback
        case Link(url, label):
            return plain(label) or url
    raise TypeError(span)
