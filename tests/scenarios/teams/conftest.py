"""Backbone on Teams over real HTTP: the emulated tenant, the real route, port and router.

The emulator signs each activity with its own key and POSTs it to Backbone's `/api/messages`,
which validates the token against the emulator's OpenID metadata; Backbone answers through the
emulator's connector with a token from its Entra endpoint (over https, trusting its
certificate). The database is fresh and migrated; the clock is fixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from bot.deps import Deps
from bot.sandbox.teams.server import TeamsEmulator
from bot.sandbox.teams.state import Person, Team
from bot.settings import Settings
from bot.settings_teams import TeamsSettings
from bot.teams.cloud import cloud_for
from bot.teams.connector import Connector
from bot.teams.port import TeamsPort
from bot.teams.runtime import teams_http
from bot.teams.token import BotToken
from bot.web import HttpServer, make_server_app
from bot.work import WorkQueue
from storage.db import make_engine, make_session_factory
from storage.models import ActionItem
from tests.conftest import FakeClock


@dataclass
class Tenant:
    """The seeded tenant: Maria and Joe in the Outreach team, Backbone installed there."""

    emu: TeamsEmulator
    deps: Deps
    work: WorkQueue
    maria: Person
    joe: Person
    team: Team

    def settle(self) -> None:
        """Wait until Backbone finished what the last activities queued."""
        self.work.wait_idle(timeout=20)

    def items(self) -> list[ActionItem]:
        with self.deps.transaction() as session:
            return list(session.scalars(select(ActionItem).order_by(ActionItem.number)))


@pytest.fixture
def tenant(
    database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Tenant]:
    # requests prefers these to the `verify` msal is given: trust the emulator's certificate
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    engine = make_engine(database_url)
    work = WorkQueue(4, reserved=1)
    with TeamsEmulator() as emu:
        deps = Deps(make_session_factory(engine), clock=clock, work=work)
        teams = TeamsSettings(
            app_id=emu.app_id, app_password=emu.app_password, tenant_id=emu.tenant_id,
            openid_url=emu.openid_url, login_url=emu.login_url_https,
        )  # fmt: skip
        cloud = cloud_for("public", openid_url=emu.openid_url, login_url=emu.login_url_https)
        token = BotToken(app_id=emu.app_id, password=emu.app_password, tenant_id=emu.tenant_id,
                         cloud=cloud, verify=emu.ca_file)  # fmt: skip
        port = TeamsPort(
            tenant_id=emu.tenant_id, app_id=emu.app_id,
            connector=Connector(cloud=cloud, token=token.token),
            session_factory=deps.session_factory, clock=clock,
        )  # fmt: skip
        mount = teams_http(Settings(teams=teams), deps, work, port)
        server = HttpServer(make_server_app([mount], healthy=lambda: True), host="127.0.0.1",
                            port=0).start()  # fmt: skip
        emu.bot_url = f"{server.base_url}/api/messages"
        try:
            maria = emu.add_person("Maria Lopez", zone="America/Chicago")
            joe = emu.add_person("Joe Park", zone="America/Los_Angeles")
            team = emu.add_team("Outreach", members=[maria, joe], channels=("Case conferencing",))
            seeded = Tenant(emu, deps, work, maria, joe, team)
            emu.install_in_team(team.id, by=maria)
            seeded.settle()
            yield seeded
        finally:
            server.stop(grace=1)
            work.shutdown(timeout=5)
    engine.dispose()
