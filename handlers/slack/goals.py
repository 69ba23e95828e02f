"""`/goal`, its forms and buttons: read the Slack payload, call the goal services, answer.

The work is in bot/services/goal_commands.py and goal_forms.py; this module only translates.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Args

from bot.deps import deps_of
from bot.ids import ActionId, CallbackId, Command, GoalField
from bot.services.directory import person_for, zone_of
from bot.services.goal_commands import Invoker, run_goal_command
from bot.services.goal_forms import (
    FieldProblems,
    item_form_from_note,
    report_form_for,
    save_edit,
    save_report,
)
from bot.slack.render import render_message
from handlers.slack.common import SlashCall, acknowledged, answer, port_of, team_of
from handlers.slack.item_form import FormProblems
from handlers.slack.views import submission


def register(app: App) -> None:
    """Attach the `/goal` listeners."""
    app.command(Command.GOAL)(acknowledged(handle_goal_command))
    app.action(ActionId.GOAL_REPORT)(acknowledged(open_report_form))
    app.action(ActionId.GOAL_ACTION_ITEM)(acknowledged(open_item_form))
    app.view(CallbackId.GOAL_REPORT)(submission(save_report_form))
    app.view(CallbackId.GOAL_EDIT)(submission(save_edit_form))


def handle_goal_command(args: Args) -> None:
    """Answer `/goal …`."""
    call = SlashCall.of(args)
    who = Invoker(call.team_id, call.user_id, call.channel_id, call.trigger_id,
                  direct=call.channel_id.startswith("D"))  # fmt: skip
    reply = run_goal_command(call.deps, call.port, who, args.body.get("text") or "")
    if reply is None:
        return
    if reply.public:
        call.respond(response_type="in_channel", **render_message(reply.message))
    else:
        answer(call.respond, reply.message)


def open_report_form(args: Args) -> None:
    """Open the check-in form from the button on a check-in DM."""
    deps, port, team_id = deps_of(args.context), port_of(args), team_of(args.context)
    person = person_for(deps, port, team_id=team_id, user_id=args.body["user"]["id"])
    today = deps.now().astimezone(zone_of(person, deps.default_zone)).date()
    form = report_form_for(deps, team_id=team_id, value=args.body["actions"][0]["value"],
                           today=today)  # fmt: skip
    port.open_form(args.body["trigger_id"], form)


def open_item_form(args: Args) -> None:
    """Open the item form prefilled from a value's note ("Make an action item")."""
    deps, team_id = deps_of(args.context), team_of(args.context)
    form = item_form_from_note(deps, team_id=team_id, user_id=args.body["user"]["id"],
                               value=args.body["actions"][0]["value"])  # fmt: skip
    port_of(args).open_form(args.body["trigger_id"], form)


def _values(view: dict[str, Any]) -> dict[str, str | None]:
    """Read every field of a submitted goal form as text (picked options by their value)."""
    read: dict[str, str | None] = {}
    for block, actions in (view.get("state", {}).get("values") or {}).items():
        state = actions.get(block) or {}
        chosen = state.get("selected_option") or {}
        users = state.get("selected_users") or []
        read[block] = (state.get("value") or state.get("selected_date") or chosen.get("value")
                       or (users[0] if users else None))  # fmt: skip
    return read


def save_report_form(args: Args) -> Any:
    """Save the check-in form; then confirm it to its owner by DM."""
    deps, port, body = deps_of(args.context), port_of(args), args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    values = _values(body["view"])
    try:
        said = save_report(
            deps,
            port,
            team_id=team_id,
            user_id=user_id,
            state=body["view"]["private_metadata"],
            value=values.get(GoalField.VALUE),
            note=values.get(GoalField.NOTE),
        )
    except FieldProblems as problems:
        raise FormProblems(problems.problems) from None
    return lambda: port.dm(user_id, said)


def save_edit_form(args: Args) -> Any:
    """Save the goal's edit form; then confirm it by DM."""
    deps, port, body = deps_of(args.context), port_of(args), args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    try:
        said = save_edit(
            deps,
            port,
            team_id=team_id,
            user_id=user_id,
            state=body["view"]["private_metadata"],
            values=_values(body["view"]),
        )
    except FieldProblems as problems:
        raise FormProblems(problems.problems) from None
    return lambda: port.dm(user_id, said)
