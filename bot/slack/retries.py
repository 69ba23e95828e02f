"""Waiting out Slack's rate limits, but never for long on a person's request.

Slack answers a busy method with HTTP 429 and `Retry-After: <seconds>`
(https://docs.slack.dev/apis/web-api/rate-limits). slack_sdk's own handler sleeps whatever that
says, in the calling thread: a minute's wait would hold one of the few threads that do people's
work, and everyone behind it would wait too. Ours waits only up to `max_wait`; a longer wait
fails the call at once, and the work is picked up later (the scheduler retries reminders,
digests and announcements on its next run).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime

from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

# Work behind a person's request: a short wait is kinder than a failure, a long one is not.
REQUEST_WAIT_SECONDS = 2.0
# Scheduled work runs on its own thread and may wait longer, but not without end.
SCHEDULED_WAIT_SECONDS = 30.0
DEFAULT_WAIT_SECONDS = 1.0  # Slack always sends Retry-After; this covers a proxy that drops it


def retry_after(response: HttpResponse, *, now: Callable[[], float] = time.time) -> float:
    """Return the seconds a 429 asks to wait: a number, or an HTTP date (RFC 9110 10.2.3)."""
    values = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), [])
    value = values[0].strip() if values else ""
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - now(), 0.0)
    except (TypeError, ValueError, IndexError):
        return DEFAULT_WAIT_SECONDS


class BoundedRateLimitHandler(RetryHandler):
    """Retry a rate-limited call after Slack's wait, when that wait is at most `max_wait`."""

    def __init__(
        self,
        *,
        max_wait: float,
        max_retry_count: int = 2,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait
        self._sleep = sleep

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return retry_after(response) <= self.max_wait

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        assert response is not None  # _can_retry allowed only responses
        state.next_attempt_requested = True
        # A little jitter, so callers told the same wait do not all come back at once.
        wait = retry_after(response) * random.uniform(1.0, 1.1)
        self._sleep(min(wait, self.max_wait))
        state.increment_current_attempt()
