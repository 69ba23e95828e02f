"""The work behind acknowledgements: a bounded queue whose lanes run in order of urgency.

Chat platforms want every request answered at once (Slack: within 3 s), so listeners only
acknowledge and queue what the request asks for; these threads do it. Three lanes, each with
its own bound, so one kind of work can never crowd out another:

    TRIGGER     opening a form: the click's trigger expires 3 s after it, so this runs first
    PERSON      someone typed a command or clicked and waits for the answer
    BACKGROUND  events: notes captured from messages, reactions, profile changes

A free thread takes the oldest job of the most urgent lane. Background work may occupy all
threads but `reserved`, so a click never waits behind a backlog of captured notes. A lane that
is full refuses more (`submit` returns False): the listener says so to the person, or asks the
platform to deliver the event again later, instead of piling up work without end.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import IntEnum

log = logging.getLogger("backbone")
Job = Callable[[], None]


class Lane(IntEnum):
    """How urgent a job is; lower runs first."""

    TRIGGER = 0
    PERSON = 1
    BACKGROUND = 2


# How many jobs may wait in each lane (running ones aren't counted). A burst of 30 events a
# second with a few seconds of Slack slowness fits in the background lane; past that, Slack's
# own retries (after about a minute, then five) are a better queue than our memory.
DEFAULT_LIMITS: Mapping[Lane, int] = {Lane.TRIGGER: 50, Lane.PERSON: 200, Lane.BACKGROUND: 600}
DEFAULT_THREADS = 24
DEFAULT_RESERVED = 4


@dataclass(frozen=True)
class QueueCounts:
    """How many jobs wait and run, per lane, and how many each lane refused since start."""

    waiting: Mapping[Lane, int]
    running: Mapping[Lane, int]
    refused: Mapping[Lane, int]


class Slot:
    """A place held in a lane: fill it with the job later (never refused), or give it back.

    A slot of no queue runs its job at once, in the caller's thread.
    """

    def __init__(self, queue: WorkQueue | None, lane: Lane) -> None:
        self._queue, self.lane, self._open = queue, lane, True

    def submit(self, job: Job) -> None:
        """Queue the job in the held place."""
        self._close()
        if self._queue is None:
            job()
        else:
            self._queue._enqueue(job, self.lane, held=True)

    def release(self) -> None:
        """Give the place back without queueing anything."""
        self._close()
        if self._queue is not None:
            self._queue._release(self.lane)

    def _close(self) -> None:
        if not self._open:
            raise RuntimeError("this slot was already used")
        self._open = False


class WorkQueue:
    """A fixed set of threads working through three bounded lanes, most urgent first."""

    def __init__(
        self,
        threads: int = DEFAULT_THREADS,
        *,
        reserved: int = DEFAULT_RESERVED,
        limits: Mapping[Lane, int] = DEFAULT_LIMITS,
        name: str = "backbone-work",
    ) -> None:
        if not 0 <= reserved < threads:
            raise ValueError("reserve fewer threads than there are, so background work can run")
        self._limits = {lane: limits.get(lane, DEFAULT_LIMITS[lane]) for lane in Lane}
        self._background_threads = threads - reserved
        self._waiting: dict[Lane, deque[Job]] = {lane: deque() for lane in Lane}
        self._held: Counter[Lane] = Counter()
        self._running: Counter[Lane] = Counter()
        self._refused: Counter[Lane] = Counter()
        self._changed = threading.Condition()
        self._stopping = False
        self._threads = [
            threading.Thread(target=self._work, name=f"{name}-{n}", daemon=True)
            for n in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, job: Job, lane: Lane) -> bool:
        """Queue a job in its lane; False (and counted) when the lane is full."""
        slot = self.reserve(lane)
        if slot is None:
            return False
        slot.submit(job)
        return True

    def reserve(self, lane: Lane) -> Slot | None:
        """Hold a place in a lane for a job not known yet; None (and counted) when it is full."""
        with self._changed:
            if self._stopping or len(self._waiting[lane]) + self._held[lane] >= self._limits[lane]:
                self._refused[lane] += 1
                return None
            self._held[lane] += 1
            return Slot(self, lane)

    def counts(self) -> QueueCounts:
        """Return how many jobs wait, run and were refused, per lane."""
        with self._changed:
            waiting = {lane: len(jobs) + self._held[lane] for lane, jobs in self._waiting.items()}
            return QueueCounts(waiting, dict(self._running), dict(self._refused))

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Block until nothing waits, is held or runs; raise TimeoutError after `timeout`."""
        with self._changed:
            if not self._changed.wait_for(self._idle, timeout=timeout):
                counts = self.counts()
                raise TimeoutError(f"work still pending: {counts}")

    def wait_running(self, lane: Lane, count: int = 1, timeout: float = 10.0) -> None:
        """Block until `count` jobs of `lane` are running (tests filling the queue use it)."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._running[lane] >= count, timeout=timeout):
                raise TimeoutError(f"fewer than {count} {lane.name} jobs running: {self.counts()}")

    def shutdown(self, *, timeout: float | None = None) -> bool:
        """Take no more work, finish what is queued, and stop; False if `timeout` ran out."""
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in self._threads:
            thread.join(None if deadline is None else max(deadline - time.monotonic(), 0))
        return not any(thread.is_alive() for thread in self._threads)

    def _idle(self) -> bool:
        return not (any(self._waiting.values()) or +self._held or +self._running)

    def _enqueue(self, job: Job, lane: Lane, *, held: bool) -> None:
        with self._changed:
            if held:
                self._held[lane] -= 1
            self._waiting[lane].append(job)
            self._changed.notify_all()

    def _release(self, lane: Lane) -> None:
        with self._changed:
            self._held[lane] -= 1
            self._changed.notify_all()

    def _next(self) -> tuple[Lane, Job] | None:
        """Wait for the next job this thread may take; None once stopping with nothing left."""
        while True:
            for lane in Lane:
                jobs = self._waiting[lane]
                background_full = self._running[Lane.BACKGROUND] >= self._background_threads
                if jobs and not (lane is Lane.BACKGROUND and background_full):
                    self._running[lane] += 1
                    return lane, jobs.popleft()
            if self._stopping and not any(self._waiting.values()) and not +self._held:
                return None
            self._changed.wait()

    def _work(self) -> None:
        while True:
            with self._changed:
                taken = self._next()
            if taken is None:
                return
            lane, job = taken
            try:
                job()
            except Exception:
                log.exception("a queued job failed without reporting it")
            finally:
                with self._changed:
                    self._running[lane] -= 1
                    self._changed.notify_all()
