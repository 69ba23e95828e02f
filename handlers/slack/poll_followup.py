""" "You said, we did": turn a poll's result into a decision or an action item.

The buttons sit on the results in the poll's thread. Only the poll's creator or an admin may use
them; the forms open prefilled from the result ("P-3: “Tuesday 5pm” won with 60% (3 of 5) — ").
The forms and the rules are bot/services/poll_followup.py's (Teams uses them too); the action
item is saved by the item form of handlers/slack/views.py, posted in the poll's thread like any
item made from a message. What stays here is Slack's: reading its payloads, answering its modal.
"""

from __future__ import annotations

from slack_bolt import App, Args

from bot.deps import Deps, deps_of
from bot.errors import InvalidInput, UserFacingError
from bot.ids import ActionId, BlockId, CallbackId
from bot.services.poll_followup import (
    decision_form_for,
    item_form_for,
    record_from_poll,
)
from bot.slack import blocks_decisions
from bot.slack.blocks_modals import notice_modal
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


def open_decision_form(args: Args) -> None:
    """Open the decision form, prefilled from the result."""
    body = args.body
    form = decision_form_for(
        deps_of(args.context), port_of(args), team_id=team_of(args.context),
        user_id=body["user"]["id"], number=int(body["actions"][0]["value"]),
    )  # fmt: skip
    port_of(args).open_form(body["trigger_id"], form)


def open_action_form(args: Args) -> None:
    """Open the item form, prefilled from the result, to be posted in the poll's thread."""
    body = args.body
    form = item_form_for(
        deps_of(args.context), port_of(args), team_id=team_of(args.context),
        user_id=body["user"]["id"], number=int(body["actions"][0]["value"]),
        reply_to=body.get("response_url"),
    )  # fmt: skip
    port_of(args).open_form(body["trigger_id"], form)


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
