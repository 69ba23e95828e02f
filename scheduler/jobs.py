"""Scheduled work as plain functions of `now`, run by `backbone tick` and by the scheduler."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.port import Ports
from bot.services.creator_notes import tell_creators
from bot.services.cycle_studies import StudyWork, run_cycle_studies
from bot.services.digest_delivery import DigestDelivery, deliver_digests
from bot.services.digest_plans import plan_digests
from bot.services.goal_checkins import CheckinWork, run_goal_checkins
from bot.services.item_outbox import post_owed
from bot.services.nudges import plan_nudges
from bot.services.poll_ticks import PollWork, post_owed_polls, run_poll_work
from bot.services.reminders import Delivery, deliver_nudges
from bot.services.replays import forget_replays
from bot.services.workspace_health import resume_single_token, stop_lost_workspaces

log = logging.getLogger("backbone")


@dataclass
class TickReport:
    """What one run of the scheduled work did."""

    claimed: int = 0
    posted: int = 0  # items saved but never posted, posted now
    polls_found: int = 0  # polls whose post was never recorded, found or posted now
    delivery: Delivery = field(default_factory=Delivery)
    creators_told: int = 0
    digests: DigestDelivery = field(default_factory=DigestDelivery)
    polls: PollWork = field(default_factory=PollWork)
    stopped: int = 0  # workspaces found to have removed Backbone
    checkins: CheckinWork = field(default_factory=CheckinWork)  # goal check-in DMs
    studies: StudyWork = field(default_factory=StudyWork)  # "T-3 ended. What happened?" DMs

    def summary(self) -> str:
        """Say in a line what happened."""
        d = self.delivery
        stopped = (
            f" Stopped work for {self.stopped} workspace(s) that removed Backbone."
            if self.stopped
            else ""
        )
        return (
            f"sent {d.sent} reminder(s); {d.failed} will be retried; {d.dropped} no longer needed; "
            f"told {self.creators_told} creator(s) about items that need attention; "
            f"posted {self.digests.posted} weekly digest(s); closed {self.polls.closed} poll(s)."
            + (f" Posted {self.posted} new item(s) Slack had not shown yet." if self.posted else "")
            + (f" Found or posted {self.polls_found} poll(s)." if self.polls_found else "")
            + (f" Asked for {self.checkins.sent} goal value(s)." if self.checkins.sent else "")
            + (
                f" Asked {self.studies.sent} owner(s) to Study a test of change."
                if self.studies.sent
                else ""
            )
            + stopped
        )


def running_clock(start: datetime) -> Callable[[], datetime]:
    """Return a clock that starts at `start` and moves on with real time (for leases)."""
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


def run_due_work(deps: Deps, ports: Ports, *, now: datetime) -> TickReport:
    """Do everything that is due at `now`, once: reminders, notes to creators, polls, digests.

    `ports` gives each workspace's port (bot/port.py). A workspace that turns out to have
    removed Backbone is marked at the end and skipped from then on.
    """
    fixed = Deps(deps.session_factory, clock=lambda: now, default_zone=deps.default_zone,
                 charts=deps.charts)  # fmt: skip
    resume_single_token(fixed, ports)
    token = uuid.uuid4().hex
    report = TickReport()
    try:
        report.posted = post_owed(fixed, ports, now=now)
        report.polls_found = post_owed_polls(fixed, ports, now=now)
        report.claimed = plan_nudges(
            fixed.session_factory, now=now, token=token, fallback_zone=fixed.default_zone
        )
        report.delivery = deliver_nudges(fixed, ports, token=token, clock=running_clock(now))
        report.creators_told = tell_creators(fixed, ports)
        report.checkins = run_goal_checkins(fixed, ports, now=now, token=token)
        report.studies = run_cycle_studies(fixed, ports, now=now, token=token)
        # Polls close before digests are planned, so a digest due now lists a poll closing now.
        report.polls = run_poll_work(fixed, ports, now=now)
        plan_digests(fixed.session_factory, now=now, token=token)
        report.digests = deliver_digests(fixed, ports, token=token)
        forget_replays(fixed, now=now)
    finally:
        report.stopped = stop_lost_workspaces(fixed, ports)
    return report
