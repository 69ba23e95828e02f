"""Block Kit modals for listeners not yet speaking neutrally: the item form and a short notice.

The item form itself is `bot.messages.forms`; this renders it with notes written as mrkdwn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from bot.ids import CallbackId
from bot.messages import forms
from bot.messages.forms import title_shown
from bot.slack.blocks import context, mrkdwn, plain_text
from bot.slack.render import render_form

View = dict[str, Any]
__all__ = ["ItemForm", "View", "item_modal", "notice_modal", "title_shown"]


@dataclass(frozen=True)
class ItemForm:
    """What the item form shows and carries, with its notes written as mrkdwn."""

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
    neutral = forms.ItemForm(
        callback_id=form.callback_id, heading=form.heading, submit=form.submit,
        metadata=form.metadata, title=form.title, owners=form.owners, day=form.day,
        at=form.at, ask_channel=form.ask_channel, ask_note=form.ask_note,
    )  # fmt: skip
    view = render_form(forms.item_form(neutral))
    view["blocks"] = [context(note) for note in form.notes] + view["blocks"]
    return view


def notice_modal(text: str, *, heading: str = "Backbone") -> View:
    """Return a small modal that only says something (where there is no message to answer)."""
    return {
        "type": "modal",
        "callback_id": CallbackId.NOTICE,
        "title": plain_text(heading),
        "close": plain_text("OK"),
        "blocks": [mrkdwn(text)],
    }
