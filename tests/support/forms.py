"""Using Backbone's item form and Home tab in the emulator, the way a person does in Slack."""

from __future__ import annotations

from typing import Any

from bot.ids import ItemField
from bot.sandbox.server import AppResponse
from bot.sandbox.state import View
from tests.support.harness import Harness

# Where each picker keeps what the app filled in, as Slack shows it before anyone touches it.
_INITIAL = {
    "plain_text_input": "initial_value",
    "multi_users_select": "initial_users",
    "datepicker": "initial_date",
    "timepicker": "initial_time",
    "conversations_select": "initial_conversation",
}


def modal_of(backbone: Harness, user: str) -> View:
    """Return the modal a person has open (the newest)."""
    modals = [view for view in backbone.emulator.views(user) if view.kind == "modal"]
    assert modals, f"{user} has no modal open"
    return modals[-1]


def home_of(backbone: Harness, user: str) -> View:
    """Return a person's published Home tab."""
    homes = [view for view in backbone.emulator.views(user) if view.kind == "home"]
    assert len(homes) == 1, f"{user} has {len(homes)} Home tabs"
    return homes[0]


def submit(backbone: Harness, view: View, *, user: str, **changes: Any) -> AppResponse:
    """Submit a form as shown, with some fields changed (None clears one); wait for the app.

    `changes` are keyed by ItemField name in lower case: title, owners, due_date, due_time,
    channel, note.
    """
    values: dict[str, dict[str, Any]] = {}
    for block in view.view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        shown = element.get(_INITIAL.get(element["type"], ""), None)
        values[block["block_id"]] = {element["action_id"]: shown}
    for name, value in changes.items():
        field = ItemField[name.upper()]
        values[field] = {field: value}
    answer = backbone.emulator.submit_view(view.id, _drop_empty(values), user=user)
    backbone.settle()
    return answer


def _drop_empty(values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {block: actions for block, actions in values.items() if actions != {block: None}}


def open_home(backbone: Harness, user: str, *, first_time: bool = True) -> View:
    """Open the Home tab as a person; the first time, Slack's event carries no `view`."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user,
        "channel": backbone.emulator.dm_channel(user),
        "tab": "home",
        "event_ts": "1764000000.000100",
    }
    if not first_time:
        event["view"] = {"id": home_of(backbone, user).id, "type": "home"}
    backbone.emulator.send_event(event)
    backbone.settle()
    return home_of(backbone, user)
