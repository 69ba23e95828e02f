"""The lines that report on tests of change, neutral: in the digest and in the learning log.

Everything a person wrote (change idea, prediction, reason, learning) is a `Typed` span, cut
short here; the record itself keeps it whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from bot.messages.common import when
from bot.messages.digest_lines import MAX_LINES
from bot.messages.spans import ChannelRef, Line, Typed, line, mentions
from storage.cycle_reports import CycleFacts

IDEA_CHARS = 80
SAID_CHARS = 150  # a prediction, a reason, a learning: one line of it
DECISION_WORDS = {"adopted": "adopted", "adapted": "adapted", "abandoned": "abandoned"}


def first_line(text: str | None) -> str | None:
    """Return the first non-empty line of what someone wrote, or None."""
    for said in (text or "").splitlines():
        if said.strip():
            return said.strip()
    return None


def learned(cycle: CycleFacts) -> str | None:
    """Return one line of what a cycle taught: its learning, else its result."""
    return first_line(cycle.learning) or first_line(cycle.result)


def day(on: date, now: datetime | None = None) -> Line:
    """Return a calendar day, like "Fri Dec 4" (its year when far from `now`)."""
    noon = datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
    return (when(noon, all_day=True, tz="UTC", now=now),)


def dates(cycle: CycleFacts, now: datetime) -> Line:
    """Return a cycle's days, "Tue Dec 1 – Fri Dec 11"."""
    return line(*day(cycle.starts_on, now), " – ", *day(cycle.ends_on, now))


def heading_of(cycle: CycleFacts) -> Line:
    """Return a cycle's code and its change idea, shortened."""
    return line(cycle.code, " ", Typed(cycle.change_idea, IDEA_CHARS))


def started_lines(cycles: Sequence[CycleFacts], now: datetime) -> tuple[list[Line], int]:
    """Return a line per cycle started this week: owners, days, what they predict."""
    lines = []
    for c in cycles[:MAX_LINES]:
        after = line(f" (follows {c.follows})") if c.follows else ()
        predicts = line(" · predicts: ", Typed(c.prediction, SAID_CHARS))
        lines.append(line("• ", *heading_of(c), *after, " — ", *mentions(c.owners), " · ",
                          *dates(c, now), *predicts))  # fmt: skip
    return lines, len(cycles)


def waiting_lines(cycles: Sequence[CycleFacts], now: datetime) -> tuple[list[Line], int]:
    """Return a line per cycle that ended and is not studied yet."""
    return [
        line("• ", *heading_of(c), " — ", *mentions(c.owners), " · ended ", *day(c.ends_on, now))
        for c in cycles[:MAX_LINES]
    ], len(cycles)


def studied_lines(cycles: Sequence[CycleFacts]) -> tuple[list[Line], int]:
    """Return a line per studied cycle that waits for its decision."""
    return [
        line("• ", *heading_of(c), " — ", *mentions(c.owners), *_learned(c))
        for c in cycles[:MAX_LINES]
    ], len(cycles)


def decided_lines(
    cycles: Sequence[CycleFacts], *, channels: bool = False, now: datetime | None = None
) -> tuple[list[Line], int]:
    """Return a line per decided cycle: the decision, why, and one line of what it taught."""
    lines = []
    for c in cycles[:MAX_LINES]:
        where = line(" · in ", ChannelRef(c.channel_id)) if channels else ()
        on = line(" · ", *day_of(c.decided_at, c.tz, now)) if now is not None else ()
        after = line(" · then ", ", ".join(c.next)) if c.next else ()
        lines.append(line("• ", *heading_of(c), " — ", DECISION_WORDS.get(c.status, c.status),
                          *_why(c), *_learned(c), *on, *after, *where))  # fmt: skip
    return lines, len(cycles)


def ramp_lines(cycles: Sequence[CycleFacts]) -> tuple[list[Line], int]:
    """Return a line per cycle that came from another: a ramp, or a copy in another channel."""
    linked = [c for c in cycles if c.follows or c.scaled_from]
    lines = []
    for c in linked[:MAX_LINES]:
        if c.follows:
            idea = Typed(c.change_idea, IDEA_CHARS)
            lines.append(line(f"• {c.code} follows {c.follows}: ", idea))
        else:
            lines.append(line(f"• {c.code} started from {c.scaled_from}", *_in(c), ": ",
                              Typed(c.change_idea, IDEA_CHARS)))  # fmt: skip
    return lines, len(linked)


def day_of(at: datetime | None, tz: str, now: datetime | None) -> Line:
    """Return the day of an instant in a zone, or nothing."""
    return (when(at, all_day=True, tz=tz, now=now),) if at is not None else ()


def _in(cycle: CycleFacts) -> Line:
    if cycle.scaled_from_channel and cycle.scaled_from_channel != cycle.channel_id:
        return line(" in ", ChannelRef(cycle.scaled_from_channel))
    return ()


def _why(cycle: CycleFacts) -> Line:
    reason = first_line(cycle.decision_reason)
    return line(": ", Typed(reason, SAID_CHARS)) if reason else ()


def _learned(cycle: CycleFacts) -> Line:
    taught = learned(cycle)
    return line(" · learned: ", Typed(taught, SAID_CHARS)) if taught else ()
