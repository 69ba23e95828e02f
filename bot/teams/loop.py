"""One background event loop for the Teams SDK's coroutines, so that callers stay synchronous.

The SDK's clients are async (httpx underneath); the rest of Backbone is not. Every coroutine
runs on the same loop in one daemon thread, started on first use, and `run` waits for its
result at most `timeout` seconds (then the coroutine is cancelled and `TimeoutError` raised).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def loop() -> asyncio.AbstractEventLoop:
    """Return the Teams loop, starting its thread the first time."""
    global _loop
    with _lock:
        if _loop is None or _loop.is_closed():
            started = asyncio.new_event_loop()
            thread = threading.Thread(target=started.run_forever, name="teams-loop", daemon=True)
            thread.start()
            _loop = started
        return _loop


def run(coro: Coroutine[Any, Any, T], timeout: float) -> T:
    """Run a coroutine on the Teams loop and return its result, waiting at most `timeout` s."""
    running = loop()
    if _in_loop_thread(running):
        coro.close()
        raise RuntimeError("run() waits on the Teams loop: it cannot be called from that loop")
    future = asyncio.run_coroutine_threadsafe(coro, running)
    try:
        return future.result(timeout)
    except TimeoutError:
        future.cancel()
        raise


def _in_loop_thread(running: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is running
    except RuntimeError:
        return False
