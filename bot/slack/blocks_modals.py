"""Block Kit modals, built by pure functions: the item form and a short notice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from bot.clip import clip
from bot.ids import CallbackId, ItemField
from bot.slack.blocks import context, mrkdwn, plain_text
from bot.text import MAX_TITLE

View = dict[str, Any]
MAX_NOTE = 2000


@dataclass(frozen=True)
class ItemForm:
    """What the item form shows and carries: its kind, values, and `private_metadata`."""

    callback_id: CallbackId
    heading: str  # the modal title, at most 24 characters
    submit: str
    metadata: str
    title: str = ""
    owners: Sequence[str] = ()
    day: date | None = None
    at: time | None = None
    ask_channel: bool = False
    ask_note: bool = False
    notes: list[str] = field(default_factory=list)  # context lines above the fields


def item_modal(form: ItemForm) -> View:
    """Return the form to create or edit an item: title, owners, due date and time."""
    blocks: list[dict[str, Any]] = [context(line) for line in form.notes]
    blocks += [_title(form.title), _owners(form.owners), *_due(form.day, form.at)]
    if form.ask_channel:
        blocks.append(_channel())
    if form.ask_note:
        blocks.append(_note())
    return {
        "type": "modal",
        "callback_id": form.callback_id,
        "title": plain_text(form.heading),
        "submit": plain_text(form.submit),
        "close": plain_text("Cancel"),
        "private_metadata": form.metadata,
        "blocks": blocks,
    }


def notice_modal(text: str, *, heading: str = "Backbone") -> View:
    """Return a small modal that only says something (where there is no message to answer)."""
    return {
        "type": "modal",
        "callback_id": CallbackId.NOTICE,
        "title": plain_text(heading),
        "close": plain_text("OK"),
        "blocks": [mrkdwn(text)],
    }


def _input(
    field_id: ItemField, label: str, element: dict[str, Any], *, optional: bool = False
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": field_id,
        "label": plain_text(label),
        "element": {**element, "action_id": field_id},
    }
    if optional:
        block["optional"] = True
    return block


def _title(title: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": MAX_TITLE,
        "placeholder": plain_text("Call the shelter about 3 beds"),
    }
    if title:
        element["initial_value"] = title_shown(title)
    return _input(ItemField.TITLE, "What needs doing?", element)


def title_shown(typed: str) -> str:
    """Return the part of a title the form can hold (a longer, older title shows its start)."""
    return clip(typed, MAX_TITLE)


def _owners(owners: Sequence[str]) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "multi_users_select",
        "placeholder": plain_text("Pick people"),
    }
    if owners:
        element["initial_users"] = list(owners)
    return _input(ItemField.OWNERS, "Who will do it?", element)


def _due(day: date | None, at: time | None) -> list[dict[str, Any]]:
    picker: dict[str, Any] = {"type": "datepicker", "placeholder": plain_text("No due date")}
    if day is not None:
        picker["initial_date"] = day.isoformat()
    clock: dict[str, Any] = {"type": "timepicker", "placeholder": plain_text("End of the day")}
    if at is not None:
        clock["initial_time"] = at.strftime("%H:%M")
    due = _input(ItemField.DUE_DATE, "Due date", picker, optional=True)
    due["hint"] = plain_text("Leave it empty if there is no due date.")
    when = _input(ItemField.DUE_TIME, "Time", clock, optional=True)
    when["hint"] = plain_text("Without a time, it's due at the end of that working day (5pm).")
    return [due, when]


def _channel() -> dict[str, Any]:
    element = {
        "type": "conversations_select",
        "placeholder": plain_text("Pick a channel"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    block = _input(ItemField.CHANNEL, "Post it in", element)
    block["hint"] = plain_text("The item is announced there, and listed with that channel's items.")
    return block


def _note() -> dict[str, Any]:
    element = {"type": "plain_text_input", "multiline": True, "max_length": MAX_NOTE}
    block = _input(ItemField.NOTE, "Note (optional)", element, optional=True)
    block["hint"] = plain_text("Why it changed. It is kept in the item's history.")
    return block
