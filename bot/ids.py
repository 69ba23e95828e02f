"""Every command, action, block and callback id Backbone uses: one place, no bare strings."""

from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    ACTION = "/action"


class ActionId(StrEnum):
    ITEM_DONE = "item_done"
    ITEM_SNOOZE = "item_snooze"
    ITEM_NEED_HELP = "item_need_help"
    SNOOZE_DATE_PICKED = "snooze_date_picked"


class SnoozeChoice(StrEnum):
    TOMORROW = "tomorrow"
    NEXT_WEEK = "next_week"
    PICK = "pick"


class BlockId(StrEnum):
    ITEM_BUTTONS = "item_buttons"
    SNOOZE_DATE = "snooze_date"


class NudgeCallback(StrEnum):
    SNOOZE_DATE = "nudge_snooze_date"
