"""The weekly digest, neutral, built by pure functions of a `WeekDigest`.

Each list is one paragraph of at most `SECTION_LIMIT` characters and `MAX_LINES` lines, ending
with "…and N more" when cut, so a digest of any channel stays far below 50 blocks. The plain
`text` says the same as the parts, in sentences a notification or a screen reader reads well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.digest_chart import trend_alt_text
from bot.messages.common import notice, when
from bot.messages.cycle_lines import (
    decided_lines,
    ramp_lines,
    started_lines,
    studied_lines,
    waiting_lines,
)
from bot.messages.digest_lines import (
    MAX_LINES,
    decision_lines,
    item_lines,
    owner_lines,
    plainly,
    poll_lines,
    size,
    summary,
)
from bot.messages.goal_digest import digest_goal_parts
from bot.messages.parts import Heading, Message, Note, Paragraph, Part, Rule
from bot.messages.spans import ChannelRef, Code, Line, Mention, Typed, Words, joined, line, strong
from bot.services.digest_schedule import Weekly
from bot.services.digests import WeekDigest
from storage.digest_rows import ItemFacts

SECTION_LIMIT = 3000  # what one paragraph may hold, on the tightest platform
KEPT_FOR_MORE = 200  # room kept for the "…and N more" line


@dataclass(frozen=True)
class Listing:
    """One list of the digest: its heading, its lines, and what to say when it is cut."""

    emoji: str
    title: str
    lines: Sequence[Line]  # the first MAX_LINES lines only: the rest are counted, never built
    total: int
    hint: Line = ()  # said after "…and N more"
    note: Line = ()  # said after the heading
    unit: str = ""  # what the lines are, when not items: "people"

    def fit(self, limit: int = SECTION_LIMIT) -> tuple[list[Line], int]:
        """Return the lines that fit in one paragraph, and how many were left out."""
        shown: list[Line] = []
        room = limit - size(self.heading()) - KEPT_FOR_MORE
        for one in self.lines[:MAX_LINES]:
            if size(one) + 1 > room:
                break
            shown.append(one)
            room -= size(one) + 1
        return shown, self.total - len(shown)

    def heading(self) -> Line:
        """Return the bold heading, with its note."""
        note = line(" — ", *self.note) if self.note else ()
        return line(f"{self.emoji} ", strong(self.title), *note)

    def more(self, left: int) -> Line:
        """Say how many lines were left out, and where to see them."""
        unit = f" {self.unit}" if self.unit and left > 1 else " person" if self.unit else ""
        return line(f"…and {left} more{unit}.", *(line(" ", *self.hint) if self.hint else ()))

    def render(self) -> tuple[Paragraph, Line]:
        """Return the paragraph and the same words as plain lines."""
        shown, left = self.fit()
        lines = [*shown, *([self.more(left)] if left else [])]
        plain = line(self.title, " — ", *self.note) if self.note else line(f"{self.title}:")
        return Paragraph((self.heading(), *lines)), joined(map(plainly, [plain, *lines]), "\n")


def day_phrase(at: datetime, zone: str) -> str:
    """Return a day like "Nov 23" in a zone."""
    local = at.astimezone(ZoneInfo(zone))
    return f"{local:%b} {local.day}"


def _weekday(at: datetime, zone: str) -> str:
    local = at.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local:%b} {local.day}"


def listings(digest: WeekDigest) -> list[Listing]:
    """Return the digest's lists, in the order a meeting would go through them."""
    candidates = [
        Listing("✅", "Done this week", *owner_lines(digest.done, with_due=False),
                note=line("by owner"), unit="people"),
        Listing("⏰", "Overdue", *owner_lines(digest.overdue, with_due=True, now=digest.now),
                note=line("by owner"), unit="people",
                hint=line(Code("/action list overdue"), " shows them all.")),
        Listing("📅", "Due in the next 7 days",
                *item_lines(digest.due_soon, with_due=True, now=digest.now),
                hint=line(Code("/action list channel"), " shows every open item.")),
        Listing("🙋", "Needs help", *item_lines(digest.needs_help),
                note=line("can you lend a hand? Offer in the item's thread.")),
        Listing("👤", "Needs a new owner", *item_lines(digest.needs_owner),
                note=_hand_over(digest.needs_owner)),
        Listing("🗳️", "Decisions this week", *decision_lines(digest.decisions)),
        Listing("📊", "Polls closed this week", *poll_lines(digest.polls)),
        *cycle_listings(digest),
    ]  # fmt: skip
    return [listing for listing in candidates if listing.total]


