"""What reminders say: the DM an owner gets, the notes creators get, the snooze-date form."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.ids import ActionId, BlockId, NudgeCallback
from bot.messages.common import due, notice, owners, snooze_menu
from bot.messages.parts import (
    Button,
    Controls,
    DateField,
    DatePick,
    Form,
    Message,
    Note,
    Paragraph,
    Part,
)
from bot.messages.spans import (
    ChannelRef,
    Line,
    Link,
    Mention,
    Typed,
    joined,
    line,
    mentions,
    strong,
)
from storage.models import ActionItem

MAX_ITEMS_IN_DM = 15
TITLE_SHOWN = 500


def step_line(item: ActionItem, step: str, *, now: datetime, zone: ZoneInfo) -> Line:
    """Say where an item stands, true for the day the owner reads it (`now` in their `zone`).

    The step only tells a check-in from the rest: a weekend due is reminded on the working day
    before, so "due" may go out on Friday for Saturday, and then it says "Due tomorrow".
    """
    if item.due_at is None or step.startswith("checkin"):
        return line("No due date yet. Still on it?")
    shown = due(item, now=now)
    days = (due_day(item, zone) - now.astimezone(zone).date()).days
    if days < 0 or (days == 0 and not item.due_all_day and item.due_at <= now):
        return line(
            "Was due ", *shown, ". How is it going? If plans changed, snooze it or update it."
        )
    if days == 0:
        return line("Due today (", *shown, ").")
    if days == 1:
        return line("Due tomorrow (", *shown, ").")
    return line(f"Coming up: due in {days} days (", *shown, ").")


def due_day(item: ActionItem, zone: ZoneInfo) -> date:
    """Return the day an item is due: its calendar date when all-day, else as `zone` reads it."""
    assert item.due_at is not None
    seen_in = ZoneInfo(item.due_tz or "UTC") if item.due_all_day else zone
    return item.due_at.astimezone(seen_in).date()


def _title(item: ActionItem) -> Line:
    return (strong(item.code), *line(" ", Typed(item.title, TITLE_SHOWN)))


def _entry(item: ActionItem, step: str, now: datetime, zone: ZoneInfo) -> tuple[list[Part], Line]:
    where = line("Asked by ", Mention(item.creator_id), " in ", ChannelRef(item.channel_id))
    if item.source_url:
        where += line(" · ", Link(item.source_url, line("where it came from")))
    said = step_line(item, step, now=now, zone=zone)
    value = str(item.number)
    buttons = Controls(
        (
            Button("✅ Done", ActionId.ITEM_DONE, value, style="primary"),
            Button("🙋 Need help", ActionId.ITEM_NEED_HELP, value),
            Button("✏️ Update", ActionId.ITEM_UPDATE, value),
            snooze_menu(item, pick_a_date=True),
        ),
        key=f"{BlockId.ITEM_BUTTONS}:{item.number}",
    )
    parts: list[Part] = [Paragraph((line("⏰ ", *_title(item)), said)), Note(where), buttons]
    return parts, line(f"⏰ {item.code} ", Typed(item.title), " — ", *said)


def reminder(
    entries: Sequence[tuple[ActionItem, str]], *, now: datetime, zone: ZoneInfo
) -> Message:
    """Return one DM with every reminder due for a person (reading in `zone`), within limits."""
    shown = list(entries[:MAX_ITEMS_IN_DM])
    parts: list[Part] = []
    lines: list[Line] = []
    if len(entries) > 1:
        heading = line(f"Here are {len(entries)} things you said you'd do:")
        parts.append(Paragraph((heading,)))
        lines.append(heading)
    for item, step in shown:
        item_parts, said = _entry(item, step, now, zone)
        parts += item_parts
        lines.append(said)
    more = len(entries) - len(shown)
    if more:
        rest = line(f"…and {more} more. See them all with /action list.")
        parts.append(Note(rest))
        lines.append(rest)
    return Message(text=joined(lines, "\n"), parts=tuple(parts))


def escalation(item: ActionItem) -> Message:
    """Tell the person who asked for an item that it is well overdue."""
    return notice(
        *_title(item), " (owned by ", *owners(item), ") was due ", *due(item),
        " and is still open after three reminders. It will be listed under ", strong("Needs help"),
        " in the digest. A quick check-in could help.",
    )  # fmt: skip


def help_asked(item: ActionItem) -> Message:
    """Tell the person who asked for an item that its owner asked the channel for help."""
    return notice(
        *owners(item), " asked ", ChannelRef(item.channel_id), " for a hand with ", *_title(item),
        ". It is listed under ", strong("Needs help"), " in the digest. You may know who can help.",
    )  # fmt: skip


def owner_left(item: ActionItem, gone: Sequence[str]) -> Message:
    """Tell the person who asked for an item that an owner's account was deactivated."""
    who = mentions(gone) or line("An owner")
    return notice(
        *who, " can no longer be reached in Slack, so ", *_title(item),
        f" needs a new owner. Use /action assign {item.code} @someone to hand it over.",
    )  # fmt: skip


def help_request(item: ActionItem, *, by: str) -> Message:
    """Ask the channel, in the item's thread, to help its owner."""
    return notice(
        "🙋 ", Mention(by), " could use a hand with ", *_title(item),
        ". Can someone help? Reply in this thread.",
    )  # fmt: skip


def snooze_form(item: ActionItem, *, initial: date) -> Form:
    """Return the form that asks until when to snooze an item."""
    return Form(
        key=NudgeCallback.SNOOZE_DATE,
        title=f"Snooze {item.code}"[:24],
        submit="Snooze",
        state=str(item.number),
        items=(
            Paragraph((_title(item),)),
            DateField(
                BlockId.SNOOZE_DATE,
                "Remind me again on",
                initial=initial,
                action=ActionId.SNOOZE_DATE_PICKED,
            ),
        ),
    )


def snooze_pick_action(item: ActionItem) -> str:
    """Return the action of an item's day picker in a message: it names the item itself."""
    return f"{ActionId.SNOOZE_DATE_PICKED}:{item.number}"


def snooze_pick_message(item: ActionItem, *, initial: date) -> Message:
    """Return the message that asks until when to snooze an item, where no form can open."""
    ask = line("Until which day should I pause reminders about ", *_title(item), "?")
    picker = DatePick(snooze_pick_action(item), "Remind me again on", initial=initial)
    return Message(
        text=ask,
        parts=(Paragraph((ask,)), Controls((picker,), key=BlockId.SNOOZE_DATE)),
    )
