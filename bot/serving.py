"""`backbone serve` and `make run`: every platform that is set up, on one server, one scheduler.

Slack alone, Teams alone, or both in one process: each platform brings its routes (a `Mount`) and
what builds its ports for scheduled work; the server, the health check, the work queue and the
scheduler are shared. With no platform set up, `make run` opens the sandbox instead.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from types import FrameType

from bot.deps import Deps
from bot.every_platform import every_platform
from bot.port import Ports
from bot.runtime import database_is_up, finish, open_database, schedule, shell
from bot.settings import Settings
from bot.web import HttpServer, Mount, make_server_app
from bot.webpages.site import pages_mount
from bot.when import prepare as prepare_date_reader
from bot.work import WorkQueue
from storage.health import health_engine

log = logging.getLogger("backbone")
SOCKET_AND_TEAMS = (
    "Teams reaches Backbone over HTTP (POST /api/messages), which Socket Mode does not serve. "
    "Run `backbone serve` without --socket (with SLACK_SIGNING_SECRET) to serve both."
)


def serve(settings: Settings, *, port: int | None, host: str, socket: bool, scheduler: bool) -> int:
    """Serve every platform that is set up until stopped; Socket Mode serves Slack alone."""
    if socket:
        from bot.errors import ConfigError
        from bot.slack.runtime import serve_socket

        if settings.teams is not None:
            raise ConfigError(SOCKET_AND_TEAMS)
        return serve_socket(settings, scheduler=scheduler)
    if settings.teams is None or settings.has_slack:
        settings.require_http()  # before the database: a missing token is named first
    if port is not None:  # `--port`: links to the web pages name the port served
        settings = replace(settings, port=port)
    engine, factory = open_database(settings)
    work = WorkQueue()
    deps = Deps(factory, default_zone=settings.zone)
    mounts: list[Mount] = []
    scheduled: dict[str, Callable[[], Ports]] = {}
    if settings.has_slack:
        from bot.slack.runtime import slack_http
        from bot.slack.scheduled import slack_scheduled

        mounts.append(slack_http(settings, factory, work))
        scheduled["slack"] = slack_scheduled(settings, engine)
    if settings.teams is not None:
        from bot.teams.runtime import teams_http
        from bot.teams.scheduled import teams_port, teams_scheduled

        tenant_port = teams_port(settings, deps)  # one for the process: its token is cached
        mounts.append(teams_http(settings, deps, work, tenant_port))
        scheduled["teams"] = teams_scheduled(tenant_port)
    mounts.append(pages_mount(settings, replace(deps, work=work), ports=_each_run(scheduled)))
    prepare_date_reader()  # before the first request, which would otherwise wait for it
    stop_scheduler = schedule(deps, _each_run(scheduled)) if scheduler else None
    checks = health_engine(settings.database_url)
    app = make_server_app(mounts, healthy=lambda: database_is_up(checks))
    server = HttpServer(app, host=host, port=settings.port)
    _stop_on_sigterm(server)
    _say_listening(settings, server.port)
    server.run()
    finish(work, stop_scheduler)
    return 0


def _each_run(scheduled: dict[str, Callable[[], Ports]]) -> Callable[[], Ports]:
    """Build, for each run of scheduled work, every platform's ports behind one."""
    return lambda: every_platform({name: make() for name, make in scheduled.items()})


def _say_listening(settings: Settings, port: int) -> None:
    routes = [
        *(["POST /slack/events"] if settings.has_slack else []),
        *(["POST /api/messages"] if settings.teams is not None else []),
        "GET /healthz",
        "GET /p/… (polls by link)",
        "GET /progress/… (public progress pages)",
    ]
    log.info("Backbone is listening on port %s (%s)", port, ", ".join(routes))
    if settings.oauth:
        log.info("workspaces install Backbone at GET /slack/install")
    if settings.teams is not None and settings.public_url is None:
        log.info("BACKBONE_PUBLIC_URL is not set: Teams cards show a picture's description only")


def _stop_on_sigterm(server: HttpServer) -> None:
    stopper = threading.Thread(target=server.stop, name="backbone-stop")

    def stop(_signum: int, _frame: FrameType | None) -> None:
        if stopper.ident is not None:
            return  # a second SIGTERM changes nothing: the first is already being honoured
        log.info("stopping: finishing requests in flight")
        # Not here: this handler runs in the server's own loop, which must go on while they finish.
        stopper.start()

    signal.signal(signal.SIGTERM, stop)


def run(settings: Settings) -> int:
    """What `make run` does: serve when a chat platform is set up, else open the sandbox shell."""
    if not settings.has_chat:
        print(
            "backbone: no Slack or Teams settings found, so here is the sandbox. To connect a "
            "real workspace, put the Slack app's tokens (from app.yaml) or the Teams bot's "
            "settings in .env (see the README).",
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
