"""The in-process scheduler runs the job at once and keeps going after a failed run."""

from __future__ import annotations

import threading

from scheduler.setup import INTERVAL_SECONDS, start_scheduler


def test_the_job_runs_at_start_and_a_failure_does_not_stop_the_scheduler() -> None:
    ran = threading.Event()
    calls: list[int] = []

    def job() -> None:
        calls.append(1)
        ran.set()
        raise RuntimeError("a bad run")

    scheduler = start_scheduler(job)
    try:
        assert ran.wait(timeout=10)
        (scheduled,) = scheduler.get_jobs()
        assert scheduled.trigger.interval.total_seconds() == INTERVAL_SECONDS
        assert (scheduled.coalesce, scheduled.max_instances, scheduled.misfire_grace_time) == (
            True,
            1,
            None,
        )
        assert scheduler.running
    finally:
        scheduler.shutdown(wait=True)
    assert calls == [1]
