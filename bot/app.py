"""`create_app`: the one place that wires Backbone's Slack app together."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import datetime

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from sqlalchemy.orm import Session, sessionmaker

from bot.deps import CONTEXT_KEY, Deps, system_clock
from bot.services.ballots import server_key
from bot.settings import Settings
from handlers import register_all
from handlers.common import handle_error

SLACK_TIMEOUT_SECONDS = 10
WORK_THREADS = 8


def make_client(settings: Settings) -> WebClient:
    """Return a Web API client that waits out rate limits and retries Slack's brief failures."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=SLACK_TIMEOUT_SECONDS,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def create_app(
    settings: Settings,
    session_factory: sessionmaker[Session],
    client: WebClient | None = None,
    *,
    clock: Callable[[], datetime] = system_clock,
    listener_executor: Executor | None = None,
) -> App:
    """Build the Slack app: listeners, the shared dependencies and the one error policy."""
    # Work after the ack gets its own threads, so no ack waits behind earlier requests' work.
    work = listener_executor or ThreadPoolExecutor(WORK_THREADS, thread_name_prefix="backbone-work")
    key = server_key(settings.signing_secret or settings.app_token)
    deps = Deps(session_factory, clock=clock, default_zone=settings.zone, ballot_key=key, work=work)
    app = App(
        signing_secret=settings.signing_secret,
        client=client or make_client(settings),
        listener_executor=listener_executor,
        # Signature checks stay on: every request must prove it comes from Slack.
        request_verification_enabled=True,
    )

    @app.middleware
    def provide_deps(context: BoltContext, next: Callable[[], None]) -> None:
        context[CONTEXT_KEY] = deps
        next()

    app.error(handle_error)
    register_all(app)
    return app
