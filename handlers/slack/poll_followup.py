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
from bot.services.poll_followup import DECIDE, MAKE_ITEMS, managed_poll, prefill, record_from_poll
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
    number = int(args.body["actions"][0]["value"])
    return managed_poll(
        deps, port_of(args), team_id=team_of(args.context), user_id=args.body["user"]["id"],
        number=number, doing=doing,
    )  # fmt: skip


def open_decision_form(args: Args) -> None:
    """Open the decision form, prefilled from the result."""
    deps = deps_of(args.context)
    poll = _managed_poll(deps, args, doing=DECIDE)
    port_of(args).open_form(args.body["trigger_id"], decision_form(poll, prefill(poll)))


def open_action_form(args: Args) -> None:
    """Open the item form, prefilled from the result, to be posted in the poll's thread."""
    deps = deps_of(args.context)
    poll = _managed_poll(deps, args, doing=MAKE_ITEMS)
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
    return record_from_poll(
        deps, port_of(args), team_id=team_of(args.context), user_id=body["user"]["id"],
        state=body["view"]["private_metadata"], text=text,
    )  # fmt: skip
