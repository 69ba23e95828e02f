"""What acting as a person returns: the activity delivered and the bot's answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.sender import AppResponse
from bot.sandbox.teams.invokes import Dialog
from bot.sandbox.teams.state import Json


@dataclass
class Delivery:
    """An activity sent to the bot and the bot's answer (with the dialog it opened, if any)."""

    activity: Json
    response: AppResponse
    dialog: Dialog | None = field(default=None)

    @property
    def status(self) -> int:
        """Return the bot's HTTP status."""
        return self.response.status

    @property
    def json(self) -> dict[str, Any] | None:
        """Return the bot's answer body (an invoke's answer), when JSON."""
        return self.response.json

    @property
    def id(self) -> str:
        """Return the activity's id (for a message: the id of the person's post)."""
        return str(self.activity["id"])
