"""The reply under a :pushpin:ed message: the capture reply, with a one-click Change owners."""

from __future__ import annotations

from typing import Any

from bot.ids import ActionId, BlockId
from bot.slack.blocks import button
from storage.models import ActionItem, Status


def with_owner_button(reply: dict[str, Any], item: ActionItem) -> dict[str, Any]:
    """Add the one-click way to change a pinned item's owners: a button opening its form.

    Every path that draws the reply (pinned, message edited, Done clicked) passes through here,
    so the button stays while the item is open and goes once it is closed.
    """
    if item.status != Status.OPEN:
        return reply
    change = button("👥 Change owners", ActionId.PIN_CHANGE_OWNERS, str(item.number))
    row = {"type": "actions", "block_id": BlockId.PIN_OWNERS, "elements": [change]}
    text = f"{reply['text']}\nNot the right owners? Use Change owners."
    return {"text": text, "blocks": [*reply["blocks"], row]}
