"""Showing Slack in a terminal: mentions as @names, dates as their fallback, buttons as [Done]."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>")
DATE = re.compile(r"<!date\^[^|>]*\|([^>]*)>")
SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
LINK = re.compile(r"<(https?://[^|>]+)\|([^>]*)>")
BARE_LINK = re.compile(r"<(https?://[^>]+)>")
EMPHASIS = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}


def readable(text: str, *, name_of: Callable[[str], str], channel_of: Callable[[str], str]) -> str:
    """Turn Slack's markup into plain words a terminal shows well."""
    text = MENTION.sub(lambda m: f"@{name_of(m.group(1))}", text)
    text = CHANNEL.sub(lambda m: f"#{m.group(2) or channel_of(m.group(1))}", text)
    text = DATE.sub(lambda m: m.group(1), text)
    text = SPECIAL.sub(lambda m: f"@{m.group(1)}", text)
    text = LINK.sub(lambda m: m.group(2), text)
    text = BARE_LINK.sub(lambda m: m.group(1), text)
    text = EMPHASIS.sub(lambda m: m.group(1), text)
    for entity, char in ENTITIES.items():
        text = text.replace(entity, char)
    return text


def controls(blocks: list[dict[str, Any]] | None) -> list[str]:
    """Return the labels of a message's buttons and menus, as they would read on screen."""
    labels: list[str] = []
    for block in blocks or []:
        elements = block.get("elements", []) if block.get("type") == "actions" else []
        accessory = block.get("accessory")
        for element in [*elements, *([accessory] if accessory else [])]:
            labels.append(_label(element))
    return [label for label in labels if label]


def _label(element: dict[str, Any]) -> str:
    kind = element.get("type")
    if kind == "button":
        return str(element.get("text", {}).get("text", ""))
    if kind == "overflow":
        return "⋯ " + " / ".join(o["text"]["text"] for o in element.get("options", []))
    if kind in {"static_select", "datepicker", "users_select", "multi_users_select"}:
        placeholder = element.get("placeholder", {}).get("text", kind)
        return f"{placeholder} ▾"
    return ""


def buttons_line(blocks: list[dict[str, Any]] | None) -> str:
    """Return `[Done] [Need help]` for a message's controls, or ""."""
    return " ".join(f"[{label}]" for label in controls(blocks))


def view_text(
    view: dict[str, Any], *, name_of: Callable[[str], str], channel_of: Callable[[str], str]
) -> list[str]:
    """Return the lines a modal or Home tab shows: its texts, inputs and buttons."""
    lines: list[str] = []
    for block in view.get("blocks", []):
        kind = block.get("type")
        if kind in {"section", "header"} and block.get("text"):
            lines.append(readable(block["text"]["text"], name_of=name_of, channel_of=channel_of))
        elif kind == "context":
            texts = [e.get("text", "") for e in block.get("elements", [])]
            lines.append(readable(" ".join(texts), name_of=name_of, channel_of=channel_of))
        elif kind == "input":
            label = block.get("label", {}).get("text", "")
            lines.append(
                f"  {label} ({block.get('block_id')}): {_label(block.get('element', {})) or '…'}"
            )
        elif kind == "divider":
            lines.append("  ───")
        if kind in {"actions", "section"}:
            shown = buttons_line([block])
            if shown:
                lines.append(f"  {shown}")
    return lines
