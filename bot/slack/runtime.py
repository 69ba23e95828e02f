"""What the Slack commands do: serve (HTTP or Socket Mode), tick, and `make run`."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from types import FrameType

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.chart_worker import draw_in_process
from bot.deps import Deps, system_clock
from bot.errors import ConfigError
from bot.runtime import database_is_up, open_database, shell
from bot.settings import Settings
from bot.slack.app import create_app, make_client
from bot.slack.clients import Clients
from bot.slack.port import slack_ports
from bot.slack.retries import SCHEDULED_WAIT_SECONDS
from bot.slack.web import HttpServer, make_wsgi_app
from storage.health import health_engine

log = logging.getLogger("backbone")


def serve(settings: Settings, *, port: int | None, host: str, socket: bool, scheduler: bool) -> int:
    """Run the Slack app until stopped."""
    if socket:
        settings.require_socket()
    else:
        settings.require_http()
    engine, factory = open_database(settings)
    app = _connect_app(settings, factory)
    deps = Deps(factory, default_zone=settings.zone)
    stop_scheduler = (
        _schedule(deps, lambda: scheduled_clients(settings, engine, _scheduled_client(settings)))
        if scheduler
        else None
    )
    if socket:
        _serve_socket_mode(app, settings.app_token)
        if stop_scheduler is not None:
            stop_scheduler()
        return 0
    checks = health_engine(settings.database_url)
    server = HttpServer(
        make_wsgi_app(
            app,
            healthy=lambda: database_is_up(checks),
            signing_secret=settings.signing_secret or "",
        ),
        host=host,
        port=settings.port if port is None else port,
    )
    _stop_on_sigterm(server)
    log.info("Backbone is listening on port %s (POST /slack/events, GET /healthz)", server.port)
    if settings.oauth:
        log.info("workspaces install Backbone at GET /slack/install")
    server.run()
    if stop_scheduler is not None:
        stop_scheduler()
    return 0


def _connect_app(settings: Settings, factory: sessionmaker[Session]) -> App:
    """Build the app, which checks the bot token with Slack; a refusal is a setting to fix."""
    try:
        return create_app(settings, factory)
    except BoltError:
        raise ConfigError(
            "Slack refused SLACK_BOT_TOKEN. Copy the Bot User OAuth Token (xoxb-…) again from "
            "OAuth & Permissions, and check the app is installed in the workspace."
        ) from None
    except OSError:
        raise ConfigError(
            f"could not reach Slack at {settings.api_url}. Check the network (and SLACK_API_URL)."
        ) from None


def scheduled_clients(settings: Settings, engine: Engine, template: WebClient) -> Clients:
    """Return the clients one run of scheduled work uses: each workspace's token, or the one."""
    if not settings.oauth:
        return Clients.single(template)
    from bot.slack.oauth import installation_store

    return Clients.installed(installation_store(settings, engine), template)


def _schedule(deps: Deps, clients: Callable[[], Clients]) -> Callable[[], None]:
    """Start the in-process scheduler; return what stops it, after the run in progress ends."""
    from scheduler.jobs import run_due_work
    from scheduler.setup import start_scheduler

    def job() -> None:
        report = run_due_work(deps, slack_ports(clients()), now=system_clock())
        if report.delivery.sent or report.delivery.failed or report.stopped:
            log.info("scheduled work: %s", report.summary())

    scheduler = start_scheduler(job)

    def stop() -> None:
        scheduler.shutdown(wait=True)
        log.info("the scheduler has stopped")

    return stop


def _scheduled_client(settings: Settings) -> WebClient:
    """A client for scheduled work: it may wait out longer rate limits than a request would."""
    return make_client(settings, max_wait=SCHEDULED_WAIT_SECONDS)


def tick(settings: Settings, *, now: datetime | None) -> int:
    """Do all scheduled work due at `now` once, and exit."""
    from scheduler.jobs import run_due_work

    settings.require_token()
    engine, factory = open_database(settings)
    # A tick is one short process: its pictures are drawn here, the plotting library loaded
    # once for every digest due, and its memory is given back when the tick exits.
    deps = Deps(factory, default_zone=settings.zone, charts=draw_in_process)
    clients = scheduled_clients(settings, engine, _scheduled_client(settings))
    report = run_due_work(deps, slack_ports(clients), now=now or system_clock())
    print(f"backbone: {report.summary()}")
    return 0


def _stop_on_sigterm(server: HttpServer) -> None:
    stopper = threading.Thread(target=server.stop, name="backbone-stop")

    def stop(_signum: int, _frame: FrameType | None) -> None:
        if stopper.ident is not None:
            return  # a second SIGTERM changes nothing: the first is already being honoured
        log.info("stopping: finishing requests in flight")
        # Not here: this handler runs in the server's own loop, which must go on while they finish.
        stopper.start()

    signal.signal(signal.SIGTERM, stop)


def _serve_socket_mode(app: App, app_token: str | None) -> None:
    """Stay connected to Slack in Socket Mode until SIGTERM or SIGINT, then disconnect."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    # Not Bolt's start(): it waits forever, so SIGTERM would kill the process mid-request.
    stopping = threading.Event()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    handler = SocketModeHandler(app, app_token)
    log.info("Backbone is connecting to Slack in Socket Mode")
    try:
        handler.connect()  # type: ignore[no-untyped-call]
    except SlackApiError as error:
        raise ConfigError(
            f"Slack refused SLACK_APP_TOKEN ({error.response.get('error')}). Copy the app-level "
            "token again from Basic Information → App-Level Tokens (it needs connections:write)."
        ) from None
    log.info("Backbone is connected to Slack in Socket Mode")
    stopping.wait()
    log.info("stopping: finishing requests in flight, then disconnecting")
    handler.close()  # type: ignore[no-untyped-call]


def run(settings: Settings) -> int:
    """What `make run` does: serve when Slack is set up, else open the sandbox shell."""
    if not settings.has_slack:
        print(
            "backbone: no Slack settings found, so here is the sandbox. To connect a real "
            "workspace, create the Slack app from app.yaml and put its tokens in .env "
            "(see the README).",
            file=sys.stderr,
        )
        return shell(fresh=False, database=None)
    return serve(
        settings,
        port=None,
        host="0.0.0.0",
        socket=bool(settings.app_token and not settings.signing_secret),
        scheduler=True,
    )
