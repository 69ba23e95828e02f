"""`create_app`: the one place that wires Backbone's Slack app together."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import default_interval_calculator
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator
from sqlalchemy.orm import Session, sessionmaker

from bot.deps import CONTEXT_KEY, REPLAY_KEY, Deps, system_clock
from bot.services.ballots import server_key
from bot.settings import Settings
from bot.slack.inbound import replay_key
from bot.slack.retries import REQUEST_WAIT_SECONDS, BoundedRateLimitHandler
from bot.work import WorkQueue
from handlers.slack import register_all
from handlers.slack.common import drop_nul_characters, handle_error
from storage.db import engine_of

SLACK_TIMEOUT_SECONDS = 10


def make_client(
    settings: Settings,
    *,
    timeout: float = SLACK_TIMEOUT_SECONDS,
    backoff: RetryIntervalCalculator = default_interval_calculator,
    max_wait: float = REQUEST_WAIT_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> WebClient:
    """Return a Web API client that retries Slack's brief failures and waits out short limits.

    A rate limit asking for more than `max_wait` seconds fails the call at once (the default
    suits work behind a person's request; scheduled work passes SCHEDULED_WAIT_SECONDS). Tests
    of faults pass a short `timeout` and `backoff`, so waiting for Slack costs them little.
    """
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        # slack_sdk annotates `int`, but urllib waits any number of seconds.
        timeout=timeout,  # type: ignore[arg-type]
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
            BoundedRateLimitHandler(max_wait=max_wait, sleep=sleep),
            ServerErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
        ],
    )


def create_app(
    settings: Settings,
    session_factory: sessionmaker[Session],
    client: WebClient | None = None,
    *,
    clock: Callable[[], datetime] = system_clock,
    work: WorkQueue | None = None,
) -> App:
    """Build the Slack app: listeners, the shared dependencies and the one error policy.

    Every listener only acknowledges and queues (`handlers.slack.common.acknowledged`); the
    work runs on `work`'s threads. So Bolt runs listeners on the request's own thread and
    answers when they return (`process_before_response`): no hop to Bolt's small pool, and no
    wait for its 10 ms poll of the ack (docs/benchmarks.md, "Acknowledgements").
    """
    work = work or WorkQueue()
    key = server_key(settings.signing_secret or settings.app_token)
    deps = Deps(session_factory, clock=clock, default_zone=settings.zone, ballot_key=key, work=work)
    app = App(
        signing_secret=settings.signing_secret,
        client=client or make_client(settings),
        process_before_response=True,
        # Signature checks stay on: every request must prove it comes from Slack.
        request_verification_enabled=True,
        before_authorize=_note_replay_key,
        **_several_workspaces(settings, session_factory, deps),
    )

    @app.middleware
    def provide_deps(context: BoltContext, next: Callable[[], None]) -> None:
        context[CONTEXT_KEY] = deps
        next()

    app.middleware(drop_nul_characters)
    app.error(handle_error)
    register_all(app)
    return app


def _note_replay_key(req: BoltRequest, next: Callable[[], None]) -> None:
    """Name the signed delivery in the context, so its work can be claimed once (`first_time`).

    Slack signs every delivery afresh (its retries carry a new timestamp), so the same timestamp
    and signature twice is someone replaying a captured request inside the five minutes it stays
    valid. The claim is a row, so it holds across processes; it is made where the work starts
    (queued work claims it first; a form's save claims it before saving), not here, so that no
    acknowledgement waits for a database write.
    """
    if req.mode != "socket_mode":  # unsigned: Slack's own WebSocket, nothing to replay
        headers = {k: v[0] for k, v in req.headers.items() if v}
        req.context[REPLAY_KEY] = replay_key(headers)
    next()


def _several_workspaces(
    settings: Settings, session_factory: sessionmaker[Session], deps: Deps
) -> dict[str, Any]:
    """Bolt's OAuth install and per-workspace tokens, when SLACK_CLIENT_ID and _SECRET are set."""
    if not settings.oauth:
        return {}
    from bot.slack.oauth import not_installed_message, oauth_settings

    return {
        "oauth_settings": oauth_settings(settings, engine_of(session_factory), deps),
        "user_facing_authorize_error_message": not_installed_message(settings),
    }
