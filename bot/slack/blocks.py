"""Block Kit messages, built by pure functions. Each returns `{"text": …, "blocks": […]}`.

The `text` is the plain fallback that notifications, screen readers and exports read; it always
says what the blocks say. Dates use `<!date^…>` so every reader sees their own time zone, except
all-day dues, which are a calendar date wherever you are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.clip import clip
from bot.messages import common, items
from bot.slack.render import mrkdwn_of, render_control, render_message
from storage.models import ActionItem

Message = dict[str, Any]
Block = dict[str, Any]

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
TITLE_IN_BLOCK = 2500
LIST_LIMIT = 40  # kept for the lists other messages still build here


def mrkdwn(text: str) -> Block:
    """Return a section block holding mrkdwn text."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_LIMIT)}}


def plain_text(text: str) -> dict[str, Any]:
    """Return a plain_text object (labels, titles, headers), emoji allowed."""
    return {"type": "plain_text", "text": text, "emoji": True}


def context(text: str) -> Block:
    """Return a context block with one line of small text."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, SECTION_LIMIT)}]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    """Return a button element."""
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def shorten(text: str, limit: int = TITLE_IN_BLOCK) -> str:
    """Cut a text to a limit with an ellipsis, never inside an escape or a mention."""
    return clip(text, limit)


def when_phrase(at: datetime, *, all_day: bool, tz: str, now: datetime | None = None) -> str:
    """Return how a moment reads: "Fri Nov 27" for a day, a `<!date>` for a day and time."""
    return mrkdwn_of((common.when(at, all_day=all_day, tz=tz, now=now),))


def due_phrase(item: ActionItem, *, now: datetime | None = None) -> str:
    """Return how an item's due reads ("" without one), seen from `now` or its last change."""
    return mrkdwn_of(common.due(item, now=now))


def repeat_phrase(item: ActionItem) -> str:
    """Return " · 🔁 every Monday" for an item of a series, or ""."""
    return mrkdwn_of(common.repeat(item))


def owners_phrase(item: ActionItem) -> str:
    """Return the owners as mentions, joined."""
    return mrkdwn_of(common.owners(item))


def item_line(item: ActionItem, *, now: datetime, channel: bool = False) -> str:
    """Return one line about an item: code, title, owners, due, and a flag when overdue."""
    return mrkdwn_of(common.item_line(item, now=now, channel=channel))


def flags_of(item: ActionItem) -> list[str]:
    """Return the words that mark an open item someone must look at: help asked, owner gone."""
    return common.flags(item)


def announcement(item: ActionItem, *, absent: Sequence[str] = ()) -> Message:
    """Return the channel post announcing an open item, rendered (see bot.messages.items)."""
    return render_message(items.announcement(item, absent=absent))


def snooze_menu(item: ActionItem, *, pick_a_date: bool = False) -> dict[str, Any]:
    """Return the Snooze overflow menu of an item (with "Pick a date…" where a modal can open)."""
    return render_control(common.snooze_menu(item, pick_a_date=pick_a_date))


def notice(text: str) -> Message:
    """Return a short message: one section, the same words as its fallback."""
    return {"text": text, "blocks": [mrkdwn(text)]}
