"""Block Kit messages, built by pure functions. Each returns `{"text": …, "blocks": […]}`.

The `text` is the plain fallback that notifications, screen readers and exports read; it always
says what the blocks say. Dates use `<!date^…>` so every reader sees their own time zone, except
all-day dues, which are a calendar date wherever you are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clip import clip
from bot.ids import ActionId, BlockId, SnoozeChoice
from bot.recurrence import rule_from_code
from bot.text import neutralise
from storage.models import ActionItem, Status

Message = dict[str, Any]
Block = dict[str, Any]

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
TITLE_IN_BLOCK = 2500
LIST_LIMIT = 40
# A day this close to today reads without its year; any other shows it ("Fri Jun 4, 2027").
NEAR_AHEAD = timedelta(days=182)
NEAR_BEHIND = timedelta(days=31)


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
    """Return how a moment reads: "Fri Nov 27" for a day, a `<!date>` for a day and time.

    Seen from `now`, a day more than a month back or about six months ahead shows its year.
    """
    local = at.astimezone(ZoneInfo(tz))
    day = f"{local:%a} {local:%b} {local.day}"
    if now is not None and not -NEAR_BEHIND <= local.date() - _today(now, tz) <= NEAR_AHEAD:
        day += f", {local.year}"
    if all_day:
        return day
    clock = local.strftime("%I:%M %p").lstrip("0")
    fallback = f"{day} at {clock} {local.tzname()}"
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


def _today(now: datetime, tz: str) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def due_phrase(item: ActionItem, *, now: datetime | None = None) -> str:
    """Return how an item's due reads ("" without one), seen from `now` or its last change."""
    if item.due_at is None:
        return ""
    seen = now or item.updated_at
    return when_phrase(item.due_at, all_day=item.due_all_day, tz=item.due_tz or "UTC", now=seen)


def repeat_phrase(item: ActionItem) -> str:
    """Return " · 🔁 every Monday" for an item of a series, or ""."""
    rule = rule_from_code(item.recurrence)
    return f" · 🔁 {rule.describe()}" if rule else ""


def owners_phrase(item: ActionItem) -> str:
    """Return the owners as mentions, joined."""
    return ", ".join(f"<@{uid}>" for uid in item.owner_ids)


def item_line(item: ActionItem, *, now: datetime, channel: bool = False) -> str:
    """Return one line about an item: code, title, owners, due, and a flag when overdue."""
    parts = [f"*{item.code}* {neutralise(shorten(item.title, 300))} — {owners_phrase(item)}"]
    if item.due_at is not None:
        parts.append(f"due {due_phrase(item, now=now)}")
        if item.status == Status.OPEN and item.due_at < now:
            parts.append("⚠️ overdue")
    parts += flags_of(item)
    if channel:
        parts.append(f"<#{item.channel_id}>")
    return " · ".join(parts) + repeat_phrase(item)


def flags_of(item: ActionItem) -> list[str]:
    """Return the words that mark an open item someone must look at: help asked, owner gone."""
    if item.status != Status.OPEN:
        return []
    marks = ["🙋 needs help"] if item.needs_help else []
    return marks + (["👤 needs a new owner"] if item.needs_owner else [])


def announcement(item: ActionItem, *, absent: Sequence[str] = ()) -> Message:
    """Return the channel post announcing an open item, with buttons for its owners.

    `absent` are owners who are not in the channel: the first post says so, once.
    """
    due = f" · due {due_phrase(item)}" if item.due_at else ""
    who = f"{owners_phrase(item)}{due}{repeat_phrase(item)}"
    text = f"📌 {item.code} {neutralise(item.title)} — {who}"
    blocks = [
        mrkdwn(f"📌 *{item.code}* {neutralise(shorten(item.title))}\n{who}"),
        context(f"Asked by <@{item.creator_id}> · owners can use these buttons"),
        {
            "type": "actions",
            "block_id": BlockId.ITEM_BUTTONS,
            "elements": [
                button("✅ Done", ActionId.ITEM_DONE, str(item.number), style="primary"),
                snooze_menu(item),
            ],
        },
    ]
    if absent:
        note = absent_note(absent)
        blocks.append(context(f"👋 {note}"))
        text += f". {note}"
    return {"text": text, "blocks": blocks}


