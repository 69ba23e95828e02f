"""The item form (a modal): `/action edit`, the "Make action item" shortcut, and Home's Add button.

A submission is answered in the modal itself: problems with a field under that field
(`response_action: errors`), a refusal or a failure as a short notice in place of the form, and
success by closing it. What follows a save (posts, Home tabs) runs after that answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, Args, Respond
from slack_sdk import WebClient

from bot.deps import Deps, deps_of
from bot.errors import UserFacingError
from bot.ids import ActionId, CallbackId
from bot.messages.common import notice_form
from bot.messages.parts import Form
from bot.messages.spans import Line, Typed
from bot.port import ChatError
from bot.services import item_forms as items
from bot.services.actions import check_new_title
from bot.services.homes import refresh_homes
from bot.services.item_checks import channel_problem
from bot.services.item_forms import (
    Created,
    FromMessage,
    NewItem,
    edit_form,
    home_form,
    message_form,
    saved_line,
)
from bot.slack.port import SlackPort
from bot.slack.render import render_form
from bot.work import Lane
from handlers.slack.announce import announce, refresh_announcement
from handlers.slack.common import (
    acknowledged,
    apology,
    form_slot,
    later_in_slot,
    port_of,
    team_of,
)
from handlers.slack.item_form import Filled, FormProblems, filled
from handlers.slack.notify import concerned

After = Callable[[], None]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ThenShow:
    """A save answered with another form in place of the one submitted (Adapt's next cycle)."""

    after: After
    form: Form


def register(app: App) -> None:
    """Attach the listeners that open and save the item form."""
    app.shortcut(CallbackId.MAKE_ACTION_ITEM)(acknowledged(open_from_message, lane=Lane.TRIGGER))
    app.action(ActionId.HOME_ADD_ITEM)(acknowledged(open_new_from_home, lane=Lane.TRIGGER))
    app.view(CallbackId.ITEM_EDIT)(submission(save_edit))
    app.view(CallbackId.ITEM_NEW)(submission(save_new))


def open_edit(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, number: int, trigger_id: str
) -> None:
    """Open `/action edit A-n`'s form, filled in, if the person may change the item."""
    port = SlackPort(client)
    form = edit_form(deps, port, team_id=team_id, user_id=user_id, number=number)
    port.open_form(trigger_id, form)


def open_from_message(args: Args) -> None:
    """Open the form for a new item, filled in from the message the shortcut was used on."""
    deps, port, body = deps_of(args.context), port_of(args), args.body
    message, channel = body["message"], body["channel"]["id"]
    seen = FromMessage(
        channel=channel, ts=message["ts"], thread=message.get("thread_ts") or message["ts"],
        text=message.get("text") or "",
        author=None if message.get("bot_id") else message.get("user"),
        reply_to=body.get("response_url"),
    )  # fmt: skip
    user_id = body["user"]["id"]
    form = message_form(deps, port, team_id=team_of(args.context), user_id=user_id, message=seen)
    port.open_form(body["trigger_id"], form)


def open_new_from_home(args: Args) -> None:
    """Open an empty form for a new item from the Home tab; the person picks the channel."""
    port_of(args).open_form(args.body["trigger_id"], home_form(args.body["user"]["id"]))


def submission(work: Callable[[Args], After | ThenShow]) -> Callable[[Args], None]:
    """Wrap a view_submission listener: every outcome is an answer in the modal, never a failure.

    A place for what follows the save (posts, Home tabs) is held first: when the app is too
    busy to take it, the form says so and nothing is saved.
    """

    def listener(args: Args) -> None:
        slot = form_slot(args)
        if slot is None:
            return
        try:
            after = work(args)
        except FormProblems as problems:
            slot.release()
            args.ack(response_action="errors", errors=problems.problems)
            return
        except Exception as error:  # noqa: BLE001 - answered in the modal, by the one policy
            slot.release()
            args.ack(response_action="update", view=render_form(_refusal(error, args.body)))
            return
        if isinstance(after, ThenShow):
            args.ack(response_action="update", view=render_form(after.form))
            after = after.after
        else:
            args.ack()
        later_in_slot(slot, args.body, after)

    listener.__name__ = listener.__qualname__ = work.__name__
    return listener


def _refusal(error: Exception, body: dict[str, Any]) -> Form:
    """Return the small form that says why a submission was not saved."""
    if isinstance(error, UserFacingError):
        return notice_form(Typed(error.message))
    return notice_form(apology(error, body))


def save_edit(args: Args) -> After:
    """Save `/action edit`'s form: rights are checked again, someone may have lost them since."""
    deps, port, body = deps_of(args.context), port_of(args), args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    edited = items.save_edit(
        deps, port, team_id=team_id, user_id=user_id, state=body["view"]["private_metadata"],
        form=filled(body["view"]),
    )  # fmt: skip

    def after() -> None:
        refresh_announcement(args.client, edited.item, by=user_id)
        people = edited.before | concerned(edited.item)
        refresh_homes(deps, port, team_id=team_id, user_ids=people)

    return after


def save_new(args: Args) -> After:
    """Save a new item from the form, and announce it: in the source message's thread, if any.

    A channel picked from Home is checked after the form has closed (asking Slack takes a
    call), and the item saved then: a channel Backbone cannot post in, or a failure, opens the
    form again as typed, saying why, with nothing saved. A form from a message is saved first.
    """
    deps, port, body = deps_of(args.context), port_of(args), args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    state, form = body["view"]["private_metadata"] or "{}", filled(body["view"])
    new = items.read_new(deps, port, team_id=team_id, user_id=user_id, state=state, form=form,
                         channel_later=True)  # fmt: skip
    if new.picked_channel:
        check_new_title(new.checked.title)  # refused in the form now, not after it closed
    saved = None if new.picked_channel else items.save_read(deps, new)

    def after() -> None:
        created = saved or _saved_from_home(deps, port, body, new, form, team_id=team_id)
        if created is None:
            return
        item, meta = created.item, created.meta
        respond = Respond(response_url=meta["r"]) if meta.get("r") else None
        announce(deps, args.client, item, respond, thread_ts=meta.get("th"))
        notices = {} if created.source else {user_id: saved_line(item)}
        refresh_homes(deps, port, team_id=team_id, user_ids=concerned(item), notices=notices)

    return after


def _saved_from_home(
    deps: Deps, port: SlackPort, body: dict[str, Any], new: NewItem, form: Filled, *, team_id: str
) -> Created | None:
    """Check the channel picked on Home and save; else open the form again, saying why."""
    try:
        problem = channel_problem(port, str(new.picked_channel))
        if problem is None:
            return items.save_read(deps, new)
    except Exception as error:  # noqa: BLE001 - the person is told, with an id in the log
        problem = apology(error, body)
    again = items.home_form_again(body["view"]["private_metadata"] or "{}", form, problem)
    _form_again(deps, port, body, again, items.not_saved_line(problem), team_id=team_id)
    return None


def _form_again(
    deps: Deps, port: SlackPort, body: dict[str, Any], form: Form, said: Line, *, team_id: str
) -> None:
    """Open the form again with the save's trigger; when it expired, say why on Home instead."""
    try:
        port.open_form(body["trigger_id"], form)
    except ChatError as error:
        log.warning("could not open the item form again: %s", error.reason)
        user_id = body["user"]["id"]
        refresh_homes(deps, port, team_id=team_id, user_ids=(), notices={user_id: said})


def open_edit_from_button(args: Args) -> None:
    """Open the form of the item a button names (a reminder's Update, a pin's Change owners)."""
    body = args.body
    open_edit(
        deps_of(args.context),
        args.client,
        team_id=team_of(args.context),
        user_id=body["user"]["id"],
        number=int(body["actions"][0]["value"]),
        trigger_id=body["trigger_id"],
    )
