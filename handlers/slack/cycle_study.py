"""A test of change's Study and Act on Slack: the buttons that open their forms, and the saves.

The work is in bot/services/cycle_acts.py and cycle_decisions.py; this module only translates.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Args

from bot.deps import deps_of
from bot.errors import InvalidInput
from bot.ids import ActionId, CallbackId
from bot.services.cycle_acts import act_form_for, save_study_form, study_form_for
from bot.services.cycle_decisions import save_act
from bot.services.goal_forms import FieldProblems
from bot.work import Lane
from handlers.slack.common import acknowledged, port_of, team_of
from handlers.slack.item_form import FormProblems
from handlers.slack.views import After, ThenShow, submission

ACTS = (ActionId.CYCLE_ADOPT, ActionId.CYCLE_ADAPT, ActionId.CYCLE_ABANDON)
OUTDATED = "This button is from an older version of Backbone. Nothing was changed."


def register(app: App) -> None:
    """Attach the Study and Act listeners."""
    app.action(ActionId.CYCLE_STUDY)(acknowledged(open_study_form, lane=Lane.TRIGGER))
    for action in ACTS:
        app.action(action)(acknowledged(open_act_form, lane=Lane.TRIGGER))
    app.view(CallbackId.CYCLE_STUDY)(submission(save_study))
    app.view(CallbackId.CYCLE_ACT)(submission(save_decision))


def _number(args: Args) -> int:
    value = str(args.body["actions"][0].get("value") or "")
    if not value.isdigit():
        raise InvalidInput(OUTDATED)
    return int(value)


def open_study_form(args: Args) -> None:
    """Open the Study form from a reminder's button."""
    port, user_id = port_of(args), args.body["user"]["id"]
    form = study_form_for(deps_of(args.context), port, team_id=team_of(args.context),
                          user_id=user_id, number=_number(args))  # fmt: skip
    port.open_form(args.body["trigger_id"], form)


def open_act_form(args: Args) -> None:
    """Open the Adopt, Adapt or Abandon form."""
    port, body = port_of(args), args.body
    form = act_form_for(deps_of(args.context), port, team_id=team_of(args.context),
                        user_id=body["user"]["id"], number=_number(args),
                        action=str(body["actions"][0]["action_id"]))  # fmt: skip
    port.open_form(body["trigger_id"], form)


def values_of(view: dict[str, Any]) -> dict[str, str | None]:
    """Read every field of a submitted form as text (a picked channel by its id)."""
    read: dict[str, str | None] = {}
    for block, actions in (view.get("state", {}).get("values") or {}).items():
        state = actions.get(block) or {}
        read[block] = state.get("value") or state.get("selected_conversation")
    return read


def save_study(args: Args) -> After:
    """Save the Study form; the post and the person's DM follow."""
    body, port = args.body, port_of(args)
    try:
        outcome = save_study_form(
            deps_of(args.context), port, team_id=team_of(args.context),
            user_id=body["user"]["id"], state=body["view"]["private_metadata"],
            values=values_of(body["view"]),
        )  # fmt: skip
    except FieldProblems as problems:
        raise FormProblems(problems.problems) from None
    return lambda: outcome.follow(port, body["user"]["id"])


def save_decision(args: Args) -> After | ThenShow:
    """Save an Act form; Adapt answers with the next cycle's form in its place."""
    body, port = args.body, port_of(args)
    user_id = body["user"]["id"]
    try:
        outcome = save_act(deps_of(args.context), port, team_id=team_of(args.context),
                           user_id=user_id, state=body["view"]["private_metadata"],
                           values=values_of(body["view"]))  # fmt: skip
    except FieldProblems as problems:
        raise FormProblems(problems.problems) from None
    after: After = lambda: outcome.follow(port, user_id)  # noqa: E731 - one step, named
    return after if outcome.then is None else ThenShow(after, outcome.then)
