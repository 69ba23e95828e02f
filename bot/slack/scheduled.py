"""Slack's ports for scheduled work (`backbone tick`, serve's scheduler), and their clients.

Kept apart from `bot/slack/runtime.py` (serve) so that a tick, often a new process every minute
from cron, loads neither Bolt nor the HTTP server: only what the work needs (bot/tick.py).
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.settings import Settings
from bot.slack.clients import Clients, make_client
from bot.slack.port import SlackPorts, slack_ports
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


def slack_scheduled(settings: Settings, engine: Engine) -> Callable[[], SlackPorts]:
    """Return what builds Slack's ports for each run of scheduled work (tokens change)."""
    return lambda: slack_ports(scheduled_clients(settings, engine, scheduled_client(settings)))
