"""Gather repeated asks for the same work while it waits, and run each once, latest ask last.

A burst of changes asks again and again to redraw the same people's pages. Asks are kept by
key while a drain is queued or running; one drain at a time takes them all and runs each key
once with its merged value. An ask that arrives while the drain runs is kept for its next
round, so the work always runs again after the latest ask: nothing drawn before a change can
be the last thing shown after it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K", bound=tuple[str, ...])
V = TypeVar("V")


class Coalescer(Generic[K, V]):
    """Asks kept by key, and whether a drain is queued or running; safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[K, V] = {}
        self._draining = False

    def ask(
        self,
        key: K,
        value: V,
        *,
        merge: Callable[[V, V], V],
        schedule: Callable[[Callable[[], None]], object],
        run: Callable[[K, V], None],
    ) -> None:
        """Keep an ask; start a drain with `schedule` unless one is queued or running.

        `schedule` returning False means nothing was queued (a full work queue): the ask is kept
        and the next one tries again. `run` must not raise: a failure is its own to report.
        """
        with self._lock:
            kept = self._pending.get(key)
            self._pending[key] = value if kept is None else merge(kept, value)
            if self._draining:
                return
            self._draining = True
        try:
            queued = schedule(lambda: self._drain(run))
        except BaseException:
            with self._lock:
                self._draining = False
            raise
        if queued is False:
            with self._lock:
                self._draining = False

    def pending(self) -> int:
        """Say how many keys wait for the next round."""
        with self._lock:
            return len(self._pending)

    def _drain(self, run: Callable[[K, V], None]) -> None:
        try:
            while batch := self._take():
                for key, value in batch:
                    run(key, value)
        except BaseException:
            with self._lock:
                self._draining = False
            raise

    def _take(self) -> list[tuple[K, V]]:
        """Take every ask, in key order; with none left, say the drain is over."""
        with self._lock:
            batch = sorted(self._pending.items(), key=lambda pair: pair[0])
            self._pending.clear()
            if not batch:
                self._draining = False
            return batch
