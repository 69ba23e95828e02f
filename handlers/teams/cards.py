"""Cards and dialogs for invoke answers, drawn by the port's renderer (bot/teams/render.py).

An invoke's answer is drawn here rather than posted: the card shown in place of a pressed one,
and the dialog a press opens (which `TeamsPort.open_form` leaves as the pending invoke's
answer, keyed by the invoke's activity id, so services that call `port.open_form` work alike
on both platforms).
"""

from __future__ import annotations

from typing import Any

from bot.messages.parts import Form, Message
from bot.teams.port import TeamsPort
from bot.teams.render import people_of, render_message
from bot.teams.spans import Writer
from handlers.teams.common import TeamsCall
from storage.people import get_person

Json = dict[str, Any]


class NoDialog(Exception):
    """The port drew no dialog for this invoke (a bug, answered with an apology)."""


def card_of(call: TeamsCall, message: Message) -> Json:
    """Return a message drawn as the Adaptive Card a pressed card is replaced with."""
    port = call.port
    if isinstance(port, TeamsPort):
        writer = port.places.writer(message, url=call.service_url, conversation=call.channel_id)
    else:  # another port drawing Teams cards: people by the names Backbone keeps
        writer = writer_for(call, people_of(message))
    activity = render_message(message, writer)
    for attached in activity.get("attachments") or []:
        return dict(attached["content"])
    raise NoDialog("a card answer needs a message with parts")


def writer_for(call: TeamsCall, people: set[str]) -> Writer:
    """Return a writer that names the people a card mentions, as Backbone knows them."""
    names: dict[str, str] = {}
    with call.deps.transaction() as session:
        for person_id in sorted(people):
            person = get_person(session, team_id=call.tenant_id, user_id=person_id)
            if person is not None and person.name:
                names[person_id] = person.name
    return Writer(people=names, tenant_id=call.tenant_id)


def dialog_of(call: TeamsCall, form: Form) -> Json:
    """Open a form as this invoke's dialog, through the port, and return its `task` answer."""
    call.port.open_form(call.activity_id, form)
    pending: dict[str, Json] = getattr(call.port, "answers", {})
    task = pending.pop(call.activity_id, None)
    if task is None:
        raise NoDialog(f"the port left no dialog for invoke {call.activity_id}")
    return task