def absent_note(user_ids: Sequence[str]) -> str:
    """Say that some owners are not in the channel and how they will hear about the item."""
    names = [f"<@{uid}>" for uid in user_ids]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    verb = "is" if len(names) == 1 else "are"
    return (
        f"{who} {verb} not in this channel, so they may not see this here; "
        "they will get reminders by DM."
    )


def snooze_menu(item: ActionItem, *, pick_a_date: bool = False) -> dict[str, Any]:
    """Return the Snooze overflow menu of an item (with "Pick a date…" where a modal can open)."""
    choices = [
        (SnoozeChoice.TOMORROW, "Snooze until tomorrow"),
        (SnoozeChoice.NEXT_WEEK, "Snooze until next week"),
    ]
    if pick_a_date:
        choices.append((SnoozeChoice.PICK, "Pick a date…"))
    return {
        "type": "overflow",
        "action_id": ActionId.ITEM_SNOOZE,
        "options": [
            {"text": {"type": "plain_text", "text": label}, "value": f"{item.number}:{choice}"}
            for choice, label in choices
        ],
    }


def closed_announcement(item: ActionItem, *, by: str) -> Message:
    """Return the channel post of an item once it is done or dropped."""
    mark, word = ("✅", "done") if item.status == Status.DONE else ("➖", "dropped")
    title = neutralise(shorten(item.title))
    text = f"{mark} {item.code} {neutralise(item.title)} — {word} by <@{by}>"
    blocks = [mrkdwn(f"{mark} ~*{item.code}* {title}~\n{word.capitalize()} by <@{by}>")]
    if item.note:
        blocks.append(context(f"Note: {neutralise(shorten(item.note, 2000))}"))
        text += f". Note: {neutralise(item.note)}"
    return {"text": text, "blocks": blocks}


def item_list(heading: str, items: Sequence[ActionItem], *, now: datetime, empty: str) -> Message:
    """Return an ephemeral list of items, within Block Kit's limits."""
    if not items:
        return notice(empty)
    shown = list(items[:LIST_LIMIT])
    lines = [item_line(item, now=now, channel=True) for item in shown]
    blocks: list[Block] = [mrkdwn(f"*{heading}*")]
    blocks += [mrkdwn(line) for line in lines]
    more = len(items) - len(shown)
    if more:
        blocks.append(context(f"…and {more} more"))
    text = "\n".join([heading, *lines] + ([f"…and {more} more"] if more else []))
    return {"text": text, "blocks": blocks}


def notice(text: str) -> Message:
    """Return a short message: one section, the same words as its fallback."""
    return {"text": text, "blocks": [mrkdwn(text)]}


HELP = """*Backbone keeps track of what your team commits to.*
• `/action Call the shelter about 3 beds @maria by Friday` — add an item (no @ means it's yours)
• Dates: `by Friday`, `due 12/5`, `tomorrow 3pm`, `next week`, `in 2 weeks`, `EOD`, `EOW`
• `/action list` — your open items
• `/action list @maria` · `/action list channel` · `/action list overdue`
• `/action list #channel` — another channel's open items
• `/action done A-12 [note]` · `/action drop A-12` — several at once: `/action done A-12 A-13`
• `/action snooze A-12 next week` · `/action due A-12 Dec 5` · `/action assign A-12 @joe`
• `/action edit A-12` — change the title, owners or due in a form
• `/action list overdue all` — overdue in every channel, for coordinators
• `/action coordinators` · `coordinators add @maria` · `coordinators remove @maria`
• `/action Send the HMIS report every Monday` — repeats (`every 2 weeks`, `every month`…)
• `/action away until Dec 2` · `/action back` — hold your reminders while you're away"""


def help_message() -> Message:
    """Return the short help for `/action`."""
    return {"text": HELP.replace("*", "").replace("`", ""), "blocks": [mrkdwn(HELP)]}
