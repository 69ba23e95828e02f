"""Backbone serving several workspaces: two linked emulators, the app in OAuth mode over HTTP.

Workspace A is the usual seeded sandbox (Maria, Joe… in #case-conferencing); workspace B has
its own people and channel. Neither is installed at first: `install` goes through the whole
flow a person's browser takes (install page, Slack's consent, the redirect with its cookie).
"""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from bot.deps import Deps
from bot.sandbox.sender import AppResponse
from bot.sandbox.server import SlackEmulator
from bot.settings import REDIRECT_PATH, Settings
from bot.slack.app import create_app, make_client
from bot.slack.port import slack_ports
from bot.slack.scheduled import scheduled_clients
from bot.slack.web import HttpServer, make_wsgi_app
from bot.work import WorkQueue
from scheduler.jobs import TickReport, run_due_work
from storage.db import make_engine, make_session_factory
from tests.conftest import FakeClock
from tests.support.harness import seed

TEAM_A, TEAM_B = "T0AAAAAAAA", "T0BBBBBBBB"
BEA, BEN = "UBEA", "UBEN"
BRAVO = "CBRAVO"


@dataclass(frozen=True)
class Page:
    """What a browser got: status, headers and the page."""

    status: int
    headers: dict[str, str]
    body: str


def browse(url: str, cookie: str | None = None) -> Page:
    """GET a page the way a browser does, without following redirects."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return Page(answer.status, dict(answer.headers), answer.read().decode())
    except urllib.error.HTTPError as error:
        return Page(error.code, dict(error.headers), error.read().decode())


@dataclass
class Workspaces:
    """A running Backbone with two workspaces' emulators, one database and a clock."""

    a: SlackEmulator
    b: SlackEmulator
    server: HttpServer
    executor: WorkQueue  # where the app's work runs: settle() waits until it is done
    clock: FakeClock
    database_url: str
    settings: Settings

    @property
    def base(self) -> str:
        """The app's own address."""
        return f"http://127.0.0.1:{self.server.port}"

    def start_install(self) -> tuple[Page, str]:
        """Open the install page; return it and the Slack link its button goes to."""
        page = browse(f"{self.base}/slack/install")
        link = re.search(r'<a href="([^"]+)"', page.body)
        assert link is not None, page.body
        return page, html.unescape(link.group(1))

    def install(self, emulator: SlackEmulator, *, user: str) -> Page:
        """Install Backbone in a workspace, as `user` would in a browser; return the last page."""
        page, authorize = self.start_install()
        back = emulator.approve_install(authorize, user=user)
        return browse(back, cookie=page.headers["Set-Cookie"].split(";")[0])

    def command(
        self, emulator: SlackEmulator, text: str, *, user: str, channel: str
    ) -> AppResponse:
        """Type `/action` in a workspace and wait until the app has finished with it."""
        response = emulator.send_command("/action", text, user=user, channel=channel)
        self.executor.wait_idle()
        return response

    def tick(self, at: datetime) -> TickReport:
        """Run the scheduled work once, as `backbone tick` does with several workspaces."""
        self.clock.now = at
        engine = make_engine(self.database_url)
        try:
            deps = Deps(make_session_factory(engine), default_zone=self.settings.zone)
            clients = scheduled_clients(self.settings, engine, make_client(self.settings))
            return run_due_work(deps, slack_ports(clients), now=at)
        finally:
            engine.dispose()


def seed_b(emulator: SlackEmulator) -> None:
    """Workspace B's people and its one channel."""
    emulator.add_user(BEA, "bea", tz="America/Denver", real_name="Bea Ruiz")
    emulator.add_user(BEN, "ben", tz="America/Denver", real_name="Ben Ode")
    emulator.add_channel(BRAVO, "bravo-team", members=(BEA, BEN))


@contextmanager
def running_workspaces(database_url: str, clock: FakeClock) -> Iterator[Workspaces]:
    """Start two workspaces of one Slack, and Backbone installed in neither yet."""
    a = SlackEmulator(team_id=TEAM_A, team_name="Alpha", bot_token="xoxb-alpha")
    b = SlackEmulator(
        team_id=TEAM_B, team_name="Bravo", bot_user_id="UBACKBONEB", bot_id="BBACKBONEB",
        bot_token="xoxb-bravo",
    )  # fmt: skip
    a.link(b)
    with a, b:
        seed(a)
        seed_b(b)
        settings = Settings(
            signing_secret=a.signing_secret,
            api_url=a.api_url,  # one Slack: A's Web API answers for B's token too
            database_url=database_url,
            client_id=a.client_id,
            client_secret=a.client_secret,
        )
        engine = make_engine(database_url)
        executor = WorkQueue()
        app = create_app(settings, make_session_factory(engine), clock=clock, work=executor)
        server = HttpServer(
            make_wsgi_app(app, healthy=lambda: True, signing_secret=settings.signing_secret or ""),
            host="127.0.0.1",
            port=0,
        )
        server.start()
        for emulator in (a, b):
            emulator.request_url = server.url
            emulator.settle = executor.wait_idle  # no test reads the workspace mid-listener
            emulator.state.oauth.redirect_url = f"http://127.0.0.1:{server.port}{REDIRECT_PATH}"
        try:
            yield Workspaces(a, b, server, executor, clock, database_url, settings)
        finally:
            server.stop()
            executor.shutdown()
            engine.dispose()
