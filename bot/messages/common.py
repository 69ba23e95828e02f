"""What many messages share: how a moment, a due date, owners and one item's line read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.ids import ActionId, CallbackId, SnoozeChoice
from bot.messages.parts import Form, Menu, Message, Option, Paragraph
from bot.messages.spans import (
    ChannelRef,
    Line,
    Span,
    Typed,
    When,
    Words,
    joined,
    line,
    mentions,
    strong,
)
from bot.repeat_rule import rule_from_code
from storage.models import ActionItem, Status

TITLE_IN_BLOCK = 2500
# What a person hears when Backbone has too much work queued to take theirs: nothing changed.
BUSY = (
    "I'm working through a lot of requests right now, so I didn't do that yet. "
    "Nothing was changed. Please try again in a minute."
)


def apology(error_id: str) -> str:
    """Say sorry for a failure of Backbone's own, with the id its log line carries."""
    return (
        "Sorry, something went wrong on my side and I couldn't finish that. "
        "Please try again in a minute. If it keeps happening, share this code with your "
        f"admin: {error_id}"
    )


# A day this close to today reads without its year; any other shows it ("Fri Jun 4, 2027").
NEAR_AHEAD = timedelta(days=182)
NEAR_BEHIND = timedelta(days=31)


def when(at: datetime, *, all_day: bool, tz: str, now: datetime | None = None) -> When:
    """Return a moment: "Fri Nov 27" for a day; a day and time each reader sees in their zone.

    Seen from `now`, a day more than a month back or about six months ahead shows its year.
    """
    local = at.astimezone(ZoneInfo(tz))
    day = f"{local:%a} {local:%b} {local.day}"
    if now is not None and not -NEAR_BEHIND <= local.date() - _today(now, tz) <= NEAR_AHEAD:
        day += f", {local.year}"
    if all_day:
        return When(at, day, all_day=True)
    clock = local.strftime("%I:%M %p").lstrip("0")
    return When(at, f"{day} at {clock} {local.tzname()}", all_day=False)


def _today(now: datetime, tz: str) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def due(item: ActionItem, *, now: datetime | None = None) -> Line:
    """Return how an item's due reads (empty without one), seen from `now` or its last change."""
    if item.due_at is None:
        return ()
    seen = now or item.updated_at
    return (when(item.due_at, all_day=item.due_all_day, tz=item.due_tz or "UTC", now=seen),)


def repeat(item: ActionItem) -> Line:
    """Return " · 🔁 every Monday" for an item of a series, or nothing."""
    rule = rule_from_code(item.recurrence)
    return line(f" · 🔁 {rule.describe()}") if rule else ()


def owners(item: ActionItem) -> Line:
    """Return the owners as mentions, joined."""
    return mentions(item.owner_ids)


def title(item: ActionItem, limit: int | None = TITLE_IN_BLOCK) -> Typed:
    """Return an item's title as typed, cut to `limit` characters for a block."""
    return Typed(item.title, limit)


def flags(item: ActionItem) -> list[str]:
    """Return the words that mark an open item someone must look at: help asked, owner gone."""
    if item.status != Status.OPEN:
        return []
    marks = ["🙋 needs help"] if item.needs_help else []
    return marks + (["👤 needs a new owner"] if item.needs_owner else [])


def item_line(item: ActionItem, *, now: datetime, channel: bool = False) -> Line:
    """Return one line about an item: code, title, owners, due, and a flag when overdue."""
    first: Line = (strong(item.code), Words(" "), title(item, 300), Words(" — "), *owners(item))
    parts: list[Line] = [first]
    if item.due_at is not None:
        parts.append(line("due ", *due(item, now=now)))
        if item.status == Status.OPEN and item.due_at < now:
            parts.append(line("⚠️ overdue"))
    parts += [line(flag) for flag in flags(item)]
    if channel:
        parts.append((ChannelRef(item.channel_id),))
    return (*joined(parts, " · "), *repeat(item))


def snooze_menu(item: ActionItem, *, pick_a_date: bool = False) -> Menu:
    """Return the Snooze menu of an item (with "Pick a date…" where a form can open)."""
    choices = [
        (SnoozeChoice.TOMORROW, "Snooze until tomorrow"),
        (SnoozeChoice.NEXT_WEEK, "Snooze until next week"),
    ]
    if pick_a_date:
        choices.append((SnoozeChoice.PICK, "Pick a date…"))
    options = tuple(Option(label, f"{item.number}:{choice}") for choice, label in choices)
    return Menu(ActionId.ITEM_SNOOZE, options)


def notice(*pieces: Span | str) -> Message:
    """Return a short message: one paragraph, the same words as its fallback."""
    said = line(*pieces)
    return Message(text=said, parts=(Paragraph((said,)),))


def notice_form(*pieces: Span | str, heading: str = "Backbone") -> Form:
    """Return a small form that only says something (where there is no message to answer)."""
    return Form(
        key=CallbackId.NOTICE, title=heading, close="OK", items=(Paragraph((line(*pieces),)),)
    )


def people_and(people: Sequence[str]) -> Line:
    """Return "<a>", "<a> and <b>", "<a>, <b> and <c>" as mentions."""
    if len(people) <= 1:
        return mentions(people)
    return (*mentions(people[:-1]), Words(" and "), *mentions(people[-1:]))
