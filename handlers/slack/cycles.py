"""`/pdsa` and its form: read the Slack payload, call the cycle services, answer.

The work is in bot/services/cycle_commands.py and cycle_forms.py; this module only translates.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Args

from bot.deps import deps_of
from bot.ids import CallbackId, Command, CycleField
from bot.services.cycle_commands import run_pdsa_command
from bot.services.cycle_forms import save_cycle_edit, save_new_cycle
from bot.services.cycle_posts import after_new_cycle, refresh_cycle_post
from bot.services.goal_commands import Invoker
from bot.services.goal_forms import FieldProblems
from handlers.slack.common import SlashCall, acknowledged, answer, port_of, team_of
from handlers.slack.item_form import FormProblems
from handlers.slack.views import submission


def register(app: App) -> None:
    """Attach the `/pdsa` listeners."""
    app.command(Command.PDSA)(acknowledged(handle_pdsa_command))
    app.view(CallbackId.CYCLE_NEW)(submission(save_new_form))
    app.view(CallbackId.CYCLE_EDIT)(submission(save_edit_form))


def handle_pdsa_command(args: Args) -> None:
    """Answer `/pdsa …`."""
    call = SlashCall.of(args)
    who = Invoker(call.team_id, call.user_id, call.channel_id, call.trigger_id)
    reply = run_pdsa_command(
        call.deps, call.port, who, args.body.get("text") or "",
        open_form=lambda opening: call.port.open_form(call.trigger_id, opening.form),
    )  # fmt: skip
    if reply is not None:
        answer(call.respond, reply.message)


def read_values(view: dict[str, Any]) -> tuple[dict[str, str | None], list[str]]:
    """Read a submitted cycle form: each field as text (a pick by its value), and the owners."""
    read: dict[str, str | None] = {}
    owners: list[str] = []
    for block, actions in (view.get("state", {}).get("values") or {}).items():
        state = actions.get(block) or {}
        if block == CycleField.OWNERS:
            owners = list(state.get("selected_users") or [])
            continue
        chosen = state.get("selected_option") or {}
        read[block] = state.get("value") or state.get("selected_date") or chosen.get("value")
    return read, owners


def save_new_form(args: Args) -> Any:
    """Save the `/pdsa` form; then post the cycle in its channel and refresh the owners' Homes."""
    deps, port, body = deps_of(args.context), port_of(args), args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    values, owners = read_values(body["view"])
    try:
        created = save_new_cycle(deps, port, team_id=team_id, user_id=user_id,
                                 state=body["view"]["private_metadata"], values=values,
                                 owners=owners)  # fmt: skip
    except FieldProblems as problems:
        raise FormProblems(problems.problems) from None
    return lambda: after_new_cycle(deps, port, created, by=user_id)


def save_edit_form(args: Args) -> Any:
    """Save a cycle's edit form; then show the change in its post."""
    deps, port, body = deps_of(args.context), port_of(args), args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    values, owners = read_values(body["view"])
    try:
        cycle = save_cycle_edit(deps, port, team_id=team_id, user_id=user_id,
                                state=body["view"]["private_metadata"], values=values,
                                owners=owners)  # fmt: skip
    except FieldProblems as problems:
        raise FormProblems(problems.problems) from None
    return lambda: refresh_cycle_post(deps, port, team_id=team_id, number=cycle.number)
