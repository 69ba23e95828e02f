"""Block Kit for reminders: the DM an owner gets, the notes creators get, the snooze-date modal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.ids import ActionId, BlockId, NudgeCallback
from bot.slack.blocks import (
    Block,
    Message,
    button,
    context,
    due_phrase,
    mrkdwn,
    notice,
    owners_phrase,
    shorten,
    snooze_menu,
)
from bot.text import neutralise
from storage.models import ActionItem

MAX_ITEMS_IN_DM = 15


def step_line(item: ActionItem, step: str, *, now: datetime, zone: ZoneInfo) -> str:
    """Say where an item stands, true for the day the owner reads it (`now` in their `zone`).

    The step only tells a check-in from the rest: a weekend due is reminded on the working day
    before, so "due" may go out on Friday for Saturday, and then it says "Due tomorrow".
    """
    if item.due_at is None or step.startswith("checkin"):
        return "No due date yet. Still on it?"
    due = due_phrase(item, now=now)
    days = (due_day(item, zone) - now.astimezone(zone).date()).days
    if days < 0 or (days == 0 and not item.due_all_day and item.due_at <= now):
        return f"Was due {due}. How is it going? If plans changed, snooze it or update it."
    if days == 0:
        return f"Due today ({due})."
    if days == 1:
        return f"Due tomorrow ({due})."
    return f"Coming up: due in {days} days ({due})."


def due_day(item: ActionItem, zone: ZoneInfo) -> date:
    """Return the day an item is due: its calendar date when all-day, else as `zone` reads it."""
    assert item.due_at is not None
    seen_in = ZoneInfo(item.due_tz or "UTC") if item.due_all_day else zone
    return item.due_at.astimezone(seen_in).date()


def _entry(item: ActionItem, step: str, now: datetime, zone: ZoneInfo) -> tuple[list[Block], str]:
    where = f"Asked by <@{item.creator_id}> in <#{item.channel_id}>"
    if item.source_url:
        where += f" · <{item.source_url}|where it came from>"
    line = step_line(item, step, now=now, zone=zone)
    blocks = [
        mrkdwn(f"⏰ *{item.code}* {neutralise(shorten(item.title, 500))}\n{line}"),
        context(where),
        {
            "type": "actions",
            "block_id": f"{BlockId.ITEM_BUTTONS}:{item.number}",
            "elements": [
                button("✅ Done", ActionId.ITEM_DONE, str(item.number), style="primary"),
                button("🙋 Need help", ActionId.ITEM_NEED_HELP, str(item.number)),
                button("✏️ Update", ActionId.ITEM_UPDATE, str(item.number)),
                snooze_menu(item, pick_a_date=True),
            ],
        },
    ]
    return blocks, f"⏰ {item.code} {neutralise(item.title)} — {line}"


def reminder(
    entries: Sequence[tuple[ActionItem, str]], *, now: datetime, zone: ZoneInfo
) -> Message:
    """Return one DM with every reminder due for a person (reading in `zone`), within limits."""
    shown = list(entries[:MAX_ITEMS_IN_DM])
    blocks: list[Block] = []
    lines: list[str] = []
    if len(entries) > 1:
        heading = f"Here are {len(entries)} things you said you'd do:"
        blocks.append(mrkdwn(heading))
        lines.append(heading)
    for item, step in shown:
        item_blocks, line = _entry(item, step, now, zone)
        blocks += item_blocks
        lines.append(line)
    more = len(entries) - len(shown)
    if more:
        rest = f"…and {more} more. See them all with /action list."
        blocks.append(context(rest))
        lines.append(rest)
    return {"text": "\n".join(lines), "blocks": blocks}


def escalation(item: ActionItem) -> Message:
    """Tell the person who asked for an item that it is well overdue."""
    title = neutralise(shorten(item.title, 500))
    return notice(
        f"*{item.code}* {title} (owned by {owners_phrase(item)}) was due "
        f"{due_phrase(item)} and is still open after three reminders. It will be listed under "
        "*Needs help* in the digest. A quick check-in could help."
    )


def help_asked(item: ActionItem) -> Message:
    """Tell the person who asked for an item that its owner asked the channel for help."""
    return notice(
        f"{owners_phrase(item)} asked <#{item.channel_id}> for a hand with *{item.code}* "
        f"{neutralise(shorten(item.title, 500))}. It is listed under *Needs help* in the digest. "
        "You may know who can help."
    )


def owner_left(item: ActionItem, gone: Sequence[str]) -> Message:
    """Tell the person who asked for an item that an owner's account was deactivated."""
    who = ", ".join(f"<@{uid}>" for uid in gone) or "An owner"
    title = neutralise(shorten(item.title, 500))
    return notice(
        f"{who} can no longer be reached in Slack, so *{item.code}* {title} "
        f"needs a new owner. Use /action assign {item.code} @someone to hand it over."
    )


def help_request(item: ActionItem, *, by: str) -> Message:
    """Ask the channel, in the item's thread, to help its owner."""
    return notice(
        f"🙋 <@{by}> could use a hand with *{item.code}* {neutralise(shorten(item.title, 500))}. "
        "Can someone help? Reply in this thread."
    )


def snooze_date_modal(item: ActionItem, *, initial: date) -> dict[str, Any]:
    """Return the modal that asks until when to snooze an item."""
    return {
        "type": "modal",
        "callback_id": NudgeCallback.SNOOZE_DATE,
        "private_metadata": str(item.number),
        "title": {"type": "plain_text", "text": f"Snooze {item.code}"[:24]},
        "submit": {"type": "plain_text", "text": "Snooze"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            mrkdwn(f"*{item.code}* {neutralise(shorten(item.title, 500))}"),
            {
                "type": "input",
                "block_id": BlockId.SNOOZE_DATE,
                "label": {"type": "plain_text", "text": "Remind me again on"},
                "element": {
                    "type": "datepicker",
                    "action_id": ActionId.SNOOZE_DATE_PICKED,
                    "initial_date": initial.isoformat(),
                },
            },
        ],
    }
