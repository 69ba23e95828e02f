"""`backbone tick` on Slack, and the Web API clients each run of scheduled work uses.

Kept apart from `bot/slack/runtime.py` (serve) so that a tick, often a new process every minute
from cron, loads neither Bolt nor the HTTP server: only what the work needs.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.chart_worker import draw_in_process
from bot.deps import Deps, system_clock
from bot.runtime import open_database
from bot.settings import Settings
from bot.slack.clients import Clients, make_client
from bot.slack.port import slack_ports
from bot.slack.retries import SCHEDULED_WAIT_SECONDS


def scheduled_clients(settings: Settings, engine: Engine, template: WebClient) -> Clients:
    """Return the clients one run of scheduled work uses: each workspace's token, or the one."""
    if not settings.oauth:
        return Clients.single(template)
    from bot.slack.oauth import installation_store

    return Clients.installed(installation_store(settings, engine), template)


def scheduled_client(settings: Settings) -> WebClient:
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
    clients = scheduled_clients(settings, engine, scheduled_client(settings))
    report = run_due_work(deps, slack_ports(clients), now=now or system_clock())
    print(f"backbone: {report.summary()}")
    return 0
