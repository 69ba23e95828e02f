"""A series' rule, as stored on its item ("weekly:1", "months:3"), read back and said in words.

Kept apart from `bot.recurrence`, which finds "every Monday" in what people type, so that what
only shows items (a tick's reminders, the Home tab) loads none of the date grammar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["days", "weekdays", "weekly", "weeks", "months"]
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Rule:
    """How often a series repeats; `weekday` (0 = Monday) only for "weekly"."""

    unit: Unit
    count: int = 1
    weekday: int | None = None

    @property
    def code(self) -> str:
        """Return the short form stored on an item."""
        if self.unit == "weekdays":
            return "weekdays"
        if self.unit == "weekly":
            return f"weekly:{(self.weekday or 0) + 1}"
        if self.unit == "months" and self.count == 1:
            return "monthly"
        return f"{self.unit}:{self.count}"

    def describe(self) -> str:
        """Say how often, in words: "every Monday", "every 2 weeks"."""
        if self.unit == "weekdays":
            return "every weekday"
        if self.unit == "weekly":
            return f"every {WEEKDAY_NAMES[self.weekday or 0]}"
        noun = {"days": "day", "weeks": "week", "months": "month"}[self.unit]
        return f"every {noun}" if self.count == 1 else f"every {self.count} {noun}s"


def rule_from_code(code: str | None) -> Rule | None:
    """Read a stored code back; None for no code or one this version does not know."""
    if not code:
        return None
    unit, _, number = code.partition(":")
    if code == "weekdays":
        return Rule("weekdays")
    if code == "monthly":
        return Rule("months")
    if not number.isdigit() or int(number) < 1:
        return None
    if unit == "weekly" and int(number) <= 7:
        return Rule("weekly", weekday=int(number) - 1)
    if unit in ("days", "weeks", "months"):
        return Rule(unit, count=int(number))  # type: ignore[arg-type]  # checked just above
    return None
