"""Teams' part of `backbone serve`: the `/api/messages` route, its router and the pictures.

bot/serving.py puts it beside Slack's on one server; the tenant's port (scheduled.py) is shared
by the requests and by every run of scheduled work.
"""

from __future__ import annotations

from bot.deps import Deps
from bot.services.ballots import server_key
from bot.settings import Settings
from bot.teams.inbound import InboundAuth
from bot.teams.port import TeamsPort
from bot.teams.scheduled import teams_of
from bot.teams.web import Receiver, teams_mount
from bot.web import Mount
from bot.work import WorkQueue
from storage import teams_posts
from storage.db import transaction


def teams_http(settings: Settings, deps: Deps, work: WorkQueue, port: TeamsPort) -> Mount:
    """Return Teams' part of the server: the authenticated route, the router, the pictures."""
    teams = teams_of(settings)
    listening = Deps(
        deps.session_factory,
        clock=deps.clock,
        default_zone=deps.default_zone,
        ballot_key=server_key(teams.app_password),
        work=work,
        public_url=settings.pages_url,
    )
    return teams_mount(
        InboundAuth(teams),
        _router(listening, port),
        pictures=lambda picture_id: _picture(deps, picture_id),
    )


def _router(deps: Deps, port: TeamsPort) -> Receiver:
    """The handlers' router (handlers/teams/router.py), speaking through the tenant's port.

    The port finds each conversation's service URL among the references it keeps (the router
    stores each activity's before handling it), so the one port answers every activity.
    """
    from handlers.teams.router import TeamsApp

    return TeamsApp(deps, port)


def _picture(deps: Deps, picture_id: str) -> bytes | None:
    with transaction(deps.session_factory) as session:
        return teams_posts.picture_png(session, picture_id=picture_id)
