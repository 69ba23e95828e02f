"""`/poll … link`, `/poll link P-3`, `/poll people P-3 "…"` and the "Share a link" button.

Each answers the person alone with the link (or the links); the QR code of a poll's open link
is shared in the poll's thread the first time the link is made.
"""

from __future__ import annotations

import json

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.messages.parts import Form, Message
from bot.messages.poll_links import link_message, people_form, people_message
from bot.messages.spans import Line
from bot.port import ChatPort
from bot.services import polls as service
from bot.services.asked import Asked
from bot.services.directory import actor_for
from bot.services.poll_links import (
    people_links,
    post_qr,
    read_labels,
    require_shareable,
    share_link,
)
from storage.models import Poll


def _shareable(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int) -> Poll:
    actor = actor_for(deps, port, team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        poll = service.find_poll(session, team_id=team_id, number=number)
        require_shareable(poll, actor)
        session.expunge(poll)
    return poll


def share_poll(call: Asked, *, number: int, language: str | None) -> Message:
    """Give a poll a web link (once), share its QR code, and return the answer with the link."""
    poll = _shareable(call.deps, call.port, team_id=call.team_id, user_id=call.user_id,
                      number=number)  # fmt: skip
    return shared(call.deps, call.port, poll, by=call.user_id, language=language)


def shared(
    deps: Deps, port: ChatPort, poll: Poll, *, by: str, language: str | None, first: Line = ()
) -> Message:
    """Return the answer with a poll's link, sharing its QR code when the link is new."""
    link = share_link(deps, poll, by=by, language=language)
    qr = post_qr(port, poll, link.url) if link.made else bool(poll.message_ts)
    return link_message(poll, link.url, language=link.language, qr=qr, first=first,
                        open_votes=link.open_votes)  # fmt: skip


def links_for_people(call: Asked, *, number: int, labels: list[str]) -> Message:
    """Make one signed link per named person, and return the answer listing them."""
    checked = read_labels(labels)
    poll = _shareable(call.deps, call.port, team_id=call.team_id, user_id=call.user_id,
                      number=number)  # fmt: skip
    people = people_links(call.deps, poll, by=call.user_id, labels=checked)
    return people_message(poll, people)


def share_pressed(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, value: str) -> Message:
    """Answer a press of "Share a link" (its value is the poll's number)."""
    if not value.isdigit():
        raise InvalidInput("That button no longer names a poll I know. Nothing was changed.")
    poll = _shareable(deps, port, team_id=team_id, user_id=user_id, number=int(value))
    return shared(deps, port, poll, by=user_id, language=None)


def people_form_for(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, value: str) -> Form:
    """Return the form of labels for one-person links, for the poll a button names."""
    if not value.isdigit():
        raise InvalidInput("That button no longer names a poll I know. Nothing was changed.")
    return people_form(_shareable(deps, port, team_id=team_id, user_id=user_id, number=int(value)))


def save_people_form(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str, typed: str
) -> tuple[Poll, Message]:
    """Make the links the form asked for; InvalidInput says what to fix in the labels."""
    number = int(json.loads(state or "{}").get("n") or 0)
    checked = read_labels(typed.splitlines())
    poll = _shareable(deps, port, team_id=team_id, user_id=user_id, number=number)
    return poll, people_message(poll, people_links(deps, poll, by=user_id, labels=checked))
