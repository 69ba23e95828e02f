"""The buttons and menu options `backbone shell` can press, newest first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.sandbox.state import Ephemeral, Message, View


@dataclass(frozen=True)
class Control:
    """One button or menu option: where it is, and what pressing it sends."""

    target: Message | Ephemeral | View
    block_id: str | None
    action_id: str
    value: str | None  # a button's value, or the item number an option is for
    label: str
    option: str | None  # the option's value, for menus


def controls(targets: Sequence[Message | Ephemeral | View]) -> Iterable[Control]:
    """Yield every control of the messages and views given, the newest first."""
    for target in reversed(targets):
        blocks = target.view["blocks"] if isinstance(target, View) else (target.blocks or [])
        for block in reversed(blocks):
            elements = block.get("elements", []) if block.get("type") == "actions" else []
            if block.get("accessory"):
                elements = [*elements, block["accessory"]]
            block_id = block.get("block_id")
            for element in elements:
                yield from _element_controls(target, block_id, element)


def _element_controls(
    target: Message | Ephemeral | View, block_id: str | None, element: dict[str, Any]
) -> Iterable[Control]:
    kind, action_id = element.get("type"), str(element.get("action_id"))
    if kind == "button":
        label = str(element.get("text", {}).get("text", ""))
        yield Control(target, block_id, action_id, element.get("value"), label, None)
    elif kind in {"overflow", "static_select"}:
        for option in element.get("options", []):
            value = str(option.get("value"))
            number = value.split(":")[0] if ":" in value else None
            label = str(option["text"]["text"])
            yield Control(target, block_id, action_id, number, label, value)
