"""A test of change's Study and Act on Teams: the dialogs their card buttons open, and the saves.

The buttons are task/fetch presses (bot.ids.OPENS_FORM); handlers/teams/dialogs.py finds the
openers, savers and forms-again here by the button's verb and the form's key. The work is in
bot/services/cycle_acts.py and cycle_decisions.py, as on Slack.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.errors import InvalidInput
from bot.ids import ActionId, CallbackId, StudyField
from bot.messages import cycle_study as words
from bot.messages.parts import Form
from bot.messages.spans import line
from bot.services.cycle_acts import act_form_for, number_in, save_study_form, study_form_for
from bot.services.cycle_decisions import save_act
from handlers.teams.common import TeamsCall
from handlers.teams.dialog_saves import Data, Saved

OUTDATED = "This button is from an older version of Backbone. Nothing was changed."
IN_OUR_CHAT = line("🔬 Saved. What comes next is in our chat.")


def _number(value: str) -> int:
    if not value.isdigit():
        raise InvalidInput(OUTDATED)
    return int(value)


def open_study(call: TeamsCall, value: str) -> Form:
    """The Study form of a reminder's button ("<number>")."""
    return study_form_for(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                          number=_number(value))  # fmt: skip


def _opens_act(action: ActionId) -> Callable[[TeamsCall, str], Form]:
    def open_act(call: TeamsCall, value: str) -> Form:
        return act_form_for(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                            number=_number(value), action=action)  # fmt: skip

    return open_act


OPENERS: dict[str, Callable[[TeamsCall, str], Form]] = {
    ActionId.CYCLE_STUDY: open_study,
    **{action: _opens_act(action) for action in (ActionId.CYCLE_ADOPT, ActionId.CYCLE_ADAPT,
                                                  ActionId.CYCLE_ABANDON)},
}  # fmt: skip


def _texts(data: Data) -> dict[str, str | None]:
    return {key: _text(data.get(key)) for key in StudyField}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def save_study(call: TeamsCall, state: str, data: Data) -> Saved:
    """Save the Study form; the post is updated and the Act buttons come in the person's chat."""
    outcome = save_study_form(call.deps, call.port, team_id=call.tenant_id,
                              user_id=call.user_id, state=state, values=_texts(data))  # fmt: skip
    return Saved(IN_OUR_CHAT, [lambda: outcome.follow(call.port, call.user_id)])


def save_decision(call: TeamsCall, state: str, data: Data) -> Saved:
    """Save an Act form; Adapt shows the next cycle's form in the same dialog."""
    outcome = save_act(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                       state=state, values=_texts(data))  # fmt: skip
    return Saved(outcome.said.text, [lambda: outcome.follow(call.port, call.user_id)],
                 then=outcome.then)  # fmt: skip


SAVERS: dict[str, Callable[[TeamsCall, str, Data], Saved]] = {
    CallbackId.CYCLE_STUDY: save_study,
    CallbackId.CYCLE_ACT: save_decision,
}


def study_again(call: TeamsCall, state: str) -> Form:
    """The Study form again (what was typed is put back over it)."""
    return study_form_for(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                          number=number_in(state))  # fmt: skip


def act_again(call: TeamsCall, state: str) -> Form:
    """The Act form again, for the same decision."""
    action = str(json.loads(state).get("d") or "")
    if action not in words.ACT_OF:
        raise InvalidInput(OUTDATED)
    return act_form_for(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                        number=number_in(state), action=action)  # fmt: skip


AGAIN: dict[str, Callable[[TeamsCall, str], Form]] = {
    CallbackId.CYCLE_STUDY: study_again,
    CallbackId.CYCLE_ACT: act_again,
}
