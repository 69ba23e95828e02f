"""Block Kit for the thread reply under a captured message. Pure functions.

The reply lists what the message became, each item with a Done button while it is open, and the
lines that could not be saved. It is rebuilt whenever the message is edited or an item in it is
done, so it always shows the records as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.ids import ActionId, BlockId
from bot.services.capture import Skipped
from bot.slack.blocks import Block, Message, button, context, item_line, mrkdwn, shorten
from bot.slack.blocks_decisions import decision_line
from bot.text import neutralise
from storage.models import ActionItem, Decision, Status

MAX_RECORDS = 45  # with the heading, skipped lines, footer and "…and N more": within 50 blocks
MAX_SKIPPED = 8


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def lines_heading(items: Sequence[ActionItem], decisions: Sequence[Decision]) -> str:
    """Say what a message's lines became, in a line."""
    counts = [
        _plural(len(records), word)
        for records, word in ((items, "action item"), (decisions, "decision"))
        if records
    ]
    if not counts:
        return "📝 I couldn't save anything from this message yet."
    return f"📝 Saved from this message: {' and '.join(counts)}."


def pushpin_heading(reactor_id: str) -> str:
    """Say who turned a message into an action item with a :pushpin:."""
    return f"📌 <@{reactor_id}> made this message an action item:"


def skipped_text(skipped: Sequence[Skipped], *, left_out: int = 0) -> str | None:
    """Return the note about lines that were not saved, or None when every line was."""
    notes: list[str] = []
    if skipped:
        notes.append(f"⚠️ I couldn't save {_plural(len(skipped), 'line')}:")
        notes += [
            f"• “{neutralise(shorten(s.line, 120))}” — {neutralise(s.reason)}"
            for s in skipped[:MAX_SKIPPED]
        ]
        if len(skipped) > MAX_SKIPPED:
            notes.append(f"…and {len(skipped) - MAX_SKIPPED} more")
        them = "them" if len(skipped) > 1 else "it"
        notes.append(f"Edit your message to fix {them} and I'll add {them}.")
    if left_out:
        notes.append(
            f"I read the first lines only; post the other {left_out} in a new message "
            "and I'll save those too."
        )
    return "\n".join(notes) or None


def _item_block(item: ActionItem, now: datetime) -> tuple[str, Block]:
    if item.status == Status.OPEN:
        line = f"📌 {item_line(item, now=now)}"
        block = mrkdwn(line)
        block["accessory"] = button("✅ Done", ActionId.CAPTURED_DONE, str(item.number))
        return line, block
    mark = "✅" if item.status == Status.DONE else "➖"
    line = f"{mark} ~*{item.code}* {neutralise(shorten(item.title, 300))}~ — {item.status}"
    return line, mrkdwn(line)


def capture_reply(
    heading: str,
    items: Sequence[ActionItem],
    decisions: Sequence[Decision],
    *,
    skipped: str | None,
    now: datetime,
) -> Message:
    """Return the thread reply listing a message's records and the lines that were not saved."""
    rows = [_item_block(item, now) for item in items]
    rows += [(line, mrkdwn(line)) for line in (f"🧭 {decision_line(d)}" for d in decisions)]
    shown, more = rows[:MAX_RECORDS], len(rows) - MAX_RECORDS
    texts = [heading, *(line for line, _ in shown)]
    blocks = [mrkdwn(heading), *(block for _, block in shown)]
    if more > 0:
        texts.append(f"…and {more} more")
        blocks.append(context(f"…and {more} more"))
    if skipped:
        texts.append(skipped)
        blocks.append({**mrkdwn(skipped), "block_id": BlockId.CAPTURE_SKIPPED})
    footer = _footer(items, decisions)
    if footer:
        texts.append(footer)
        blocks.append(context(footer))
    return {"text": "\n".join(texts), "blocks": blocks}


MAX_UNDATED_CODES = 10


def _footer(items: Sequence[ActionItem], decisions: Sequence[Decision]) -> str:
    notes = []
    undated = [i.code for i in items if i.status == Status.OPEN and i.due_at is None]
    if undated:
        more = len(undated) - MAX_UNDATED_CODES
        codes = ", ".join(undated[:MAX_UNDATED_CODES]) + (f" and {more} more" if more > 0 else "")
        notes.append(
            f"🗓️ No due date on {codes}: owners get a weekly check-in instead. "
            f"Add one with `/action due {undated[0]} Friday`"
        )
    elif items:
        example = items[0].code
        notes.append(
            f"Owners get reminders by DM; change items with `/action due {example} Friday`"
        )
    if decisions:
        notes.append("`/decision list` shows this channel's decisions")
    return " · ".join(notes)


def skipped_of(blocks: Sequence[Block]) -> str | None:
    """Return the skipped-lines note of a reply already posted, to keep it when rebuilding."""
    for block in blocks:
        if block.get("block_id") == BlockId.CAPTURE_SKIPPED:
            return str(block.get("text", {}).get("text", "")) or None
    return None
