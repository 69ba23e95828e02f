"""Forms in `backbone shell`: what a modal's fields hold (prefilled or typed), shown and sent.

Slack shows a modal's prefilled values and submits them with whatever the person typed; the
shell does the same, so `:submit` alone sends the form as it stands and `:fill` changes a field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.errors import DateError
from bot.when import read_when

Json = dict[str, Any]
# element type → the key its prefilled value is under, and whether it holds a list
INITIAL_KEYS: dict[str, tuple[str, bool]] = {
    "plain_text_input": ("initial_value", False),
    "email_text_input": ("initial_value", False),
    "url_text_input": ("initial_value", False),
    "number_input": ("initial_value", False),
    "datepicker": ("initial_date", False),
    "timepicker": ("initial_time", False),
    "datetimepicker": ("initial_date_time", False),
    "users_select": ("initial_user", False),
    "multi_users_select": ("initial_users", True),
    "conversations_select": ("initial_conversation", False),
    "multi_conversations_select": ("initial_conversations", True),
    "channels_select": ("initial_channel", False),
    "multi_channels_select": ("initial_channels", True),
    "static_select": ("initial_option", False),
    "multi_static_select": ("initial_options", True),
    "radio_buttons": ("initial_option", False),
    "checkboxes": ("initial_options", True),
}
PEOPLE_KINDS = {"users_select", "multi_users_select"}
CHANNEL_KINDS = {
    "conversations_select",
    "multi_conversations_select",
    "channels_select",
    "multi_channels_select",
}


def inputs(view: Json) -> list[Json]:
    """Return a modal's input blocks."""
    return [b for b in view.get("blocks", []) if b.get("type") == "input" and b.get("element")]


def initial_value(element: Json) -> Any:
    """Return what a field is prefilled with, as the shell passes it on (None when empty)."""
    key, is_list = INITIAL_KEYS.get(str(element.get("type")), ("initial_value", False))
    found = element.get(key)
    if found is None:
        return None
    if key in {"initial_option", "initial_options"}:
        options = found if is_list else [found]
        values = [option.get("value") for option in options]
        return values if is_list else values[0]
    return list(found) if is_list else found


def field_named(view: Json, name: str) -> Json:
    """Return the input block a person means: its block_id, the end of it, or its label."""
    wanted = name.strip().lower()
    blocks = inputs(view)
    for found in (
        [b for b in blocks if str(b.get("block_id", "")).lower() == wanted],
        [b for b in blocks if short_name(b).lower() == wanted],
        [b for b in blocks if str(b.get("label", {}).get("text", "")).lower().startswith(wanted)],
    ):
        if len(found) == 1:
            return found[0]
    names = ", ".join(short_name(b) for b in blocks) or "none"
    raise LookupError(f"the form has no field “{name}”; its fields are: {names}")


def short_name(block: Json) -> str:
    """Return the name the shell shows for a field: its block_id without the form's prefix."""
    block_id = str(block.get("block_id", ""))
    return block_id.split("_", 1)[1] if block_id.startswith(("item_", "poll_")) else block_id


def current_values(view: Json, typed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return block_id → action_id → value: what was typed, else what the form was prefilled."""
    values: dict[str, dict[str, Any]] = {}
    for block in inputs(view):
        block_id, element = str(block["block_id"]), block["element"]
        value = typed[block_id] if block_id in typed else initial_value(element)
        if value not in (None, "", []):
            values[block_id] = {str(element["action_id"]): value}
    return values


def shown_value(
    element: Json,
    value: Any,
    *,
    name_of: Callable[[str], str],
    channel_of: Callable[[str], str],
) -> str:
    """Return a field's value as the form shows it: text, a date, @names, #channels, an option."""
    kind = str(element.get("type"))
    if value in (None, "", []):
        placeholder = element.get("placeholder", {}).get("text")
        return f"(empty{': ' + placeholder if placeholder else ''})"
    parts = value if isinstance(value, list) else [value]
    if kind in PEOPLE_KINDS:
        return " ".join(f"@{name_of(str(part))}" for part in parts)
    if kind in CHANNEL_KINDS:
        return " ".join(f"#{channel_of(str(part))}" for part in parts)
    labels = {o.get("value"): o.get("text", {}).get("text") for o in element.get("options", [])}
    return ", ".join(str(labels.get(part) or part) for part in parts)


def example(block: Json) -> str:
    """Return an example of what a field takes, for the shell's hints."""
    kind = str(block.get("element", {}).get("type"))
    if kind in PEOPLE_KINDS:
        return "@joe"
    if kind in CHANNEL_KINDS:
        return "#case-conferencing"
    return {"datepicker": "2026-12-05", "timepicker": "15:00"}.get(kind, "…")


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def picked_day(typed: str, *, now: datetime, zone: ZoneInfo) -> str:
    """Return the day a date field's typed words pick, as the picker sends it (2026-12-18).

    In Slack or Teams a person picks the day on a calendar; in the shell they type it, and
    "Dec 18th" or "next Friday" pick the same day the calendar would.
    """
    if not typed or ISO_DAY.fullmatch(typed):
        return typed
    try:
        return read_when(typed, now=now, zone=zone).local().date().isoformat()
    except DateError as error:
        raise ValueError(
            f"{error.message} A date field takes a day, like 2026-12-18 or Dec 18."
        ) from None