def cycle_listings(digest: WeekDigest) -> list[Listing]:
    """Return the digest's Tests of change: started, waiting for Study, decided, ramps."""
    week, now, more = digest.cycles, digest.now, line(Code("/pdsa list"), " shows them all.")
    return [
        Listing("🧪", "Tests of change started this week", *started_lines(week.started, now),
                hint=more),
        Listing("🔬", "Waiting for Study", *waiting_lines(week.waiting, now),
                note=line("these tests of change have ended: what happened?"), hint=more),
        Listing("📝", "Studied, waiting for a decision", *studied_lines(week.studied),
                note=line("adopt, adapt or abandon?"), hint=more),
        Listing("🧭", "Tests of change decided this week",
                *decided_lines(week.decided), hint=line(Code("/pdsa learned"), " shows them all.")),
        Listing("🪜", "Ramps", *ramp_lines(week.linked), note=line("one test of change leading "
                "to the next"), hint=more),
    ]  # fmt: skip


def _hand_over(items: Sequence[ItemFacts]) -> Line:
    example = items[0].code if items else "A-1"
    return line(
        "the owner has left Slack. Hand it over, like: ", Code(f"/action assign {example} @someone")
    )


def picture_note(digest: WeekDigest, *, in_words: bool) -> str:
    """Say where the run chart is: in the post's thread, or in words (a preview has no thread)."""
    if not digest.has_history:
        return ""
    if in_words:
        words = trend_alt_text(digest.trend, zone=digest.zone)
        return f"📈 The picture, in words: {words}"
    return f"📈 A run chart of the last {len(digest.trend)} weeks is in the thread."


def missing_picture_note(digest: WeekDigest) -> str:
    """Say plainly that the run chart could not be added this time, and give it in words."""
    words = trend_alt_text(digest.trend, zone=digest.zone)
    return f"📈 The run chart could not be added this time, so here it is in words: {words}"


def digest_message(digest: WeekDigest, *, footer: Line, picture_in_words: bool = False) -> Message:
    """Return the digest: heading, the week in numbers, each list, the picture, a footer."""
    span = f"{day_phrase(digest.start, digest.zone)} – {day_phrase(digest.end, digest.zone)}"
    week = f" · the week from {_weekday(digest.start, digest.zone)} to "
    parts: list[Part] = [
        Heading(f"📊 Weekly digest · {span}"),
        Note(line(ChannelRef(digest.channel_id), week + _weekday(digest.end, digest.zone))),
        Paragraph(summary(digest.counts)),
    ]
    plain = [line("Weekly digest for ", ChannelRef(digest.channel_id), f", {span}.")]
    if digest.north_star:
        star = line("⭐ ", strong("North star:"), " ", Typed(digest.north_star, 300))
        parts.insert(1, Paragraph((star,)))
        plain.append(plainly(star))
    plain += map(plainly, summary(digest.counts))
    for listing in listings(digest):
        paragraph, said = listing.render()
        parts += [Rule(), paragraph]
        plain.append(said)
    goal_parts, goal_words = digest_goal_parts(
        digest.goals, digest.end.astimezone(ZoneInfo(digest.zone)).date(),
        in_thread=not picture_in_words,
    )  # fmt: skip
    if goal_parts:
        parts += [Rule(), *goal_parts]
        plain.append(joined(map(plainly, goal_words), "\n"))
    picture = picture_note(digest, in_words=picture_in_words)
    if picture:
        parts.append(Note(line(picture)))
        plain.append(line(picture))
    parts.append(Note(footer))
    plain.append(plainly(footer))
    return Message(text=joined(plain, "\n"), parts=tuple(parts))


