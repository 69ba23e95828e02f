"""Every command, action, block and callback id Backbone uses: one place, no bare strings."""

from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    ACTION = "/action"


class ActionId(StrEnum):
    ITEM_DONE = "item_done"
    ITEM_SNOOZE = "item_snooze"


class SnoozeChoice(StrEnum):
    TOMORROW = "tomorrow"
    NEXT_WEEK = "next_week"


class BlockId(StrEnum):
    ITEM_BUTTONS = "item_buttons"
