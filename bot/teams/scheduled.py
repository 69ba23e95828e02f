"""The tenant's port, for scheduled work (`backbone tick`, serve's scheduler) and for serving.

Kept apart from runtime.py (serve) so that a tick, often a new process every minute from cron,
loads neither the HTTP server nor the inbound token check: only what the work needs.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.deps import Deps
from bot.errors import ConfigError
from bot.port import Ports
from bot.settings import Settings
from bot.settings_teams import TeamsSettings
from bot.teams.cloud import cloud_for
from bot.teams.connector import Connector
from bot.teams.port import TeamsPort, TeamsPorts
from bot.teams.token import BotToken


def teams_of(settings: Settings) -> TeamsSettings:
    """Return the Teams settings, or say plainly that they are missing."""
    if settings.teams is None:
        raise ConfigError("TEAMS_APP_ID is not set. See “Connect Microsoft Teams” in the README.")
    return settings.teams


def teams_port(settings: Settings, deps: Deps) -> TeamsPort:
    """Build the tenant's port: the bot's token from Entra, the connector, the stored places.

    One for the process: its token is cached and its connector clients kept, for every request
    and every run of scheduled work (the bot is single-tenant).
    """
    teams = teams_of(settings)
    cloud = cloud_for(teams.cloud, openid_url=teams.openid_url, login_url=teams.login_url)
    token = BotToken(
        app_id=teams.app_id, password=teams.app_password, tenant_id=teams.tenant_id, cloud=cloud
    )
    return TeamsPort(
        tenant_id=teams.tenant_id,
        app_id=teams.app_id,
        connector=Connector(cloud=cloud, token=token.token, renew=token.forget),
        session_factory=deps.session_factory,
        clock=deps.clock,
        public_url=settings.public_url,
    )


def teams_scheduled(port: TeamsPort) -> Callable[[], Ports]:
    """Return what gives each run of scheduled work the tenant's port (a fresh `lost` each run)."""
    return lambda: TeamsPorts(port)
