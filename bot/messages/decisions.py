"""What decision messages say: the channel announcement, the list and the help. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence

from bot.messages.common import TITLE_IN_BLOCK, notice
from bot.messages.parts import Message, Note, Paragraph
from bot.messages.spans import (
    ChannelRef,
    Code,
    Day,
    Line,
    Mention,
    Strong,
    Typed,
    joined,
    line,
    plain,
    strong,
)
from storage.models import Decision

LIST_LIMIT = 40  # decisions one list shows, within a message's 50 parts

HELP: tuple[Line, ...] = (
    line(strong("Record what your team decides, so nobody has to remember it.")),
    line(
        "• ",
        Code("/decision We hold 3 shelter beds for veterans through December"),
        " — records ",
        strong("D-1"),
        " and posts it here",
    ),
    line("• ", Code("/decision list"), " — this channel's decisions, newest first"),
    line("• ", Code("/decision list #housing-partners"), " — another channel's decisions"),
    line("• In meeting notes, a line starting with ", Code("DECISION:"), " is recorded too."),
)


def decision_line(decision: Decision, *, limit: int = 300) -> Line:
    """Return a decision as one line: its code and words."""
    return (strong(decision.code), *line(" "), Typed(decision.text, limit))


def day(decision: Decision) -> Day:
    """Return the day a decision was recorded, in each reader's zone."""
    at = decision.created_at
    return Day(at, f"{at:%b} {at.day}, {at.year}")


def announcement(decision: Decision) -> Message:
    """Return the channel post that records a decision."""
    recorder = Mention(decision.recorder_id)
    text = line(f"🧭 Decision {decision.code}: ", Typed(decision.text), " — recorded by ", recorder)
    heading = line("🧭 ", strong(f"Decision {decision.code}"))
    small = line("Recorded by ", recorder, " · see them all with ", Code("/decision list"))
    return Message(
        text=text,
        parts=(
            Paragraph((heading, (Typed(decision.text, TITLE_IN_BLOCK),))),
            Note(small),
        ),
    )


def decision_list(
    heading: Line, decisions: Sequence[Decision], *, total: int, empty: Line
) -> Message:
    """Return a list of decisions for one person, newest first, within the platform's limits."""
    if not decisions:
        return notice(*empty)
    lines = [
        line(*decision_line(d), " — ", Mention(d.recorder_id), " · ", day(d)) for d in decisions
    ]
    parts: list[Paragraph | Note] = [Paragraph(((Strong(heading),),))]
    parts += [Paragraph((one,)) for one in lines]
    more = total - len(decisions)
    said = [heading, *lines]
    if more > 0:
        parts.append(Note(line(f"…and {more} more")))
        said.append(line(f"…and {more} more"))
    return Message(text=joined(said, "\n"), parts=tuple(parts))


def channel_list(
    decisions: Sequence[Decision], *, total: int, channel_id: str, here: bool
) -> Message:
    """Return a channel's decisions, newest first, as `/decision list` shows them."""
    where: Line = line("this channel") if here else (ChannelRef(channel_id),)
    return decision_list(
        line("Decisions in ", *where, f" ({total}), newest first"),
        decisions,
        total=total,
        empty=line(
            "No decisions are recorded in ",
            *where,
            " yet. Record one with /decision followed by what was decided.",
        ),
    )


def help_message() -> Message:
    """Return the short help for `/decision`."""
    unmarked = [line(plain(one)) for one in HELP]
    return Message(text=joined(unmarked, "\n"), parts=(Paragraph(HELP),))
