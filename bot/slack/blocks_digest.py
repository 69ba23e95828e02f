"""The weekly digest in Block Kit, built by pure functions of a `WeekDigest`.

Each list is one section of at most 3000 characters and `MAX_LINES` lines, ending with
"…and N more" when cut, so a digest of any channel stays far below 50 blocks. The plain `text`
says the same as the blocks, in sentences a notification or a screen reader reads well.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.digest_chart import trend_alt_text
from bot.services.digest_schedule import Weekly
from bot.services.digests import Counts, WeekDigest, by_owner
from bot.services.polls import RESULTS_RULE, PollResult
from bot.slack.blocks import (
    SECTION_LIMIT,
    Block,
    Message,
    context,
    mrkdwn,
    notice,
    when_phrase,
)
from bot.text import neutralise
from storage.digest_rows import ItemFacts
from storage.models import Decision

MAX_LINES = 10
ITEMS_PER_OWNER = 3
TITLE_CHARS = 80
OWNED_TITLE_CHARS = 50  # shorter in the by-owner lines, which hold several items each
LINK = re.compile(r"<(https?://[^|>]+)\|([^>]*)>")
DATE = re.compile(r"<!date\^[^|>]*\|([^>]*)>")
# What a cut must keep whole: a mention, channel, link or date token, or an escaped character.
UNIT = re.compile(r"<[^<>]*>|&(?:amp|lt|gt);|.", re.DOTALL)


@dataclass(frozen=True)
class Part:
    """One list of the digest: its heading, its lines, and what to say when it is cut."""

    emoji: str
    title: str
    lines: Sequence[str]  # the first MAX_LINES lines only: the rest are counted, never built
    total: int
    hint: str = ""  # said after "…and N more"
    note: str = ""  # said after the heading
    unit: str = ""  # what the lines are, when not items: "people"

    def fit(self) -> tuple[list[str], int]:
        """Return the lines that fit in one section, and how many were left out."""
        shown: list[str] = []
        room = SECTION_LIMIT - len(self.heading()) - 200  # kept for the "…and N more" line
        for line in self.lines[:MAX_LINES]:
            if len(line) + 1 > room:
                break
            shown.append(line)
            room -= len(line) + 1
        return shown, self.total - len(shown)

    def heading(self) -> str:
        """Return the bold heading, with its note."""
        return f"{self.emoji} *{self.title}*" + (f" — {self.note}" if self.note else "")

    def more(self, left: int) -> str:
        """Say how many lines were left out, and where to see them."""
        if not left:
            return ""
        unit = f" {self.unit}" if self.unit and left > 1 else " person" if self.unit else ""
        return f"…and {left} more{unit}." + (f" {self.hint}" if self.hint else "")

    def render(self) -> tuple[Block, str]:
        """Return the section and the same words as plain text."""
        shown, left = self.fit()
        lines = [*shown, *([self.more(left)] if left else [])]
        block = mrkdwn("\n".join([self.heading(), *lines]))
        plain = f"{self.title} — {self.note}" if self.note else f"{self.title}:"
        return block, "\n".join(as_plain(line) for line in [plain, *lines])


def as_plain(text: str) -> str:
    """Turn mrkdwn into words: links become their labels, dates their fallback, no marks."""
    return DATE.sub(r"\1", LINK.sub(r"\2", text)).replace("*", "").replace("`", "")


def shorten(text: str, limit: int) -> str:
    """Cut mrkdwn to at most `limit` characters, ending with "…", never inside a token."""
    if len(text) <= limit:
        return text
    kept = 0
    for unit in UNIT.finditer(text):
        if unit.end() > limit - 1:
            break
        kept = unit.end()
    return text[:kept].rstrip() + "…"


def day_phrase(at: datetime, zone: str) -> str:
    """Return a day like "Nov 23" in a zone."""
    local = at.astimezone(ZoneInfo(zone))
    return f"{local:%b} {local.day}"


def _weekday(at: datetime, zone: str) -> str:
    local = at.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local:%b} {local.day}"


def link(code: str, url: str | None) -> str:
    """Return a record's code, linking its source message when it has one."""
    return f"<{url}|{code}>" if url else code


def item_text(item: ItemFacts, limit: int = TITLE_CHARS) -> str:
    """Return an item's linked code and its title, shortened."""
    return f"{link(item.code, item.source_url)} {neutralise(shorten(item.title, limit))}"


