""" "You said, we did" for every platform: the forms that turn a poll's result into a record.

Only the poll's creator or an admin may use the buttons, once the poll is closed. The decision
form is bot/messages/poll_forms.py's; the action item is the item form, posted in the poll's
thread like any item made from a message.
"""

from __future__ import annotations

import json
import logging

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.ids import CallbackId
from bot.messages.decisions import announcement
from bot.messages.forms import ItemForm, item_form
from bot.messages.parts import Form
from bot.messages.poll_forms import decision_form
from bot.messages.spans import line, strong
from bot.port import ChatError, ChatPort, PostRef
from bot.services import decisions
from bot.services import polls as service
from bot.services.actions import Source
from bot.services.directory import actor_for
from bot.services.poll_votes import stored_tally
from bot.text import from_mrkdwn
from storage.models import Decision, Poll

log = logging.getLogger(__name__)
DECIDE = "record a decision from its results"
MAKE_ITEMS = "make action items from its results"


def managed_poll(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int, doing: str
) -> Poll:
    """Return a closed poll the person may follow up on, or raise why they can't."""
    actor = actor_for(deps, port, team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        poll = service.find_poll(session, team_id=team_id, number=number)
        service.require_manage(poll, actor, doing=doing)
    if poll.results is None:
        raise InvalidInput(f"{poll.code} is still open. Close it first: /poll close {poll.code}")
    return poll


def prefill(poll: Poll) -> str:
    """Return the start of a decision or item written from a poll's result."""
    counted = stored_tally(poll)
    return f"{poll.code}: {service.winner_phrase(poll.options, counted)} — "


def decision_form_for(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int
) -> Form:
    """Return the decision form, prefilled from the result, if the person may use it."""
    poll = managed_poll(deps, port, team_id=team_id, user_id=user_id, number=number, doing=DECIDE)
    return decision_form(poll, prefill(poll))


def item_form_for(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int,
    reply_to: str | None = None,
) -> Form:  # fmt: skip
    """Return the item form, prefilled from the result, to be posted in the poll's thread.

    `reply_to` is where the platform lets the press be answered (Slack's response_url).
    """
    poll = managed_poll(
        deps, port, team_id=team_id, user_id=user_id, number=number, doing=MAKE_ITEMS
    )
    meta = {"c": poll.channel_id, "ts": poll.message_ts, "th": poll.message_ts, "r": reply_to}
    note = line("From the results of ", strong(poll.code), ". I'll post the item in the poll's "
                "thread.")  # fmt: skip
    form = ItemForm(
        callback_id=CallbackId.ITEM_NEW,
        heading="Make action item",
        submit="Save",
        metadata=json.dumps(meta),
        title=from_mrkdwn(prefill(poll)),
        owners=[user_id],
        notes=(note,),
    )
    return item_form(form)


def record_from_poll(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str, text: str
) -> tuple[Poll, Decision]:
    """Record the decision typed in the form (Slack text); rights are checked again."""
    number = int(json.loads(state)["n"])
    actor = actor_for(deps, port, team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        poll = service.find_poll(session, team_id=team_id, number=number)
        service.require_manage(poll, actor, doing=DECIDE)
        source = None
        if poll.message_ts:
            source = Source(poll.channel_id, poll.message_ts, poll.source_url, via="poll")
        decision = decisions.record_decision(
            session, team_id=team_id, recorder_id=user_id, channel_id=poll.channel_id,
            text=text, now=deps.now(), source=source,
        )  # fmt: skip
    return poll, decision


def post_decision(port: ChatPort, poll: Poll, decision: Decision) -> None:
    """Post a decision in its poll's thread (or the channel); it is saved either way."""
    message = announcement(decision)
    try:
        if poll.message_ts:
            port.reply(PostRef(poll.channel_id, poll.message_ts), message)
        else:
            port.post(poll.channel_id, message)
    except ChatError as error:  # the decision is saved and in /decision list
        log.warning("could not post %s: %s", decision.code, error.reason)
