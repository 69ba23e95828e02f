"""Slack's documented Block Kit limits for blocks, each next to the reference page that states it.

slack_sdk's models check some of these and miss others (input lengths, option text, option
counts, empty texts, initial options); this module checks all of them so the emulator never
depends on what the models happen to cover. Problems use Slack's wording and JSON pointers, as
Slack answered a views.open with a 76-character option text:
`[ERROR] must be less than 76 characters [json-pointer:/view/blocks/2/element/options/0/text/text]`
(github.com/rtCamp/frappe-slack-connector/issues/54).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.sandbox.blockkit_elements import element_problems, text_problems, too_long

Json = dict[str, Any]


def blocks_limit_problems(blocks: list[Any], pointer: str, max_blocks: int) -> list[str]:
    """Return every documented limit the blocks break (count, ids, each block's fields)."""
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
    # block_id: "Maximum length for this field is 255 characters. block_id should be unique
    # for each message and each iteration of a message." (every block's reference page, e.g.
    # https://docs.slack.dev/reference/block-kit/blocks/section-block)
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


def _section(block: Json, at: str) -> list[str]:
    # https://docs.slack.dev/reference/block-kit/blocks/section-block: text "Minimum length
    # 1 and maximum length 3000 characters"; fields "Maximum number of items is 10. Maximum
    # length for the text in each item is 2000 characters"; one of text or fields required.
    if "text" not in block and "fields" not in block:
        return [f"[ERROR] must provide either text or fields [json-pointer:{at}]"]
    problems = text_problems(block["text"], f"{at}/text", 3000) if "text" in block else []
    fields = block.get("fields", [])
    if not isinstance(fields, list) or len(fields) > 10:
        problems.append(f"[ERROR] no more than 10 items allowed [json-pointer:{at}/fields]")
        fields = []
    for index, item in enumerate(fields):
        problems += text_problems(item, f"{at}/fields/{index}", 2000)
    if "accessory" in block:
        problems += element_problems(block["accessory"], f"{at}/accessory")
    return problems


def _header(block: Json, at: str) -> list[str]:
    # https://docs.slack.dev/reference/block-kit/blocks/header-block: a plain_text text
    # object, "Maximum length for the text in this field is 150 characters".
    return text_problems(block.get("text"), f"{at}/text", 150, plain_only=True)


def _actions(block: Json, at: str) -> list[str]:
    # https://docs.slack.dev/reference/block-kit/blocks/actions-block: "An array of
    # interactive element objects ... There is a maximum of 25 elements in each action block";
    # an element's action_id "Should be unique among all other action_ids in the containing
    # block" (https://docs.slack.dev/reference/block-kit/block-elements/button-element).
    elements = block.get("elements")
    if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
        return [f"[ERROR] must provide 1 to 25 items [json-pointer:{at}/elements]"]
    problems: list[str] = []
    action_ids: set[str] = set()
    for index, element in enumerate(elements):
        problems += element_problems(element, f"{at}/elements/{index}")
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if isinstance(action_id, str):
            if action_id in action_ids:
                problems.append(f"[ERROR] duplicate action_id [json-pointer:{at}/elements/{index}]")
            action_ids.add(action_id)
    return problems


def _context(block: Json, at: str) -> list[str]:
    # https://docs.slack.dev/reference/block-kit/blocks/context-block: "An array of image
    # elements and text objects. Maximum number of items is 10."
    elements = block.get("elements")
    if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
        return [f"[ERROR] must provide 1 to 10 items [json-pointer:{at}/elements]"]
    problems: list[str] = []
    for index, element in enumerate(elements):
        if isinstance(element, dict) and element.get("type") == "image":
            continue
        problems += text_problems(element, f"{at}/elements/{index}", 3000)
    return problems


def _input(block: Json, at: str) -> list[str]:
    # https://docs.slack.dev/reference/block-kit/blocks/input-block: label and hint are
    # plain_text, "Maximum length for the text in this field is 2000 characters"; one element.
    problems = text_problems(block.get("label"), f"{at}/label", 2000, plain_only=True)
    if "hint" in block:
        problems += text_problems(block["hint"], f"{at}/hint", 2000, plain_only=True)
    return problems + element_problems(block.get("element"), f"{at}/element")


def _image(block: Json, at: str) -> list[str]:
    # https://docs.slack.dev/reference/block-kit/blocks/image-block: alt_text "Maximum length
    # for this field is 2000 characters"; image_url "Maximum length ... 3000 characters".
    problems = too_long(block.get("alt_text"), 2000, f"{at}/alt_text")
    return problems + too_long(block.get("image_url"), 3000, f"{at}/image_url")


def _unchecked(block: Json, at: str) -> list[str]:
    return []  # slack_sdk's models check what these blocks have (blockkit_models.py)


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
