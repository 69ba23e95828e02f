"""Slack's part of `backbone serve`: its HTTP routes, its scheduled ports, and Socket Mode.

bot/serving.py puts the platforms that are set up together on one server and one scheduler;
a tick is in scheduled.py.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.deps import Deps
from bot.errors import ConfigError
from bot.runtime import finish, open_database, schedule
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.scheduled import slack_scheduled
from bot.slack.web import slack_mount
from bot.web import Mount
from bot.when import prepare as prepare_date_reader
from bot.work import WorkQueue

log = logging.getLogger("backbone")


def slack_http(settings: Settings, factory: sessionmaker[Session], work: WorkQueue) -> Mount:
    """Check the settings HTTP needs, connect the app, and return Slack's part of the server."""
    settings.require_http()
    app = _connect_app(settings, factory, work)
    return slack_mount(app, settings.signing_secret or "")


def serve_socket(settings: Settings, *, scheduler: bool) -> int:
    """Run the Slack app in Socket Mode until stopped (one workspace, no HTTP server)."""
    settings.require_socket()
    engine, factory = open_database(settings)
    work = WorkQueue()
    app = _connect_app(settings, factory, work)
    prepare_date_reader()  # before the first request, which would otherwise wait for it
    deps = Deps(factory, default_zone=settings.zone)
    stop = schedule(deps, slack_scheduled(settings, engine)) if scheduler else None
    _serve_socket_mode(app, settings.app_token)
    finish(work, stop)
    return 0


def _connect_app(settings: Settings, factory: sessionmaker[Session], work: WorkQueue) -> App:
    """Build the app, which checks the bot token with Slack; a refusal is a setting to fix."""
    try:
        return create_app(settings, factory, work=work)
    except BoltError:
        raise ConfigError(
            "Slack refused SLACK_BOT_TOKEN. Copy the Bot User OAuth Token (xoxb-…) again from "
            "OAuth & Permissions, and check the app is installed in the workspace."
        ) from None
    except OSError:
        raise ConfigError(
            f"could not reach Slack at {settings.api_url}. Check the network (and SLACK_API_URL)."
        ) from None


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