def due_text(item: ItemFacts, now: datetime | None = None) -> str:
    """Return when an item is due, as every reader sees it in their own zone (year if far)."""
    assert item.due_at is not None
    return when_phrase(item.due_at, all_day=item.due_all_day, tz=item.due_tz or "UTC", now=now)


def due_day(item: ItemFacts, now: datetime | None = None) -> str:
    """Return the day an item was due, like "Fri Nov 20", in its own zone (year if far)."""
    assert item.due_at is not None
    return when_phrase(item.due_at, all_day=True, tz=item.due_tz or "UTC", now=now)


def owners_text(item: ItemFacts) -> str:
    """Return an item's owners as mentions."""
    return ", ".join(f"<@{owner}>" for owner in item.owners)


def owner_lines(
    items: Sequence[ItemFacts], *, with_due: bool, now: datetime | None = None
) -> tuple[list[str], int]:
    """Return a line per owner (how many, the first few items and when due), and the owners."""
    groups = by_owner(items)
    lines = []
    for owner, owned in groups[:MAX_LINES]:
        texts = [
            item_text(i, OWNED_TITLE_CHARS) + (f" (due {due_day(i, now)})" if with_due else "")
            for i in owned[:ITEMS_PER_OWNER]
        ]
        extra = len(owned) - ITEMS_PER_OWNER
        shown = "; ".join(texts) + (f"; +{extra} more" if extra > 0 else "")
        lines.append(f"• <@{owner}> — {len(owned)}: {shown}")
    return lines, len(groups)


def item_lines(
    items: Sequence[ItemFacts], *, with_due: bool = False, now: datetime | None = None
) -> tuple[list[str], int]:
    """Return a line per item (code, title, owners, when due), and how many items."""
    return [
        f"• {item_text(i)} — {owners_text(i)}" + (f" · due {due_text(i, now)}" if with_due else "")
        for i in items[:MAX_LINES]
    ], len(items)


def decision_lines(decisions: Sequence[Decision]) -> tuple[list[str], int]:
    """Return a line per decision, with who recorded it, and how many decisions."""
    return [
        f"• {link(d.code, d.source_url)} {neutralise(shorten(d.text, 150))} — <@{d.recorder_id}>"
        for d in decisions[:MAX_LINES]
    ], len(decisions)


def poll_lines(polls: Sequence[PollResult]) -> tuple[list[str], int]:
    """Return a line per closed poll, with its results, and how many polls."""
    return [
        f"• {link(p.code, p.source_url)} {neutralise(shorten(p.question, 150))} — {_results(p)}"
        for p in polls[:MAX_LINES]
    ], len(polls)


def _results(poll: PollResult) -> str:
    if not poll.total_voters:
        return "no votes"
    people = "1 person" if poll.total_voters == 1 else f"{poll.total_voters} people"
    if poll.counts is None:
        return f"{people} voted anonymously. {RESULTS_RULE}, so these stay private"
    shares = [
        f"{neutralise(shorten(option, 40))} {count} ({round(100 * count / poll.total_voters)}%)"
        for option, count in zip(poll.options, poll.counts, strict=False)
    ]
    return f"{people} voted{' anonymously' if poll.anonymous else ''}: " + " · ".join(shares)


def summary(counts: Counts) -> str:
    """Return the week in a few lines: a thank-you, the numbers, and what was on time."""
    if counts.done:
        first = f"*{counts.done} done this week — thank you!* 🙌"
    else:
        first = "*Nothing was marked done this week.*"
    lines = [first, f"{counts.new} new · {counts.open} open · {counts.overdue} overdue"]
    if counts.due:
        lines.append(on_time_sentence(counts))
    return "\n".join(lines)


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


def parts(digest: WeekDigest) -> list[Part]:
    """Return the digest's lists, in the order a meeting would go through them."""
    candidates = [
        Part("✅", "Done this week", *owner_lines(digest.done, with_due=False), note="by owner",
             unit="people"),
        Part("⏰", "Overdue", *owner_lines(digest.overdue, with_due=True, now=digest.now),
             note="by owner",
             unit="people", hint="`/action list overdue` shows them all."),
        Part("📅", "Due in the next 7 days",
             *item_lines(digest.due_soon, with_due=True, now=digest.now),
             hint="`/action list channel` shows every open item."),
        Part("🙋", "Needs help", *item_lines(digest.needs_help),
             note="can you lend a hand? Offer in the item's thread."),
        Part("👤", "Needs a new owner", *item_lines(digest.needs_owner),
             note=_hand_over(digest.needs_owner)),
        Part("🗳️", "Decisions this week", *decision_lines(digest.decisions)),
        Part("📊", "Polls closed this week", *poll_lines(digest.polls)),
    ]  # fmt: skip
    return [part for part in candidates if part.total]


