"""One background event loop for the Teams SDK's coroutines, so every caller stays synchronous.

Waitress threads and the scheduler call `run(coro, timeout)`; the loop lives in one daemon thread,
started on first use, and outlives no process.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

T = TypeVar("T")
_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def _running_loop() -> asyncio.AbstractEventLoop:
    """Start the loop's thread the first time it is needed."""
    global _loop
    with _lock:
        if _loop is None:
            loop = asyncio.new_event_loop()
            threading.Thread(
                target=loop.run_forever, name="backbone-teams-loop", daemon=True
            ).start()
            _loop = loop
        return _loop


def run(coro: Coroutine[Any, Any, T], timeout: float) -> T:
    """Run a coroutine on the background loop and wait for it; TimeoutError after `timeout` s.

    On a timeout the coroutine is cancelled, so nothing it does lands later.
    """
    future = asyncio.run_coroutine_threadsafe(coro, _running_loop())
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        future.cancel()
        raise TimeoutError(f"no answer within {timeout} s") from None
