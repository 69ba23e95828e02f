"""Reading a submitted item form from Slack's view state (the checks: bot/services/item_checks)."""

from __future__ import annotations

from typing import Any

from bot.ids import ItemField
from bot.services.item_checks import Checked, Filled, FormProblems, Kept, check

__all__ = ["Checked", "Filled", "FormProblems", "Kept", "check", "filled"]


def filled(view: dict[str, Any]) -> Filled:
    """Read the values of a submitted item form."""
    values = view.get("state", {}).get("values", {})

    def value(field: ItemField, key: str) -> Any:
        return (values.get(field) or {}).get(field, {}).get(key)

    return Filled(
        title=(value(ItemField.TITLE, "value") or "").strip(),
        owners=list(value(ItemField.OWNERS, "selected_users") or []),
        day=value(ItemField.DUE_DATE, "selected_date"),
        at=value(ItemField.DUE_TIME, "selected_time"),
        channel=value(ItemField.CHANNEL, "selected_conversation"),
        note=(value(ItemField.NOTE, "value") or "").strip() or None,
    )