def without_picture(message: Message, digest: WeekDigest) -> Message:
    """Return a posted digest whose picture did not reach its thread, the picture in words."""
    thread = Words(picture_note(digest, in_words=False))
    words = Words(missing_picture_note(digest))
    parts = tuple(Note((words,)) if part == Note((thread,)) else part for part in message.parts)
    text = tuple(words if span == thread else span for span in message.text)
    return Message(text=text, parts=parts, tag=message.tag)


PREVIEW_NOTE = line(
    "👀 Only you can see this preview. ", Code("/digest now"), " posts it in the channel."
)


def preview_message(digest: WeekDigest, *, footer: Line) -> Message:
    """Return a digest as a private preview, marked as one, its picture told in words."""
    message = digest_message(digest, footer=footer, picture_in_words=True)
    return Message(
        text=(*PREVIEW_NOTE, Words("\n"), *message.text),
        parts=(Note(PREVIEW_NOTE), *message.parts),
    )


def footer(weekly: Weekly | None) -> Line:
    """Say when the digest comes, and how to change that."""
    if weekly is None:
        return line("Posted on request. ", Code("/digest on Monday 9am"), " posts it every week.")
    return line(
        f"Posted {weekly.phrase()} ({weekly.zone}). ", Code("/digest preview"),
        " shows it to you first · ", Code("/digest off"), " stops it.",
    )  # fmt: skip


def schedule_words(weekly: Weekly) -> str:
    """Say when a schedule posts: "Mondays at 9:00 AM (America/New_York)"."""
    return f"{weekly.phrase()} ({weekly.zone})"


def turned_on(user_id: str, weekly: Weekly, first: datetime) -> Message:
    """Tell the channel who turned its digest on, when it comes, and when the first one does."""
    return notice(
        "📅 ", Mention(user_id),
        f" turned on this channel's weekly digest: {schedule_words(weekly)}. The first one comes ",
        when(first, all_day=False, tz=weekly.zone), ". ", Code("/digest preview"),
        " shows you what it will say.",
    )  # fmt: skip


def turned_off(user_id: str) -> Message:
    """Tell the channel who turned its digest off."""
    return notice(
        Mention(user_id), " turned off this channel's weekly digest. ",
        Code("/digest on Monday 9am"), " turns it back on.",
    )  # fmt: skip


HELP: tuple[Line, ...] = (
    line(strong("The weekly digest"), " sums up this channel's week: what got done, what is "
         "overdue, what is due next, who needs help, the week's decisions and polls, and its "
         "tests of change."),
    line("• ", Code("/digest on"), " — every Monday at 9am in your time zone · ",
         Code("/digest on Friday 3pm"), " picks the day"),
    line("• ", Code("/digest preview"), " — see this week's digest, just you"),
    line("• ", Code("/digest now"), " — post it in the channel now (the schedule stays as it is)"),
    line("• ", Code("/digest off"), " — stop it"),
    line("• ", Code("/digest publish"), " — a public page of this channel's progress, with no "
         "names (", Code("show titles"), ", ", Code("spanish"), ") · ", Code("/digest unpublish"),
         " takes it down"),
    line("Anyone in the channel can change the schedule; the channel is told who did."),
)  # fmt: skip


def help_message(weekly: Weekly | None) -> Message:
    """Return the help for `/digest`, with this channel's schedule."""
    status = (
        f"This channel's digest goes out {schedule_words(weekly)}."
        if weekly
        else "This channel has no weekly digest yet."
    )
    lines = (*HELP, (), line(status))
    return Message(text=joined(map(plainly, lines), "\n"), parts=(Paragraph(lines),))
