""" "You said, we did": turn a poll's result into a decision or an action item.

The buttons sit on the results in the poll's thread. Only the poll's creator or an admin may use
them; the forms open prefilled from the result ("P-3: “Tuesday 5pm” won with 60% (3 of 5) — ").
The decision goes through bot/services/decisions.py; the action item through the item form of
handlers/views.py, posted in the poll's thread like any item made from a message.
"""

from __future__ import annotations

import json

from slack_bolt import App, Args

from bot.deps import Deps, deps_of
from bot.errors import InvalidInput, UserFacingError
from bot.ids import ActionId, BlockId, CallbackId
from bot.messages.poll_forms import decision_form
from bot.services import decisions
from bot.services import polls as service
from bot.services.actions import Source
from bot.services.directory import actor_for
from bot.services.poll_votes import stored_tally
from bot.slack import blocks_decisions
from bot.slack.blocks_modals import ItemForm, item_modal, notice_modal
from bot.text import to_mrkdwn
from bot.work import Lane
from handlers.slack.common import (
    SLACK_FAILURES,
    acknowledged,
    apology,
    form_slot,
    later_in_slot,
    log,
    port_of,
    slack_reason,
    team_of,
)
from storage.models import Decision, Poll


def register(app: App) -> None:
    """Attach the "you said, we did" buttons and the decision form."""
    app.action(ActionId.POLL_DECISION)(acknowledged(open_decision_form, lane=Lane.TRIGGER))
    app.action(ActionId.POLL_ACTION_ITEM)(acknowledged(open_action_form, lane=Lane.TRIGGER))
    app.view(CallbackId.POLL_DECISION)(save_decision)


def _managed_poll(deps: Deps, args: Args, *, doing: str) -> Poll:
    body = args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    actor = actor_for(deps, port_of(args), team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        poll = service.find_poll(session, team_id=team_id, number=int(body["actions"][0]["value"]))
        service.require_manage(poll, actor, doing=doing)
    if poll.results is None:
        raise InvalidInput(f"{poll.code} is still open. Close it first: /poll close {poll.code}")
    return poll


def prefill(poll: Poll) -> str:
    """Return the start of a decision or item written from a poll's result."""
    counted = stored_tally(poll)
    return f"{poll.code}: {service.winner_phrase(poll.options, counted)} — "


def open_decision_form(args: Args) -> None:
    """Open the decision form, prefilled from the result."""
    deps = deps_of(args.context)
    poll = _managed_poll(deps, args, doing="record a decision from its results")
    port_of(args).open_form(args.body["trigger_id"], decision_form(poll, prefill(poll)))


def open_action_form(args: Args) -> None:
    """Open the item form, prefilled from the result, to be posted in the poll's thread."""
    deps = deps_of(args.context)
    poll = _managed_poll(deps, args, doing="make action items from its results")
    meta = {"c": poll.channel_id, "ts": poll.message_ts, "th": poll.message_ts}
    meta["r"] = args.body.get("response_url")
    form = ItemForm(
        callback_id=CallbackId.ITEM_NEW,
        heading="Make action item",
        submit="Save",
        metadata=json.dumps(meta),
        title=prefill(poll),
        owners=[args.body["user"]["id"]],
        notes=[f"From the results of *{poll.code}*. I'll post the item in the poll's thread."],
    )
    args.client.views_open(trigger_id=args.body["trigger_id"], view=item_modal(form))


def save_decision(args: Args) -> None:
    """Record the decision typed in the form and post it in the poll's thread."""
    deps, body = deps_of(args.context), args.body
    values = body["view"]["state"]["values"]
    typed = values[BlockId.POLL_DECISION_TEXT][BlockId.POLL_DECISION_TEXT].get("value") or ""
    slot = form_slot(args)
    if slot is None:
        return
    try:
        poll, decision = _record(deps, args, to_mrkdwn(typed.strip()))
    except InvalidInput as problem:
        slot.release()
        args.ack(response_action="errors", errors={BlockId.POLL_DECISION_TEXT: problem.message})
        return
    except Exception as error:  # noqa: BLE001 - answered in the modal, by the one policy
        slot.release()
        text = error.message if isinstance(error, UserFacingError) else apology(error, body)
        args.ack(response_action="update", view=notice_modal(text))
        return
    args.ack()
    later_in_slot(slot, body, lambda: _post_decision(args, poll, decision))


def _post_decision(args: Args, poll: Poll, decision: Decision) -> None:
    message = blocks_decisions.announcement(decision)
    try:
        args.client.chat_postMessage(channel=poll.channel_id, thread_ts=poll.message_ts, **message)
    except SLACK_FAILURES as error:  # the decision is saved and in /decision list
        log.warning("could not post %s: %s", decision.code, slack_reason(error))


def _record(deps: Deps, args: Args, text: str) -> tuple[Poll, Decision]:
    body = args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    number = int(json.loads(body["view"]["private_metadata"])["n"])
    actor = actor_for(deps, port_of(args), team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        poll = service.find_poll(session, team_id=team_id, number=number)
        service.require_manage(poll, actor, doing="record a decision from its results")
        source = None
        if poll.message_ts:
            source = Source(poll.channel_id, poll.message_ts, poll.source_url, via="poll")
        decision = decisions.record_decision(
            session,
            team_id=team_id,
            recorder_id=user_id,
            channel_id=poll.channel_id,
            text=text,
            now=deps.now(),
            source=source,
        )
    return poll, decision
