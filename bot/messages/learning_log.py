"""`/pdsa learned`: what a channel's (or a workspace's) tests of change taught, neutral. Pure.

Adopted, adapted and abandoned cycles, newest first, each with why and one line of what it
taught: the community's memory of what works, and of what did not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.messages.common import notice
from bot.messages.cycle_lines import decided_lines
from bot.messages.digest import Listing
from bot.messages.digest_lines import plainly
from bot.messages.parts import Heading, Message, Note, Part, Rule
from bot.messages.spans import ChannelRef, Code, Line, joined, line
from storage.cycle_reports import CycleFacts

GROUPS = (
    ("adopted", "✅", "Adopted", "it worked: keep doing it"),
    ("adapted", "🔁", "Adapted", "changed, and tried again"),
    ("abandoned", "🛑", "Abandoned", "it did not work here, and that is worth knowing too"),
)
HINT = line(Code("/pdsa T-3"), " shows one in full.")


def learning_log(
    cycles: Sequence[CycleFacts], counts: Mapping[str, int], *, channel_id: str | None,
    now: datetime, only_yours: bool = False,
) -> Message:  # fmt: skip
    """Return the learning log: a list per decision, newest first, or how to start one.

    `only_yours`: the workspace's log, of the channels the reader is in.
    """
    everywhere = "the channels you are in" if only_yours else "every channel"
    where = line(ChannelRef(channel_id)) if channel_id else line(everywhere)
    if not cycles:
        return _empty(channel_id, only_yours=only_yours)
    title = "📚 What our tests of change taught us"
    parts: list[Part] = [Heading(title), Note(line(*where, " · newest first"))]
    plain: list[Line] = [line(f"{title[2:]}, in ", *where, ".")]
    for status, emoji, name, note in GROUPS:
        found = [c for c in cycles if c.status == status]
        lines, _ = decided_lines(found, channels=channel_id is None, now=now)
        listing = Listing(emoji, name, lines, counts.get(status, 0), note=line(note), hint=HINT)
        if listing.total:
            paragraph, said = listing.render()
            parts += [Rule(), paragraph]
            plain.append(said)
    return Message(text=joined(map(plainly, plain), "\n"), parts=tuple(parts))


def _empty(channel_id: str | None, *, only_yours: bool) -> Message:
    everywhere = "in the channels you are in" if only_yours else "in this workspace"
    where = line("in ", ChannelRef(channel_id)) if channel_id else line(everywhere)
    return notice(
        "📚 No test of change ", *where, " has been decided yet. When one is adopted, adapted "
        "or abandoned, what it taught shows here. ", Code("/pdsa"), " starts one.",
    )  # fmt: skip
