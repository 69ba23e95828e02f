"""Block Kit limits as Slack enforces them, and Slack's normalisation of stored blocks.

Problems are reported in Slack's own wording, `[ERROR] ... [json-pointer:/blocks/0/text/text]`,
so an app that logs `response_metadata.messages` shows the same line it would against Slack.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from bot.sandbox.state import Workspace

Json = dict[str, Any]
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
_SELECTS_WITH_OPTIONS = {"static_select", "multi_static_select", "overflow"}
_CHOICES_WITH_OPTIONS = {"radio_buttons", "checkboxes"}


def too_long(value: object, limit: int, pointer: str) -> list[str]:
    """Return Slack's complaint when a string is over `limit` characters."""
    if isinstance(value, str) and len(value) > limit:
        return [f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}]"]
    return []


def block_problems(blocks: object, pointer: str, max_blocks: int) -> list[str]:
    """Return every limit the blocks break; an empty list means Slack would accept them."""
    if not isinstance(blocks, list):
        return [f"[ERROR] must provide an array [json-pointer:{pointer}]"]
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"[ERROR] no more than {max_blocks} items allowed [json-pointer:{pointer}]")
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        problems += _block_problems(block, f"{pointer}/{index}", seen)
    return problems


def _block_problems(block: object, at: str, seen_ids: set[str]) -> list[str]:
    if not isinstance(block, dict) or not isinstance(block.get("type"), str):
        return [f"[ERROR] missing required field: type [json-pointer:{at}]"]
    problems = too_long(block.get("block_id"), 255, f"{at}/block_id")
    block_id = block.get("block_id")
    if isinstance(block_id, str):
        if block_id in seen_ids:
            problems.append(f"[ERROR] duplicate block_id [json-pointer:{at}/block_id]")
        seen_ids.add(block_id)
    checker = _BLOCK_CHECKS.get(block["type"])
    if checker is None:
        return [*problems, f"[ERROR] unsupported type: {block['type']} [json-pointer:{at}/type]"]
    return problems + checker(block, at)


def _text_problems(obj: object, at: str, limit: int, *, plain_only: bool = False) -> list[str]:
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if not isinstance(obj, dict) or obj.get("type") not in allowed:
        return [f"[ERROR] must be a text object of type {' or '.join(allowed)} [json-pointer:{at}]"]
    if not isinstance(obj.get("text"), str):
        return [f"[ERROR] missing required field: text [json-pointer:{at}]"]
    return too_long(obj["text"], limit, f"{at}/text")


def _section(block: Json, at: str) -> list[str]:
    if "text" not in block and "fields" not in block:
        return [f"[ERROR] must provide either text or fields [json-pointer:{at}]"]
    problems = _text_problems(block["text"], f"{at}/text", 3000) if "text" in block else []
    fields = block.get("fields", [])
    if len(fields) > 10:
        problems.append(f"[ERROR] no more than 10 items allowed [json-pointer:{at}/fields]")
    for index, item in enumerate(fields):
        problems += _text_problems(item, f"{at}/fields/{index}", 2000)
    if "accessory" in block:
        problems += element_problems(block["accessory"], f"{at}/accessory")
    return problems


def _header(block: Json, at: str) -> list[str]:
    return _text_problems(block.get("text"), f"{at}/text", 150, plain_only=True)


def _actions(block: Json, at: str) -> list[str]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
        return [f"[ERROR] must provide 1 to 25 items [json-pointer:{at}/elements]"]
    problems: list[str] = []
    action_ids: set[str] = set()
    for index, element in enumerate(elements):
        problems += element_problems(element, f"{at}/elements/{index}")
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if isinstance(action_id, str) and action_id in action_ids:
            problems.append(f"[ERROR] duplicate action_id [json-pointer:{at}/elements/{index}]")
        action_ids.add(str(action_id))
    return problems


def _context(block: Json, at: str) -> list[str]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
        return [f"[ERROR] must provide 1 to 10 items [json-pointer:{at}/elements]"]
    problems: list[str] = []
    for index, element in enumerate(elements):
        if isinstance(element, dict) and element.get("type") == "image":
            continue
        problems += _text_problems(element, f"{at}/elements/{index}", 3000)
    return problems


def _input(block: Json, at: str) -> list[str]:
    problems = _text_problems(block.get("label"), f"{at}/label", 2000, plain_only=True)
    if "hint" in block:
        problems += _text_problems(block["hint"], f"{at}/hint", 2000, plain_only=True)
    return problems + element_problems(block.get("element"), f"{at}/element")


