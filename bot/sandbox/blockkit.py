"""Block Kit as Slack checks it, and Slack's normalisation of stored blocks.

Everything a message or view carries is checked twice: against Slack's documented limits
(blockkit_limits.py, blockkit_elements.py, and the view limits here) and with slack_sdk's own
models (blockkit_models.py). Problems are reported in Slack's own wording,
`[ERROR] ... [json-pointer:/blocks/0/text/text]`, so an app that logs
`response_metadata.messages` shows the same line it would against Slack.
"""

from __future__ import annotations

import copy
from typing import Any

from bot.sandbox.blockkit_elements import text_problems, too_long
from bot.sandbox.blockkit_limits import blocks_limit_problems
from bot.sandbox.blockkit_models import block_model_problems, view_model_problems
from bot.sandbox.state import Workspace

Json = dict[str, Any]
# https://docs.slack.dev/reference/block-kit/blocks: "You can include up to 50 blocks in each
# message, and 100 blocks in modals or Home tabs."
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
VIEWS_REFERENCE = "https://docs.slack.dev/reference/views/modal-views"


def block_problems(blocks: object, pointer: str, max_blocks: int) -> list[str]:
    """Return every problem Slack (or stricter, the emulator) finds; empty means accepted.

    Two layers: Slack's documented limits (blockkit_limits.py, blockkit_elements.py), then
    slack_sdk's own models for everything else they check (blockkit_models.py).
    """
    if not isinstance(blocks, list):
        return [f"[ERROR] must provide an array [json-pointer:{pointer}]"]
    problems = blocks_limit_problems(blocks, pointer, max_blocks)
    for index, block in enumerate(blocks):
        problems += _not_reported(block_model_problems(block, f"{pointer}/{index}"), problems)
    return problems


def _not_reported(found: list[str], reported: list[str]) -> list[str]:
    """Drop model problems about an object a limit already complained about (or inside it)."""
    pointers = [_pointer(line) for line in reported]
    return [
        line
        for line in found
        if not any(p == _pointer(line) or p.startswith(_pointer(line) + "/") for p in pointers)
    ]


def _pointer(line: str) -> str:
    return line.rpartition("[json-pointer:")[2].rstrip("]")


def view_problems(view: object) -> list[str]:
    """Return every problem a modal or Home tab definition has (views.* `invalid_arguments`)."""
    if not isinstance(view, dict):
        return ["[ERROR] must provide an object [json-pointer:/view]"]
    if view.get("type") not in ("modal", "home"):
        return ["[ERROR] must be one of modal, home [json-pointer:/view/type]"]
    problems = block_problems(view.get("blocks"), "/view/blocks", MAX_VIEW_BLOCKS)
    # VIEWS_REFERENCE (and .../home-tab-views): private_metadata "Max length of 3000
    # characters"; callback_id and external_id "Max length of 255 characters".
    problems += too_long(view.get("private_metadata"), 3000, "/view/private_metadata")
    problems += too_long(view.get("callback_id"), 255, "/view/callback_id")
    problems += too_long(view.get("external_id"), 255, "/view/external_id")
    if view["type"] == "modal":
        problems += _modal_problems(view)
    return problems + _not_reported(view_model_problems(view), problems)


def _modal_problems(view: Json) -> list[str]:
    # VIEWS_REFERENCE: title "a plain_text text element with a max length of 24 characters";
    # submit and close "Max length of 24 characters"; "submit is required when an input
    # block is within the blocks array".
    problems = text_problems(view.get("title"), "/view/title", 24, plain_only=True)
    for key in ("submit", "close"):
        if key in view:
            problems += text_problems(view[key], f"/view/{key}", 24, plain_only=True)
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
