"""Helpers for goal scenarios: type `/goal`, report a year of values, fill in a goal's forms."""

from __future__ import annotations

from typing import Any

from bot.sandbox.server import AppResponse
from bot.sandbox.state import View
from storage import goals as store
from storage.models import Goal, GoalValue
from tests.support.harness import CASE, MARIA, TEAM, Harness

# November 2025 to October 2026, as said on Nov 24, 2026 (the harness's clock): November is
# the current month, so these are the twelve months before it, oldest first.
MONTHS = ["November 2025", "December 2025", "January", "February", "March", "April", "May",
          "June", "July", "August", "September", "October"]  # fmt: skip
# Days from match to move-in: six months around 90, then a test of change takes hold.
SHIFTED = [90, 92, 91, 95, 93, 89, 80, 75, 70, 72, 68, 65]
MEDIAN_DAYS = (
    'add "Median days from match to move-in" lower is better, baseline 90, target 45 by June 30, '
    "<@UJOE|joe> reports monthly"
)


def goal(backbone: Harness, text: str, *, user: str = MARIA, channel: str = CASE) -> AppResponse:
    """Type `/goal <text>` and wait for the app."""
    return backbone.command(text, user=user, channel=channel, command="/goal")


def reply(backbone: Harness) -> str:
    """The text of the app's latest private answer."""
    return str(backbone.last_response()["text"])


def report_year(backbone: Harness, number: int = 1, values: list[int] = SHIFTED) -> None:
    """Report a value for each of the months before this one."""
    for month, value in zip(MONTHS, values, strict=False):
        goal(backbone, f"report G-{number} {value} for {month}")


def stored(backbone: Harness, number: int) -> tuple[Goal, list[GoalValue]]:
    """Read a goal and its values from the database."""
    with backbone.database() as session:
        found = store.get_goal(session, team_id=TEAM, number=number)
        assert found is not None
        return found, store.values_of(session, goal=found)


def fill(view: View, **changes: Any) -> dict[str, dict[str, Any]]:
    """Return a form's values as shown, with some fields (by GoalField value) changed."""
    values: dict[str, dict[str, Any]] = {}
    for block in view.view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        option = (element.get("initial_option") or {}).get("value")
        shown = element.get("initial_value") or element.get("initial_date")
        shown = shown or element.get("initial_users") or option
        if shown:
            values[block["block_id"]] = {element["action_id"]: shown}
    for key, value in changes.items():
        values[key] = {key: value}
    return values
