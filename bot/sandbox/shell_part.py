"""What each part of `backbone shell` may use of the shell it is mixed into."""

from __future__ import annotations

from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.sandbox.screen import Screen
from bot.sandbox.server import SlackEmulator


class ShellPart:
    """The shell's state and helpers, as the command mixins see them."""

    emulator: SlackEmulator
    screen: Screen
    out: TextIO
    user: str
    channel: str

    def _user_named(self, name: str) -> str | None:
        raise NotImplementedError

    def to_slack(self, text: str) -> str:
        raise NotImplementedError

    def shell_now(self) -> datetime:
        raise NotImplementedError

    def shell_zone(self) -> ZoneInfo:
        raise NotImplementedError
