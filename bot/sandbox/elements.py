"""What a person does to interactive elements, in Slack's shapes: a click's `actions[]` entry and
a submitted modal's `state.values`."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from bot.sandbox.blockkit import interactive_elements
from bot.sandbox.state import Json

# The key each element type's current state lives under, and whether it holds a list.
_STATE_KEYS: dict[str, tuple[str, bool]] = {
    "plain_text_input": ("value", False),
    "email_text_input": ("value", False),
    "url_text_input": ("value", False),
    "number_input": ("value", False),
    "datepicker": ("selected_date", False),
    "timepicker": ("selected_time", False),
    "datetimepicker": ("selected_date_time", False),
    "users_select": ("selected_user", False),
    "multi_users_select": ("selected_users", True),
    "conversations_select": ("selected_conversation", False),
    "multi_conversations_select": ("selected_conversations", True),
    "channels_select": ("selected_channel", False),
    "multi_channels_select": ("selected_channels", True),
    "static_select": ("selected_option", False),
    "radio_buttons": ("selected_option", False),
    "overflow": ("selected_option", False),
    "multi_static_select": ("selected_options", True),
    "checkboxes": ("selected_options", True),
}
_OPTION_KEYS = {"selected_option", "selected_options"}


def find_element(
    blocks: list[Json], action_id: str, block_id: str | None = None
) -> tuple[str, Json]:
    """Return the block_id and the element with that action_id (in that block), or raise."""
    for block in blocks:
        if block_id is not None and block.get("block_id") != block_id:
            continue  # an action_id is unique in a block, not a message: one per item of a DM
        for element in interactive_elements(block):
            if element.get("action_id") == action_id:
                return str(block.get("block_id", "")), element
    found = [e.get("action_id") for b in blocks for e in interactive_elements(b)]
    raise LookupError(f"no element with action_id {action_id!r}; the blocks have {found}")


def action_json(block_id: str, element: Json, value: str | None, option: str | None) -> Json:
    """Return the `actions[]` entry Slack sends when a person uses this element."""
    kind = str(element["type"])
    action: Json = {"action_id": element["action_id"], "block_id": block_id, "type": kind}
    if kind == "button":
        action["text"] = element["text"]
        chosen = value if value is not None else element.get("value")
        if chosen is not None:
            action["value"] = chosen
        if "style" in element:
            action["style"] = element["style"]
    else:
        action.update(element_state(element, option if option is not None else value))
    action["action_ts"] = f"{time.time():.6f}"
    return action


def element_state(element: Json, given: Any) -> Json:
    """Return an element's state (`{"type", "value"|"selected_…"}`) holding `given`."""
    if isinstance(given, dict) and "type" in given:
        return given
    kind = str(element["type"])
    key, is_list = _STATE_KEYS.get(kind, ("value", False))
    if is_list:
        items = [] if given is None else list(given) if isinstance(given, list) else [given]
        chosen: Any = [_option(element, v) for v in items] if key in _OPTION_KEYS else items
    elif key in _OPTION_KEYS:
        chosen = None if given is None else _option(element, given)
    else:
        chosen = given
    return {"type": kind, key: chosen}


def _option(element: Json, value: Any) -> Json:
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options += group.get("options", [])
    for option in options:
        if option.get("value") == value:
            return {"text": option["text"], "value": option["value"]}
    known = [option.get("value") for option in options]
    raise LookupError(f"{element.get('action_id')!r} has no option {value!r}; it has {known}")


def submission_values(
    blocks: list[Json], values: Mapping[str, Mapping[str, Any]]
) -> dict[str, Json]:
    """Return `view.state.values` for a submission: every input block, filled from `values`.

    `values` maps block_id → action_id → a plain value (text, date, option value, user id, or a
    list for multi-selects) or an already Slack-shaped state dict.
    """
    state: dict[str, Json] = {}
    for block in blocks:
        block_id = str(block.get("block_id"))
        given = values.get(block_id, {})
        for element in interactive_elements(block):
            action_id = str(element.get("action_id"))
            if block.get("type") != "input" and action_id not in given:
                continue
            _check_required(block, given.get(action_id))
            state.setdefault(block_id, {})[action_id] = element_state(element, given.get(action_id))
    _check_known(values, state)
    return state


def _check_required(block: Json, given: Any) -> None:
    # Slack's client refuses to submit an empty required input: a test doing so has a bug.
    if block.get("type") == "input" and not block.get("optional") and given in (None, "", []):
        raise ValueError(f"input block {block.get('block_id')!r} is required")


def _check_known(values: Mapping[str, Mapping[str, Any]], state: dict[str, Json]) -> None:
    for block_id, actions in values.items():
        for action_id in actions:
            if action_id not in state.get(block_id, {}):
                raise LookupError(f"the view has no element {block_id!r}/{action_id!r}")
