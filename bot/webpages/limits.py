"""Rate limits for the web pages: per caller address and per link, in this process, bounded.

Each key (an address, or a link code) has a bucket of `burst` requests that refills at
`per_minute`. Buckets live in a least-recently-used map of at most `keys` entries: a flood of
new addresses evicts the oldest buckets instead of growing memory. The clock is handed in
(time.monotonic in `serve`), so tests move it instead of waiting.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic


@dataclass(frozen=True)
class Limit:
    """How many requests a key may make at once, and how fast that allowance comes back."""

    burst: int
    per_minute: float


@dataclass(frozen=True)
class Limits:
    """The limits the pages apply: reading a page, sending a form, and all callers of one link."""

    read: Limit = Limit(burst=60, per_minute=60)
    send: Limit = Limit(burst=10, per_minute=10)
    link: Limit = Limit(burst=600, per_minute=600)


class Buckets:
    """Token buckets by key, at most `keys` of them; thread-safe."""

    def __init__(self, limit: Limit, *, keys: int = 10_000, clock: Callable[[], float] = monotonic):
        self.limit, self.keys, self.clock = limit, keys, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> bool:
        """Spend one request of `key`'s allowance; False when it has none left."""
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.pop(key, (float(self.limit.burst), now))
            tokens = min(self.limit.burst, tokens + (now - then) * self.limit.per_minute / 60)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            while len(self._buckets) > self.keys:
                self._buckets.popitem(last=False)
            return allowed

    def __len__(self) -> int:
        return len(self._buckets)


class Limiter:
    """The pages' buckets: one set per kind of limit."""

    def __init__(self, limits: Limits, *, clock: Callable[[], float] = monotonic) -> None:
        self.read = Buckets(limits.read, clock=clock)
        self.send = Buckets(limits.send, clock=clock)
        self.link = Buckets(limits.link, clock=clock)

    def allows(self, *, client: str, link: str | None, sending: bool) -> bool:
        """Tell whether a request may go on (each bucket it touches is spent)."""
        mine = (self.send if sending else self.read).take(client)
        shared = self.link.take(link) if link else True
        return mine and shared
