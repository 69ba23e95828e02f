"""Block Kit samples the emulator tests share: an item's Done button and Snooze select."""

from __future__ import annotations

from typing import Any

DONE: dict[str, Any] = {
    "type": "button",
    "action_id": "item_done",
    "text": {"type": "plain_text", "text": "Done"},
    "value": "A-12",
    "style": "primary",
}
SNOOZE: dict[str, Any] = {
    "type": "static_select",
    "action_id": "item_snooze",
    "placeholder": {"type": "plain_text", "text": "Snooze"},
    "options": [
        {"text": {"type": "plain_text", "text": "Tomorrow"}, "value": "tomorrow"},
        {"text": {"type": "plain_text", "text": "Next week"}, "value": "next_week"},
    ],
}
BLOCKS = [{"type": "actions", "block_id": "item", "elements": [DONE, SNOOZE]}]
