"""Scheduled work as plain functions of `now`, run by `backbone tick` and by the scheduler."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.digest_plans import plan_digests
from bot.services.nudges import plan_nudges
from handlers.digest_posts import DigestDelivery, deliver_digests
from handlers.poll_close import PollWork, run_poll_work
from handlers.reminders import Delivery, deliver_nudges, tell_creators

log = logging.getLogger("backbone")


@dataclass
class TickReport:
    """What one run of the scheduled work did."""

    claimed: int = 0
    delivery: Delivery = field(default_factory=Delivery)
    creators_told: int = 0
    digests: DigestDelivery = field(default_factory=DigestDelivery)
    polls: PollWork = field(default_factory=PollWork)

    def summary(self) -> str:
        """Say in a line what happened."""
        d = self.delivery
        return (
            f"sent {d.sent} reminder(s); {d.failed} will be retried; {d.dropped} no longer needed; "
            f"told {self.creators_told} creator(s) about items that need attention; "
            f"posted {self.digests.posted} weekly digest(s); closed {self.polls.closed} poll(s)."
        )


def run_due_work(deps: Deps, client: WebClient, *, now: datetime) -> TickReport:
    """Do everything that is due at `now`, once: reminders, notes to creators, polls, digests."""
    fixed = Deps(deps.session_factory, clock=lambda: now, default_zone=deps.default_zone)
    token = uuid.uuid4().hex
    report = TickReport()
    report.claimed = plan_nudges(
        fixed.session_factory, now=now, token=token, fallback_zone=fixed.default_zone
    )
    report.delivery = deliver_nudges(fixed, client, token=token)
    report.creators_told = tell_creators(fixed, client)
    # Polls close before digests are planned, so a digest due now lists a poll closing now.
    report.polls = run_poll_work(fixed, client, now=now)
    plan_digests(fixed.session_factory, now=now, token=token)
    report.digests = deliver_digests(fixed, client, token=token)
    return report
