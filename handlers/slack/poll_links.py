"""Polls by link on Slack: "Share a link", and the form of labels for one-person links.

The rules are bot/services/poll_link_commands.py's (Teams uses them too). The links for people
come back to their creator alone, as a message only they see in the poll's channel.
"""

from __future__ import annotations

from slack_bolt import App, Args

from bot.deps import deps_of
from bot.errors import InvalidInput, UserFacingError
from bot.ids import ActionId, BlockId, CallbackId
from bot.port import ChatError
from bot.services.poll_link_commands import people_form_for, save_people_form, share_pressed
from bot.slack.blocks_modals import notice_modal
from bot.work import Lane
from handlers.slack.common import (
    acknowledged,
    answer,
    apology,
    form_slot,
    later_in_slot,
    log,
    port_of,
    team_of,
)


def register(app: App) -> None:
    """Attach the "Share a link" and "Links for named people" buttons, and the labels form."""
    app.action(ActionId.POLL_SHARE_LINK)(acknowledged(handle_share_button))
    app.action(ActionId.POLL_PEOPLE_LINKS)(acknowledged(open_people_form, lane=Lane.TRIGGER))
    app.view(CallbackId.POLL_PEOPLE)(save_people)


def handle_share_button(args: Args) -> None:
    """Answer "Share a link": the link to its creator alone, the QR code in the poll's thread."""
    said = share_pressed(
        deps_of(args.context), port_of(args), team_id=team_of(args.context),
        user_id=args.body["user"]["id"], value=str(args.body["actions"][0].get("value", "")),
    )  # fmt: skip
    answer(args.respond, said)


def open_people_form(args: Args) -> None:
    """Open the form of labels, one link per person."""
    body = args.body
    form = people_form_for(
        deps_of(args.context), port_of(args), team_id=team_of(args.context),
        user_id=body["user"]["id"], value=str(body["actions"][0].get("value", "")),
    )  # fmt: skip
    port_of(args).open_form(body["trigger_id"], form)


def save_people(args: Args) -> None:
    """Make the links the form lists; show them to their creator alone in the poll's channel."""
    body, user = args.body, args.body["user"]["id"]
    typed = body["view"]["state"]["values"][BlockId.POLL_PEOPLE_LABELS][BlockId.POLL_PEOPLE_LABELS]
    slot = form_slot(args)
    if slot is None:
        return
    try:
        poll, said = save_people_form(
            deps_of(args.context), port_of(args), team_id=team_of(args.context), user_id=user,
            state=body["view"]["private_metadata"], typed=typed.get("value") or "",
        )  # fmt: skip
    except InvalidInput as problem:
        slot.release()
        args.ack(response_action="errors", errors={BlockId.POLL_PEOPLE_LABELS: problem.message})
        return
    except Exception as error:  # noqa: BLE001 - answered in the modal, by the one policy
        slot.release()
        text = error.message if isinstance(error, UserFacingError) else apology(error, body)
        args.ack(response_action="update", view=notice_modal(text))
        return
    args.ack()

    def tell() -> None:
        try:
            port_of(args).whisper(poll.channel_id, user, said)
        except ChatError as error:  # the links are made; /poll people shows new ones
            log.warning("could not show the links of %s: %s", poll.code, error.reason)

    later_in_slot(slot, body, tell)