def _image(block: Json, at: str) -> list[str]:
    problems = too_long(block.get("alt_text"), 2000, f"{at}/alt_text")
    return problems + too_long(block.get("image_url"), 3000, f"{at}/image_url")


def _unchecked(block: Json, at: str) -> list[str]:
    return []


_BLOCK_CHECKS: dict[str, Callable[[Json, str], list[str]]] = {
    "section": _section,
    "header": _header,
    "actions": _actions,
    "context": _context,
    "input": _input,
    "image": _image,
    "divider": _unchecked,
    "rich_text": _unchecked,
    "markdown": _unchecked,
    "file": _unchecked,
    "video": _unchecked,
}


def element_problems(element: object, at: str) -> list[str]:
    """Return the limits an interactive element (button, select, input...) breaks."""
    if not isinstance(element, dict) or not isinstance(element.get("type"), str):
        return [f"[ERROR] missing required field: type [json-pointer:{at}]"]
    problems = too_long(element.get("action_id"), 255, f"{at}/action_id")
    if "placeholder" in element:
        problems += _text_problems(element["placeholder"], f"{at}/placeholder", 150)
    kind = element["type"]
    if kind == "button":
        problems += _text_problems(element.get("text"), f"{at}/text", 75, plain_only=True)
        problems += too_long(element.get("value"), 2000, f"{at}/value")
        problems += too_long(element.get("url"), 3000, f"{at}/url")
    elif kind in _SELECTS_WITH_OPTIONS or kind in _CHOICES_WITH_OPTIONS:
        problems += _option_problems(element, at, 75 if kind in _SELECTS_WITH_OPTIONS else 3000)
    return problems


def _option_problems(element: Json, at: str, text_limit: int) -> list[str]:
    problems: list[str] = []
    for index, option in enumerate(element.get("options", [])):
        where = f"{at}/options/{index}"
        if not isinstance(option, dict):
            problems.append(f"[ERROR] must provide an object [json-pointer:{where}]")
            continue
        problems += _text_problems(option.get("text"), f"{where}/text", text_limit)
        problems += too_long(option.get("value"), 150, f"{where}/value")
    if element["type"] == "overflow" and not 1 <= len(element.get("options", [])) <= 5:
        problems.append(f"[ERROR] must provide 1 to 5 items [json-pointer:{at}/options]")
    return problems


def view_problems(view: object) -> list[str]:
    """Return every limit a modal or Home tab definition breaks (views.* `invalid_arguments`)."""
    if not isinstance(view, dict):
        return ["[ERROR] must provide an object [json-pointer:/view]"]
    if view.get("type") not in ("modal", "home"):
        return ["[ERROR] must be one of modal, home [json-pointer:/view/type]"]
    problems = block_problems(view.get("blocks"), "/view/blocks", MAX_VIEW_BLOCKS)
    problems += too_long(view.get("private_metadata"), 3000, "/view/private_metadata")
    problems += too_long(view.get("callback_id"), 255, "/view/callback_id")
    problems += too_long(view.get("external_id"), 255, "/view/external_id")
    if view["type"] == "modal":
        problems += _modal_problems(view)
    return problems


def _modal_problems(view: Json) -> list[str]:
    problems = _text_problems(view.get("title"), "/view/title", 24, plain_only=True)
    for key in ("submit", "close"):
        if key in view:
            problems += _text_problems(view[key], f"/view/{key}", 24, plain_only=True)
    blocks = view.get("blocks") if isinstance(view.get("blocks"), list) else []
    has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks or [])
    if has_input and "submit" not in view:
        problems.append(
            "[ERROR] submit is required when an input block is present [json-pointer:/view]"
        )
    return problems


def normalize_blocks(ws: Workspace, blocks: list[Json]) -> list[Json]:
    """Return a copy with the block_id and action_id Slack fills in where the app gave none."""
    normalized = copy.deepcopy(blocks)
    for block in normalized:
        block.setdefault("block_id", ws.new_id("b"))
        for element in interactive_elements(block):
            element.setdefault("action_id", ws.new_id("a"))
    return normalized


def interactive_elements(block: Json) -> list[Json]:
    """Return the interactive elements of a block: actions elements, an accessory, an input."""
    if block.get("type") == "actions":
        return [e for e in block.get("elements", []) if isinstance(e, dict)]
    found = [block.get("accessory"), block.get("element")]
    return [e for e in found if isinstance(e, dict)]
