"""What the thread reply under a captured message says. Pure functions.

The reply lists what the message became, each item with a Done button while it is open, and the
lines that could not be saved. It is rebuilt whenever the message is edited or an item in it is
done, so it always shows the records as they are. A :pushpin:ed message's reply also offers a
one-click Change owners while its item is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.ids import ActionId, BlockId
from bot.messages.common import item_line
from bot.messages.decisions import decision_line
from bot.messages.parts import Button, Controls, Message, Note, Paragraph, Part
from bot.messages.spans import Code, Line, Mention, Struck, Typed, joined, line, strong
from bot.services.capture import Skipped
from storage.models import ActionItem, Decision, Status

MAX_RECORDS = 45  # with the heading, skipped lines, footer and "…and N more": within 50 blocks
MAX_SKIPPED = 8
MAX_UNDATED_CODES = 10
Row = tuple[Line, Part]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def lines_heading(items: Sequence[ActionItem], decisions: Sequence[Decision]) -> Line:
    """Say what a message's lines became, in a line."""
    counts = [
        _plural(len(records), word)
        for records, word in ((items, "action item"), (decisions, "decision"))
        if records
    ]
    if not counts:
        return line("📝 I couldn't save anything from this message yet.")
    return line(f"📝 Saved from this message: {' and '.join(counts)}.")


def pushpin_heading(reactor_id: str) -> Line:
    """Say who turned a message into an action item with a :pushpin:."""
    return line("📌 ", Mention(reactor_id), " made this message an action item:")


def skipped_note(skipped: Sequence[Skipped], *, left_out: int = 0) -> tuple[Line, ...] | None:
    """Return the note about lines that were not saved, or None when every line was."""
    notes: list[Line] = []
    if skipped:
        notes.append(line(f"⚠️ I couldn't save {_plural(len(skipped), 'line')}:"))
        notes += [
            line("• “", Typed(s.line, 120), "” — ", Typed(s.reason)) for s in skipped[:MAX_SKIPPED]
        ]
        if len(skipped) > MAX_SKIPPED:
            notes.append(line(f"…and {len(skipped) - MAX_SKIPPED} more"))
        them = "them" if len(skipped) > 1 else "it"
        notes.append(line(f"Edit your message to fix {them} and I'll add {them}."))
    if left_out:
        notes.append(
            line(
                f"I read the first lines only; post the other {left_out} in a new message "
                "and I'll save those too."
            )
        )
    return tuple(notes) or None


SKIPPED_STARTS = ("⚠️ I couldn't save ", "I read the first lines only")
SKIPPED_ENDS = ("Edit your message to fix ", "I read the first lines only")


def skipped_in(text: str) -> str | None:
    """Return the skipped-lines note in a reply's plain words, where a platform keeps only those.

    The note starts with its warning (or the note about lines left unread) and ends with the
    sentence saying what to do, as `skipped_note` writes it.
    """
    lines = text.splitlines()
    first = next((i for i, said in enumerate(lines) if said.startswith(SKIPPED_STARTS)), None)
    if first is None:
        return None
    ends = [i for i, said in enumerate(lines) if i >= first and said.startswith(SKIPPED_ENDS)]
    return "\n".join(lines[first : (ends[-1] if ends else first) + 1])


def kept_note(shown: str | None) -> tuple[Line, ...] | None:
    """Return a skipped-lines note read back from a posted reply, to keep when rebuilding it."""
    return ((Typed(shown),),) if shown else None


def _item_row(item: ActionItem, now: datetime) -> Row:
    if item.status == Status.OPEN:
        said = line("📌 ", *item_line(item, now=now))
        done = Button("✅ Done", ActionId.CAPTURED_DONE, str(item.number))
        return said, Paragraph((said,), beside=done)
    mark = "✅" if item.status == Status.DONE else "➖"
    closed = Struck((strong(item.code), *line(" "), Typed(item.title, 300)))
    said = line(f"{mark} ", closed, f" — {item.status}")
    return said, Paragraph((said,))


def _decision_row(decision: Decision) -> Row:
    said = line("🧭 ", *decision_line(decision))
    return said, Paragraph((said,))


def capture_reply(
    heading: Line,
    items: Sequence[ActionItem],
    decisions: Sequence[Decision],
    *,
    skipped: tuple[Line, ...] | None,
    now: datetime,
) -> Message:
    """Return the thread reply listing a message's records and the lines that were not saved."""
    rows = [_item_row(item, now) for item in items] + [_decision_row(d) for d in decisions]
    shown, more = rows[:MAX_RECORDS], len(rows) - MAX_RECORDS
    texts: list[Line] = [heading, *(said for said, _ in shown)]
    parts: list[Part] = [Paragraph((heading,)), *(part for _, part in shown)]
    if more > 0:
        texts.append(line(f"…and {more} more"))
        parts.append(Note(texts[-1]))
    if skipped:
        texts.append(joined(skipped, "\n"))
        parts.append(Paragraph(skipped, key=BlockId.CAPTURE_SKIPPED))
    footer = _footer(items, decisions)
    if footer:
        texts.append(footer)
        parts.append(Note(footer))
    return Message(text=joined(texts, "\n"), parts=tuple(parts))


def _footer(items: Sequence[ActionItem], decisions: Sequence[Decision]) -> Line:
    notes: list[Line] = []
    undated = [i.code for i in items if i.status == Status.OPEN and i.due_at is None]
    if undated:
        more = len(undated) - MAX_UNDATED_CODES
        codes = ", ".join(undated[:MAX_UNDATED_CODES]) + (f" and {more} more" if more > 0 else "")
        notes.append(
            line(
                f"🗓️ No due date on {codes}: owners get a weekly check-in instead. Add one with ",
                Code(f"/action due {undated[0]} Friday"),
            )
        )
    elif items:
        example = Code(f"/action due {items[0].code} Friday")
        notes.append(line("Owners get reminders by DM; change items with ", example))
    if decisions:
        notes.append(line(Code("/decision list"), " shows this channel's decisions"))
    return joined(notes, " · ")


def with_owner_button(reply: Message, item: ActionItem) -> Message:
    """Add the one-click way to change a pinned item's owners: a button opening its form.

    Every path that draws the reply (pinned, message edited, Done clicked) passes through here,
    so the button stays while the item is open and goes once it is closed.
    """
    if item.status != Status.OPEN:
        return reply
    change = Button("👥 Change owners", ActionId.PIN_CHANGE_OWNERS, str(item.number))
    row = Controls((change,), key=BlockId.PIN_OWNERS)
    text = (*reply.text, *line("\nNot the right owners? Use Change owners."))
    return Message(text=text, parts=(*reply.parts, row))
