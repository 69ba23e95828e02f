"""The item form, neutrally: to create or edit an item (title, owners, due date and time)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from bot.clip import clip
from bot.ids import CallbackId, ItemField
from bot.messages.parts import (
    ChannelField,
    DateField,
    Field,
    Form,
    Note,
    PeopleField,
    TextField,
    TimeField,
)
from bot.messages.spans import Line
from bot.text import MAX_TITLE

MAX_NOTE = 2000


@dataclass(frozen=True)
class ItemForm:
    """What the item form shows and carries: its kind, values, and the state it keeps."""

    callback_id: CallbackId
    heading: str  # the form's title, at most 24 characters
    submit: str
    metadata: str
    title: str = ""
    owners: Sequence[str] = ()
    day: date | None = None
    at: time | None = None
    ask_channel: bool = False
    ask_note: bool = False
    notes: tuple[Line, ...] = ()  # small print above the fields


def item_form(form: ItemForm) -> Form:
    """Return the form to create or edit an item: title, owners, due date and time."""
    fields: list[Field] = [_title(form.title), _owners(form.owners), *_due(form.day, form.at)]
    if form.ask_channel:
        fields.append(_channel())
    if form.ask_note:
        fields.append(_note())
    return Form(
        key=form.callback_id,
        title=form.heading,
        submit=form.submit,
        state=form.metadata,
        items=(*(Note(note) for note in form.notes), *fields),
    )


def title_shown(typed: str) -> str:
    """Return the part of a title the form can hold (a longer, older title shows its start)."""
    return clip(typed, MAX_TITLE)


def _title(title: str) -> TextField:
    return TextField(
        ItemField.TITLE,
        "What needs doing?",
        initial=title_shown(title) if title else "",
        multiline=True,
        max_length=MAX_TITLE,
        placeholder="Call the shelter about 3 beds",
    )


def _owners(owners: Sequence[str]) -> PeopleField:
    return PeopleField(
        ItemField.OWNERS, "Who will do it?", initial=tuple(owners), placeholder="Pick people"
    )


def _due(day: date | None, at: time | None) -> list[Field]:
    return [
        DateField(
            ItemField.DUE_DATE, "Due date", initial=day, placeholder="No due date",
            optional=True, hint="Leave it empty if there is no due date.",
        ),
        TimeField(
            ItemField.DUE_TIME, "Time", initial=at, placeholder="End of the day", optional=True,
            hint="Without a time, it's due at the end of that working day (5pm).",
        ),
    ]  # fmt: skip


def _channel() -> ChannelField:
    return ChannelField(
        ItemField.CHANNEL,
        "Post it in",
        placeholder="Pick a channel",
        hint="The item is announced there, and listed with that channel's items.",
    )


def _note() -> TextField:
    return TextField(
        ItemField.NOTE,
        "Note (optional)",
        multiline=True,
        max_length=MAX_NOTE,
        optional=True,
        hint="Why it changed. It is kept in the item's history.",
    )
