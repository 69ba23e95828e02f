"""The synchronous record of Web API calls and response_url posts, and the queue of faults.

Everything is guarded by the workspace lock through one `Condition`, so a test that got an
answer from the emulator always finds the call already recorded, and `wait_until` wakes on
every change instead of polling.
"""

from __future__ import annotations

import copy
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.sandbox.state import Json


@dataclass(frozen=True)
class Fault:
    """How to fail one call: an HTTP status, an `ok: false` error, a delay, or a dropped line."""

    status: int = 429
    retry_after: int = 1
    error: str | None = None
    delay: float | None = None
    reset: bool = False


class CallLog:
    """Recorded calls, failed attempts, response_url posts and pending faults."""

    def __init__(self, lock: threading.RLock) -> None:
        self._changed = threading.Condition(lock)
        self._calls: list[tuple[str, Json]] = []
        self._failed: list[tuple[str, Json]] = []
        self._responses: list[Json] = []
        self._refusals: list[Json] = []
        self._faults: dict[str, deque[Fault]] = {}
        self._holds: dict[str, threading.Event] = {}

    def record(self, method: str, params: Json) -> None:
        """Record a call the emulator answered."""
        with self._changed:
            self._calls.append((method, copy.deepcopy(params)))
            self._changed.notify_all()

    def record_failed(self, method: str, params: Json) -> None:
        """Record an attempt that a fault answered."""
        with self._changed:
            self._failed.append((method, copy.deepcopy(params)))
            self._changed.notify_all()

    def record_refusal(self, method: str, error: str, messages: list[str], sent: Json) -> None:
        """Record a message or view Slack would refuse (`invalid_blocks`, `invalid_arguments`)."""
        with self._changed:
            entry = {"method": method, "error": error, "messages": list(messages), "sent": sent}
            self._refusals.append(copy.deepcopy(entry))
            self._changed.notify_all()

    def refusals(self) -> list[Json]:
        """Return every Block Kit refusal, in order."""
        with self._changed:
            return copy.deepcopy(self._refusals)

    def record_response(self, entry: Json) -> None:
        """Record a message the app sent through a response_url (or an ack body)."""
        with self._changed:
            self._responses.append(copy.deepcopy(entry))
            self._changed.notify_all()

    def calls(self, method: str | None) -> list[Json]:
        """Return the params of each answered call of `method`, or every call when None."""
        with self._changed:
            return _select(self._calls, method)

    def count(self) -> int:
        """Return how many calls were answered, without copying them."""
        with self._changed:
            return len(self._calls)

    def failed(self, method: str | None) -> list[Json]:
        """Return failed attempts, shaped like `calls`."""
        with self._changed:
            return _select(self._failed, method)

    def responses(self) -> list[Json]:
        """Return every response_url post, in order."""
        with self._changed:
            return copy.deepcopy(self._responses)

    def clear(self) -> None:
        """Forget calls, failed attempts and responses (pending faults stay)."""
        with self._changed:
            self._calls.clear()
            self._failed.clear()
            self._responses.clear()
            self._refusals.clear()

    def add_fault(self, method: str, fault: Fault, times: int) -> None:
        """Queue `times` copies of a fault for the next calls of `method`."""
        with self._changed:
            self._faults.setdefault(method, deque()).extend([fault] * times)

    def take_fault(self, method: str) -> Fault | None:
        """Return and consume the next fault queued for `method`, if any."""
        with self._changed:
            queue = self._faults.get(method)
            return queue.popleft() if queue else None

    def hold(self, methods: tuple[str, ...]) -> threading.Event:
        """Make calls of `methods` wait, before they are served, until the event is set."""
        released = threading.Event()
        with self._changed:
            self._holds.update(dict.fromkeys(methods, released))
        return released

    def release(self, methods: tuple[str, ...] | None = None) -> None:
        """Let held calls of `methods` (all when None) go on, and hold no more."""
        with self._changed:
            for method in list(self._holds) if methods is None else methods:
                held = self._holds.pop(method, None)
                if held is not None:
                    held.set()

    def gate(self, method: str) -> threading.Event | None:
        """Return what a call of `method` must wait for, if it is held."""
        with self._changed:
            return self._holds.get(method)

    def notify(self) -> None:
        """Wake waiters after a state change that is not a recorded call."""
        with self._changed:
            self._changed.notify_all()

    def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Block until `predicate()` holds (checked under the lock); False on timeout."""
        with self._changed:
            return self._changed.wait_for(predicate, timeout)


def _select(records: list[tuple[str, Json]], method: str | None) -> list[Json]:
    if method is None:
        return [{"method": m, "params": copy.deepcopy(p)} for m, p in records]
    return [copy.deepcopy(p) for m, p in records if m == method]
