"""`:time`, shared by the Slack and Teams shells: move the sandbox's clock and run what is due."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

STEP = re.compile(r"^\+(\d+)([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class ClockCommands:
    """`:time +2d | +3h | +1w | 2026-12-01 09:00`, in the zone of the person you are."""

    world: Any  # a sandbox world: its `clock`, and `tick()` running what `backbone tick` runs
    out: TextIO

    def now_text(self) -> str:
        """Say the sandbox's time in your own zone."""
        raise NotImplementedError

    def zone_name(self) -> str:
        """Return the zone of the person you are."""
        raise NotImplementedError

    def cmd_time(self, rest: str) -> None:
        """Move the clock, then run the scheduled work due by then."""
        self.world.clock.now = self._when(rest)
        report = self.world.tick()
        done = [
            (report.delivery.sent, "reminder"),
            (report.creators_told, "note to a creator"),
            (report.polls.closed, "poll closed"),
            (report.digests.posted, "digest posted"),
        ]
        said = ", ".join(f"{n} {what}{'' if n == 1 else 's'}" for n, what in done if n)
        self.out.write(f"(time) It is now {self.now_text()}. {said or 'Nothing was due.'}\n")

    def _when(self, rest: str) -> datetime:
        now: datetime = self.world.clock.now
        step = STEP.match(rest.strip())
        if step:
            return now + timedelta(**{UNITS[step.group(2)]: int(step.group(1))})
        try:
            local = datetime.strptime(rest.strip(), "%Y-%m-%d %H:%M")
        except ValueError:
            raise ValueError("say +2d, +3h, +1w or a time like 2026-12-01 09:00") from None
        moved = local.replace(tzinfo=ZoneInfo(self.zone_name()))
        if moved < now:
            raise ValueError("time only moves forward here")
        return moved
