"""`create_app`: the one place that wires Backbone's Slack app together."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.deps import CONTEXT_KEY, Deps, system_clock
from bot.services.ballots import server_key
from bot.services.replays import REPLAYS
from bot.settings import Settings
from bot.slack.clients import make_client as make_client  # at home in clients.py, without Bolt
from bot.slack.inbound import replay_key
from handlers.slack import register_all
from handlers.slack.common import drop_nul_characters, handle_error
from storage.captures import claim_event
from storage.db import engine_of

WORK_THREADS = 8


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
        before_authorize=_refuse_replays(deps),
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


def _refuse_replays(deps: Deps) -> Callable[..., BoltResponse | None]:
    """A middleware that answers a signed request seen before with an empty 200, doing nothing.

    Slack signs every delivery afresh (its retries carry a new timestamp), so the same timestamp
    and signature twice is someone replaying a captured request inside the five minutes it stays
    valid. The claim is a row, so it holds across processes.
    """

    def refuse_replays(req: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:
        if req.mode == "socket_mode":  # unsigned: Slack's own WebSocket, nothing to replay
            next()
            return None
        headers = {k: v[0] for k, v in req.headers.items() if v}
        with deps.transaction() as session:
            first = claim_event(
                session, team_id=REPLAYS, event_id=replay_key(headers), now=deps.now()
            )
        if first:
            next()
            return None
        return BoltResponse(status=200, body="")

    return refuse_replays


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
