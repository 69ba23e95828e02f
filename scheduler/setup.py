"""The in-process scheduler of `backbone serve`: the only module that imports APScheduler.

One interval job runs the same function as `backbone tick` every minute. The database is the
source of truth and every run claims its own work, so any number of processes can run it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger("backbone")
INTERVAL_SECONDS = 60


def start_scheduler(job: Callable[[], None]) -> BackgroundScheduler:
    """Run a job now and every minute after, in a background thread."""
    scheduler = BackgroundScheduler(
        timezone=UTC,
        job_defaults={
            "coalesce": True,  # runs missed while busy or asleep become one run
            "max_instances": 1,
            "misfire_grace_time": None,  # a late run still runs: work is never silently dropped
        },
    )
    scheduler.add_job(
        _guarded(job),
        IntervalTrigger(seconds=INTERVAL_SECONDS, timezone=UTC),
        id="backbone-tick",
        next_run_time=datetime.now(UTC),
    )
    scheduler.start()
    return scheduler


def _guarded(job: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            job()
        except Exception:  # one bad run must not stop the next; it is logged whole
            log.exception("scheduled work failed; it will run again in a minute")

    return run