def _hand_over(items: Sequence[ItemFacts]) -> str:
    example = items[0].code if items else "A-1"
    return f"the owner has left Slack. Hand it over, like: `/action assign {example} @someone`"


def picture_note(digest: WeekDigest, *, in_words: bool) -> str:
    """Say where the run chart is: in the post's thread, or in words (a preview has no thread)."""
    if not digest.has_history:
        return ""
    if in_words:
        words = trend_alt_text(digest.trend, zone=digest.zone)
        return f"📈 The picture, in words: {words}"
    return f"📈 A run chart of the last {len(digest.trend)} weeks is in the thread."


def digest_message(digest: WeekDigest, *, footer: str, picture_in_words: bool = False) -> Message:
    """Return the digest: heading, the week in numbers, each list, the picture, a footer."""
    span = f"{day_phrase(digest.start, digest.zone)} – {day_phrase(digest.end, digest.zone)}"
    title = f"📊 Weekly digest · {span}"
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": title, "emoji": True}},
        context(
            f"<#{digest.channel_id}> · the week from {_weekday(digest.start, digest.zone)} "
            f"to {_weekday(digest.end, digest.zone)}"
        ),
        mrkdwn(summary(digest.counts)),
    ]
    plain = [f"Weekly digest for <#{digest.channel_id}>, {span}.", as_plain(summary(digest.counts))]
    for part in parts(digest):
        block, sentence = part.render()
        blocks += [{"type": "divider"}, block]
        plain.append(sentence)
    picture = picture_note(digest, in_words=picture_in_words)
    if picture:
        blocks.append(context(picture))
        plain.append(picture)
    blocks.append(context(footer))
    plain.append(as_plain(footer))
    return {"text": "\n".join(plain), "blocks": blocks}


def without_picture(message: Message, digest: WeekDigest) -> Message:
    """Return a posted digest whose picture did not reach its thread, the picture in words."""
    thread = picture_note(digest, in_words=False)
    words = picture_note(digest, in_words=True)
    blocks = [context(words) if block == context(thread) else block for block in message["blocks"]]
    return {"text": message["text"].replace(thread, words), "blocks": blocks}


PREVIEW_NOTE = "👀 Only you can see this preview. `/digest now` posts it in the channel."


def preview_message(digest: WeekDigest, *, footer: str) -> Message:
    """Return a digest as a private preview, marked as one, its picture told in words."""
    message = digest_message(digest, footer=footer, picture_in_words=True)
    return {
        "text": f"{PREVIEW_NOTE}\n{message['text']}",
        "blocks": [context(PREVIEW_NOTE), *message["blocks"]],
    }


def schedule_words(weekly: Weekly) -> str:
    """Say when a schedule posts: "Mondays at 9:00 AM (America/New_York)"."""
    return f"{weekly.phrase()} ({weekly.zone})"


def turned_on(user_id: str, weekly: Weekly, first: datetime) -> Message:
    """Tell the channel who turned its digest on, when it comes, and when the first one does."""
    when = when_phrase(first, all_day=False, tz=weekly.zone)
    return notice(
        f"📅 <@{user_id}> turned on this channel's weekly digest: {schedule_words(weekly)}. "
        f"The first one comes {when}. `/digest preview` shows you what it will say."
    )


def turned_off(user_id: str) -> Message:
    """Tell the channel who turned its digest off."""
    return notice(
        f"<@{user_id}> turned off this channel's weekly digest. "
        "`/digest on Monday 9am` turns it back on."
    )


HELP = """*The weekly digest* sums up this channel's week: what got done, what is overdue, what \
is due next, who needs help, and the week's decisions and polls.
• `/digest on` — every Monday at 9am in your time zone · `/digest on Friday 3pm` picks the day
• `/digest preview` — see this week's digest, just you
• `/digest now` — post it in the channel now (the schedule stays as it is)
• `/digest off` — stop it
Anyone in the channel can change the schedule; the channel is told who did."""


def help_message(weekly: Weekly | None) -> Message:
    """Return the help for `/digest`, with this channel's schedule."""
    status = (
        f"This channel's digest goes out {schedule_words(weekly)}."
        if weekly
        else "This channel has no weekly digest yet."
    )
    text = f"{HELP}\n\n{status}"
    return {"text": text.replace("*", "").replace("`", ""), "blocks": [mrkdwn(text)]}
