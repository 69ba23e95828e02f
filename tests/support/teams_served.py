"""Backbone served on Teams against the emulator: the real route, port and token, over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pytest

from bot.deps import Deps
from bot.sandbox.teams.server import TeamsEmulator
from bot.settings import Settings
from bot.settings_teams import TeamsSettings
from bot.teams.cloud import cloud_for
from bot.teams.connector import Connector
from bot.teams.port import TeamsPort, TeamsPorts
from bot.teams.runtime import teams_http
from bot.teams.token import BotToken
from bot.web import HttpServer, Mount, make_server_app
from bot.webpages.site import pages_mount
from bot.work import WorkQueue
from storage.db import make_engine, make_session_factory
from tests.conftest import FakeClock


@dataclass
class Served:
    """What a Teams scenario drives and reads: the emulator, Backbone's deps, queue and port."""

    emu: TeamsEmulator
    deps: Deps
    work: WorkQueue
    port: TeamsPort


@contextmanager
def served_on_teams(
    database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Served]:
    """Start the emulator and Backbone's HTTP server on 127.0.0.1; stop both at the end."""
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
            connector=Connector(cloud=cloud, token=token.token, renew=token.forget),
            session_factory=deps.session_factory, clock=clock,
        )  # fmt: skip
        mounts: list[Mount] = []  # the server first: BACKBONE_PUBLIC_URL names its port
        server = HttpServer(make_server_app(mounts, healthy=lambda: True), host="127.0.0.1",
                            port=0)  # fmt: skip
        settings = Settings(teams=teams, public_url=server.base_url)
        mounts.append(teams_http(settings, deps, work, port))
        pages = replace(deps, public_url=settings.pages_url)
        mounts.append(pages_mount(settings, pages, ports=lambda: TeamsPorts(port)))
        server.start()
        port.public_url = server.base_url  # where the pictures route is: BACKBONE_PUBLIC_URL
        emu.bot_url = f"{server.base_url}/api/messages"
        try:
            yield Served(emu, deps, work, port)
        finally:
            server.stop(grace=1)
            work.shutdown(timeout=5)
    engine.dispose()
