"""Scheduled work as plain functions of `now`, run by `backbone tick` and by the scheduler."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.nudges import plan_nudges
from handlers.reminders import Delivery, deliver_nudges, tell_creators

log = logging.getLogger("backbone")


@dataclass
class TickReport:
    """What one run of the scheduled work did."""

    claimed: int = 0
    delivery: Delivery = field(default_factory=Delivery)
    creators_told: int = 0

    def summary(self) -> str:
        """Say in a line what happened."""
        d = self.delivery
        return (
            f"sent {d.sent} reminder(s); {d.failed} will be retried; {d.dropped} no longer needed; "
            f"told {self.creators_told} creator(s) about items that need attention."
        )


def run_due_work(deps: Deps, client: WebClient, *, now: datetime) -> TickReport:
    """Do everything that is due at `now`, once: plan and send reminders, tell creators."""
    fixed = Deps(deps.session_factory, clock=lambda: now, default_zone=deps.default_zone)
    token = uuid.uuid4().hex
    report = TickReport()
    report.claimed = plan_nudges(
        fixed.session_factory, now=now, token=token, fallback_zone=fixed.default_zone
    )
    report.delivery = deliver_nudges(fixed, client, token=token)
    report.creators_told = tell_creators(fixed, client)
    return report
