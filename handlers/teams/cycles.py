"""`pdsa …` on Teams, and its dialogs: the same services and words as Slack's `/pdsa`.

Teams opens a dialog only as the answer to a press (`task/fetch`), never from a message: so
`pdsa` (and `pdsa edit T-3`) answers in the person's chat with a card whose button opens it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from bot.errors import InvalidInput
from bot.ids import ActionId, CallbackId, CycleField
from bot.messages import cycles as words
from bot.messages.parts import Controls, Form, Message, Paragraph
from bot.services.cycle_commands import Opening, run_pdsa_command
from bot.services.cycle_forms import (
    edit_cycle_form,
    new_cycle_form,
    save_cycle_edit,
    save_new_cycle,
)
from bot.services.cycle_posts import after_new_cycle, refresh_cycle_post
from bot.services.goal_commands import Invoker
from handlers.teams.common import TeamsCall
from handlers.teams.dialog_saves import Data, Saved, people_in, today_of

OUTDATED = "This button is from an older version of Backbone. Nothing was changed."


def pdsa(call: TeamsCall, rest: str) -> None:
    """`pdsa …`: the same subcommands as `/pdsa`; a form comes as a button (see above)."""
    who = Invoker(call.team_id, call.user_id, call.channel_id)
    reply = run_pdsa_command(call.deps, call.port, who, rest,
                             open_form=lambda opening: offer(call, opening))  # fmt: skip
    if reply is not None:
        (call.answer if reply.public else call.tell)(reply.message)


def offer(call: TeamsCall, opening: Opening) -> None:
    """Answer with a card whose button opens the form."""
    editing = opening.button.action == ActionId.CYCLE_EDIT
    said = words.offer(f"T-{opening.button.value}" if editing else None)
    call.tell(Message(said, (Paragraph((said,)), Controls((opening.button,)))))


def open_new(call: TeamsCall, value: str) -> Form:
    """The `/pdsa` form, for the channel the command was typed in."""
    try:
        meta = json.loads(value)
        channel, idea = str(meta["c"]), str(meta.get("i") or "")
    except (ValueError, KeyError, TypeError):
        raise InvalidInput(OUTDATED) from None
    return new_cycle_form(call.deps, team_id=call.tenant_id, channel_id=channel,
                          today=today_of(call), change_idea=idea)  # fmt: skip


def open_edit(call: TeamsCall, value: str) -> Form:
    """A cycle's edit form, from the button that answers `pdsa edit T-n`."""
    if not value.isdigit():
        raise InvalidInput(OUTDATED)
    return edit_cycle_form(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                           number=int(value))  # fmt: skip


def _values(call: TeamsCall, data: Data) -> tuple[dict[str, str | None], list[str]]:
    values: dict[str, str | None] = {
        str(key): v if isinstance(v := data.get(key), str) and v else None for key in CycleField
    }
    return values, people_in(call, data.get(CycleField.OWNERS))


def save_new(call: TeamsCall, state: str, data: Data) -> Saved:
    """Save the `/pdsa` dialog; then post the cycle in its channel."""
    values, owners = _values(call, data)
    created = save_new_cycle(call.deps, call.port, team_id=call.tenant_id,
                             user_id=call.user_id, state=state, values=values,
                             owners=owners)  # fmt: skip
    posting = lambda: after_new_cycle(call.deps, call.port, created, by=call.user_id)  # noqa: E731
    return Saved(words.saved(created.cycle, new=True), [posting])


def save_edit(call: TeamsCall, state: str, data: Data) -> Saved:
    """Save a cycle's edit dialog; then show the change in its post."""
    values, owners = _values(call, data)
    cycle = save_cycle_edit(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                            state=state, values=values, owners=owners)  # fmt: skip
    return Saved(words.saved(cycle, new=False), [
        lambda: refresh_cycle_post(call.deps, call.port, team_id=call.tenant_id,
                                   number=cycle.number)
    ])  # fmt: skip


def new_again(call: TeamsCall, state: str) -> Form:
    """The `/pdsa` form again (what was typed is put back over it)."""
    meta = json.loads(state)
    return new_cycle_form(call.deps, team_id=call.tenant_id, channel_id=str(meta["c"]),
                          today=today_of(call))  # fmt: skip


def edit_again(call: TeamsCall, state: str) -> Form:
    """A cycle's edit form again."""
    return open_edit(call, str(json.loads(state)["n"]))


OPENERS: dict[str, Callable[[TeamsCall, str], Form]] = {
    ActionId.CYCLE_NEW: open_new,
    ActionId.CYCLE_EDIT: open_edit,
}
SAVERS: dict[str, Callable[[TeamsCall, str, Data], Saved]] = {
    CallbackId.CYCLE_NEW: save_new,
    CallbackId.CYCLE_EDIT: save_edit,
}
AGAIN: dict[str, Callable[[TeamsCall, str], Form]] = {
    CallbackId.CYCLE_NEW: new_again,
    CallbackId.CYCLE_EDIT: edit_again,
}
