"""Teams' part of `backbone serve`: the `/api/messages` route and the ports of scheduled work.

bot/serving.py puts it beside Slack's on one server and one scheduler. One `TeamsPort` serves
the process (the bot is single-tenant): its token cache and its connector clients are shared by
the requests and by every run of scheduled work.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.deps import Deps
from bot.errors import ConfigError
from bot.port import Ports
from bot.services.ballots import server_key
from bot.settings import Settings
from bot.settings_teams import TeamsSettings
from bot.teams.cloud import cloud_for
from bot.teams.connector import Connector
from bot.teams.inbound import InboundAuth
from bot.teams.port import TeamsPort, TeamsPorts
from bot.teams.token import BotToken
from bot.teams.web import Receiver, teams_mount
from bot.web import Mount
from bot.work import WorkQueue
from storage import teams_posts
from storage.db import transaction


def _teams(settings: Settings) -> TeamsSettings:
    if settings.teams is None:
        raise ConfigError("TEAMS_APP_ID is not set. See “Connect Microsoft Teams” in the README.")
    return settings.teams


def teams_port(settings: Settings, deps: Deps) -> TeamsPort:
    """Build the tenant's port: the bot's token from Entra, the connector, the stored places."""
    teams = _teams(settings)
    cloud = cloud_for(teams.cloud, openid_url=teams.openid_url, login_url=teams.login_url)
    token = BotToken(
        app_id=teams.app_id, password=teams.app_password, tenant_id=teams.tenant_id, cloud=cloud
    )
    return TeamsPort(
        tenant_id=teams.tenant_id,
        app_id=teams.app_id,
        connector=Connector(cloud=cloud, token=token.token),
        session_factory=deps.session_factory,
        clock=deps.clock,
        public_url=settings.public_url,
    )


def teams_http(settings: Settings, deps: Deps, work: WorkQueue, port: TeamsPort) -> Mount:
    """Return Teams' part of the server: the authenticated route, the router, the pictures."""
    teams = _teams(settings)
    listening = Deps(
        deps.session_factory,
        clock=deps.clock,
        default_zone=deps.default_zone,
        ballot_key=server_key(teams.app_password),
        work=work,
    )
    return teams_mount(
        InboundAuth(teams),
        _router(listening, port),
        tenant_id=teams.tenant_id,
        pictures=lambda picture_id: _picture(deps, picture_id),
    )


def _router(deps: Deps, port: TeamsPort) -> Receiver:
    """The handlers' router (handlers/teams/router.py), speaking through the tenant's port."""
    from handlers.teams.router import TeamsApp

    return TeamsApp(deps, port)


def teams_scheduled(port: TeamsPort) -> Callable[[], Ports]:
    """Return what gives each run of scheduled work the tenant's port (a fresh `lost` each run)."""
    return lambda: TeamsPorts(port)


def _picture(deps: Deps, picture_id: str) -> bytes | None:
    with transaction(deps.session_factory) as session:
        return teams_posts.picture_png(session, picture_id=picture_id)
