"""The lines of the weekly digest, neutral: one per item, owner, decision or poll, and the week.

A list shows at most `MAX_LINES` lines; the rest are counted, never built. `size` says how
much room a line takes once written as markup, so a list can be cut to fit a section.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.clip import clip
from bot.messages.common import when
from bot.messages.spans import (
    ChannelRef,
    Code,
    Line,
    Link,
    Mention,
    Span,
    Strong,
    Struck,
    Typed,
    When,
    Words,
    joined,
    line,
    mentions,
    strong,
)
from bot.neutral import neutralise
from bot.services.digests import Counts, by_owner
from bot.services.polls import RESULTS_RULE, PollResult
from storage.digest_rows import ItemFacts
from storage.models import Decision

MAX_LINES = 10
ITEMS_PER_OWNER = 3
TITLE_CHARS = 80
OWNED_TITLE_CHARS = 50  # shorter in the by-owner lines, which hold several items each
DATE_TOKEN = len("<!date^1234567890^{date_short_pretty} at {time}|>")


def size(spans: Line) -> int:
    """Return how many characters a line takes as markup (Slack's mrkdwn, the tightest count)."""
    return sum(_size(span) for span in spans)


def _size(span: Span) -> int:
    match span:
        case Words(text) | Code(text):
            escaped = len(text) + 4 * text.count("&") + 3 * (text.count("<") + text.count(">"))
            return escaped + (2 if isinstance(span, Code) else 0)
        case Typed(text, limit):
            return len(neutralise(text if limit is None else clip(text, limit)))
        case Strong(inner) | Struck(inner):
            return size(inner) + 2
        case Mention(person) | ChannelRef(person):
            return len([char for char in person if char not in "<>|&"]) + 3
        case When(at, fallback, all_day):
            label = size((Words(fallback),))
            return label if all_day else label + DATE_TOKEN + len(str(int(at.timestamp()))) - 10
        case Link(url, label):
            address = len(url) + 2 * sum(url.count(char) for char in "<>| ")
            return address + 2 + (size(label) + 1 if label else 0)
    raise TypeError(span)


def code_of(code: str, url: str | None) -> Line:
    """Return a record's code, linking its source message when it has one."""
    return (Link(url, (Words(code),)),) if url else (Words(code),)


def item_text(item: ItemFacts, limit: int = TITLE_CHARS) -> Line:
    """Return an item's linked code and its title, shortened."""
    return (*code_of(item.code, item.source_url), Words(" "), Typed(item.title, limit))


def due_text(item: ItemFacts, now: datetime | None = None) -> When:
    """Return when an item is due, as every reader sees it in their own zone (year if far)."""
    assert item.due_at is not None
    return when(item.due_at, all_day=item.due_all_day, tz=item.due_tz or "UTC", now=now)


def due_day(item: ItemFacts, now: datetime | None = None) -> When:
    """Return the day an item was due, like "Fri Nov 20", in its own zone (year if far)."""
    assert item.due_at is not None
    return when(item.due_at, all_day=True, tz=item.due_tz or "UTC", now=now)


def owner_lines(
    items: Sequence[ItemFacts], *, with_due: bool, now: datetime | None = None
) -> tuple[list[Line], int]:
    """Return a line per owner (how many, the first few items and when due), and the owners."""
    groups = by_owner(items)
    lines: list[Line] = []
    for owner, owned in groups[:MAX_LINES]:
        texts = [
            (
                *item_text(i, OWNED_TITLE_CHARS),
                *(line(" (due ", due_day(i, now), ")") if with_due else ()),
            )
            for i in owned[:ITEMS_PER_OWNER]
        ]
        extra = len(owned) - ITEMS_PER_OWNER
        more = line(f"; +{extra} more") if extra > 0 else ()
        lines.append(line("• ", Mention(owner), f" — {len(owned)}: ", *joined(texts, "; "), *more))
    return lines, len(groups)


def item_lines(
    items: Sequence[ItemFacts], *, with_due: bool = False, now: datetime | None = None
) -> tuple[list[Line], int]:
    """Return a line per item (code, title, owners, when due), and how many items."""
    return [
        line("• ", *item_text(i), " — ", *mentions(i.owners),
             *(line(" · due ", due_text(i, now)) if with_due else ()))
        for i in items[:MAX_LINES]
    ], len(items)  # fmt: skip


def decision_lines(decisions: Sequence[Decision]) -> tuple[list[Line], int]:
    """Return a line per decision, with who recorded it, and how many decisions."""
    return [
        line("• ", *code_of(d.code, d.source_url), " ", Typed(d.text, 150), " — ",
             Mention(d.recorder_id))
        for d in decisions[:MAX_LINES]
    ], len(decisions)  # fmt: skip


def poll_lines(polls: Sequence[PollResult]) -> tuple[list[Line], int]:
    """Return a line per closed poll, with its results, and how many polls."""
    return [
        line("• ", *code_of(p.code, p.source_url), " ", Typed(p.question, 150), " — ",
             *_results(p))
        for p in polls[:MAX_LINES]
    ], len(polls)  # fmt: skip


def _results(poll: PollResult) -> Line:
    if not poll.total_voters:
        return line("no votes")
    people = "1 person" if poll.total_voters == 1 else f"{poll.total_voters} people"
    if poll.counts is None:
        return line(f"{people} voted anonymously. {RESULTS_RULE}, so these stay private")
    shares = [
        line(Typed(option, 40), f" {count} ({round(100 * count / poll.total_voters)}%)")
        for option, count in zip(poll.options, poll.counts, strict=False)
    ]
    said = f"{people} voted{' anonymously' if poll.anonymous else ''}: "
    return line(said, *joined(shares, " · "))


def summary(counts: Counts) -> tuple[Line, ...]:
    """Return the week in a few lines: a thank-you, the numbers, and what was on time."""
    if counts.done:
        first = line(strong(f"{counts.done} done this week — thank you!"), " 🙌")
    else:
        first = line(strong("Nothing was marked done this week."))
    numbers = line(f"{counts.new} new · {counts.open} open · {counts.overdue} overdue")
    return (first, numbers, *((line(on_time_sentence(counts)),) if counts.due else ()))


def on_time_sentence(counts: Counts) -> str:
    """Say what on time means here: "On time: 4 of 5 items due this week were done by…"."""
    were = (
        "item due this week was done by its"
        if counts.due == 1
        else ("items due this week were done by their")
    )
    rest = [f"{counts.late} done late"] if counts.late else []
    if counts.still_open:
        rest.append(f"{counts.still_open} not done yet, so overdue")
    tail = f" ({'; '.join(rest)})" if rest else ""
    return f"On time: {counts.on_time} of {counts.due} {were} due date{tail}."


def plainly(spans: Line) -> Line:
    """Return a line without marks: links read as their labels, code and dates as words."""
    out: list[Span] = []
    for span in spans:
        match span:
            case Strong(inner) | Struck(inner):
                out += plainly(inner)
            case Code(text):
                out.append(Words(text))
            case Link(_, label) if label:
                out += plainly(label)
            case When(_, fallback, _):
                out.append(Words(fallback))
            case Typed(text, limit):  # cut where the parts cut it, then drop the marks
                cut = text if limit is None else clip(text, limit)
                out.append(Typed(cut.replace("*", "").replace("`", "")))
            case _:
                out.append(span)
    return tuple(out)
