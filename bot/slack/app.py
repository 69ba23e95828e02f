"""`create_app`: the one place that wires Backbone's Slack app together."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.deps import CONTEXT_KEY, REPLAY_KEY, Deps, system_clock
from bot.services.ballots import server_key
from bot.settings import Settings
from bot.slack.clients import make_client as make_client  # at home in clients.py, without Bolt
from bot.slack.inbound import replay_key
from bot.work import WorkQueue
from handlers.slack import register_all
from handlers.slack.common import drop_nul_characters, handle_error
from storage.db import engine_of


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
    deps = Deps(
        session_factory, clock=clock, default_zone=settings.zone, ballot_key=key, work=work,
        public_url=settings.pages_url,
    )  # fmt: skip
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
