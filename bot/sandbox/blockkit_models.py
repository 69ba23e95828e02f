"""Blocks and views checked with slack_sdk's own Block Kit models.

Each block is parsed with `Block.parse` and every object in it (the block, its elements, their
texts, options and confirm dialogs) is checked with its own `validate_json()`; a view is checked
with `View(**view).validate_json()`. The walk keeps a JSON pointer to each object, so a problem
reads like Slack's: `[ERROR] <what slack_sdk says> [json-pointer:/blocks/0/accessory]`. Keys a
model does not know are refused too (Slack refuses unknown properties, and a typo such as
`"emoji"` on a mrkdwn text or `"max_lenght"` would otherwise pass unnoticed).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

Json = dict[str, Any]
_UNEXPECTED = re.compile(r"unexpected keyword argument '(\w+)'")
# What a malformed dict makes slack_sdk's constructors raise, besides its own error.
_PARSE_ERRORS = (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError)
# Keys Slack adds to what it stores and sends back; an app may echo them (views.update with a
# view it received), so they are not "unknown".
_VIEW_ECHO_KEYS = {"id", "team_id", "state", "hash", "root_view_id", "previous_view_id",
                   "app_id", "app_installed_team_id", "bot_id"}  # fmt: skip


def block_model_problems(block: object, at: str) -> list[str]:
    """Return what slack_sdk's models find wrong with one block."""
    if not isinstance(block, dict):
        return []  # the limits report non-objects
    source = copy.deepcopy(block)
    try:
        parsed = Block.parse(copy.deepcopy(block))
    except _PARSE_ERRORS as error:
        return [f"[ERROR] {_reason(error)} [json-pointer:{at}]"]
    if parsed is None:
        return []  # an unknown type: the limits report it with Slack's wording
    return _walk(parsed, source, at)


def view_model_problems(view: Json) -> list[str]:
    """Return what `slack_sdk.models.views.View` finds wrong with a view's own fields."""
    try:
        parsed = View(**copy.deepcopy(view))
        parsed.validate_json()
    except _PARSE_ERRORS as error:
        return [f"[ERROR] {_reason(error)} [json-pointer:/view]"]
    known = set(parsed.attributes) | _VIEW_ECHO_KEYS
    unknown = sorted(set(view) - known)
    problems = [f"[ERROR] unknown field: {key} [json-pointer:/view/{key}]" for key in unknown]
    for key in ("title", "submit", "close"):
        child = getattr(parsed, key, None)
        if isinstance(child, JsonObject) and isinstance(view.get(key), dict):
            problems += _walk(child, view[key], f"/view/{key}")
    return problems


def _walk(node: JsonObject, source: Json, at: str) -> list[str]:
    try:
        node.validate_json()
    except _PARSE_ERRORS as error:
        return [f"[ERROR] {_reason(error)} [json-pointer:{at}]"]
    attributes = set(node.attributes)
    problems = [
        f"[ERROR] unknown field: {key} [json-pointer:{at}/{key}]"
        for key in sorted(source)
        if key not in attributes and key != "type"
    ]
    for key in sorted(attributes & set(source)):
        problems += _walk_value(getattr(node, key, None), source[key], f"{at}/{key}")
    return problems


def _walk_value(value: object, source: object, at: str) -> list[str]:
    if isinstance(value, JsonObject) and isinstance(source, dict):
        return _walk(value, source, at)
    if isinstance(value, list | tuple) and isinstance(source, list):
        problems: list[str] = []
        for index, (item, item_source) in enumerate(zip(value, source, strict=False)):
            if item is None and isinstance(item_source, dict):
                kind = item_source.get("type")
                problems.append(f"[ERROR] unsupported type: {kind} [json-pointer:{at}/{index}]")
            problems += _walk_value(item, item_source, f"{at}/{index}")
        return problems
    return []


def _reason(error: Exception) -> str:
    if isinstance(error, SlackObjectFormationError):
        return str(error)
    unknown = _UNEXPECTED.search(str(error))
    if isinstance(error, TypeError) and unknown:
        return f"unknown field: {unknown.group(1)}"  # e.g. "emoji" on a mrkdwn text
    return f"invalid object ({type(error).__name__}: {error})"
