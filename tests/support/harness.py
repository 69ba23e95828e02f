"""The whole app on real HTTP, its Slack played by the emulator: what scenario tests drive."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.sandbox.server import AppResponse, SlackEmulator
from bot.settings import Settings
from bot.slack.app import create_app, make_client
from bot.slack.port import slack_ports
from bot.slack.web import HttpServer, slack_mount
from bot.web import Mount, make_server_app
from bot.webpages.site import pages_mount
from bot.work import WorkQueue
from scheduler.jobs import TickReport, run_due_work
from storage import actions as store
from storage.db import make_engine, make_session_factory, transaction
from storage.models import ActionItem
from tests.conftest import FakeClock

TEAM = "T0SANDBOX"
MARIA, JOE, ADMIN, PAT = "UMARIA", "UJOE", "UADMIN", "UPAT"
CASE = "CCASE"


def seed(emulator: SlackEmulator) -> None:
    """People in different zones and a meeting channel."""
    emulator.add_user(MARIA, "maria", tz="America/New_York", real_name="Maria Lopez")
    emulator.add_user(JOE, "joe", tz="America/Los_Angeles", real_name="Joe Tran")
    emulator.add_user(ADMIN, "sam", tz="America/Chicago", is_admin=True, real_name="Sam Admin")
    emulator.add_user(PAT, "pat", tz="Europe/London", real_name="Pat Kay")
    emulator.add_user("UGONE", "gone", deleted=True)
    members = (MARIA, JOE, ADMIN, PAT)
    emulator.add_channel(CASE, "case-conferencing", members=members)


@dataclass
class Harness:
    """A running Backbone with its emulator, database and clock."""

    emulator: SlackEmulator
    server: HttpServer
    executor: WorkQueue  # where the app's work runs: settle() waits until it is done
    clock: FakeClock
    database_url: str
    settings: Settings
    slack: Callable[[Settings], WebClient] = make_client

    def tick(self, at: datetime | None = None) -> TickReport:
        """Run the scheduled work once, at `at` (and move the clock there), as `backbone tick`."""
        if at is not None:
            self.clock.now = at
        engine = make_engine(self.database_url)
        try:
            deps = Deps(make_session_factory(engine), default_zone=self.settings.zone)
            return run_due_work(deps, slack_ports(self.slack(self.settings)), now=self.clock.now)
        finally:
            engine.dispose()

    def dms(self, user: str) -> list[str]:
        """The texts of the DMs a person has received, oldest first."""
        return [m.text for m in self.emulator.messages(user)]

    def command(
        self, text: str, *, user: str = MARIA, channel: str = CASE, command: str = "/action"
    ) -> AppResponse:
        """Type a slash command and wait until the app has finished with it."""
        response = self.emulator.send_command(command, text, user=user, channel=channel)
        self.settle()
        return response

    def settle(self) -> None:
        """Wait until every listener has finished."""
        self.executor.wait_idle()

    def last_response(self) -> dict[str, Any]:
        """The body of the app's latest answer through a response_url."""
        body: dict[str, Any] = self.emulator.responses()[-1]["body"]
        return body

    def item(self, number: int) -> ActionItem:
        """Read an item from the database."""
        with self.database() as session:
            item = store.get_item(session, team_id=TEAM, number=number)
            assert item is not None
            return item

    @contextmanager
    def database(self) -> Iterator[Session]:
        """Open one transaction on the app's database, the test's own hand in it."""
        engine = make_engine(self.database_url)
        try:
            with transaction(make_session_factory(engine)) as session:
                yield session
        finally:
            engine.dispose()


@contextmanager
def running_backbone(
    database_url: str,
    clock: FakeClock,
    *,
    slack: Callable[[Settings], WebClient] = make_client,
    work: WorkQueue | None = None,
) -> Iterator[Harness]:
    """Start the emulator and the app, wired to each other over loopback.

    `slack` builds the app's Web API client from its settings (fault tests make it impatient);
    `work` is where the app's work runs (tests of a full queue give a small one).
    """
    with SlackEmulator() as emulator:
        seed(emulator)
        # The server first, with its routes added below: the web pages' links name its port.
        mounts: list[Mount] = []
        server = HttpServer(make_server_app(mounts, healthy=lambda: True), host="127.0.0.1", port=0)
        settings = Settings(
            bot_token=emulator.bot_token,
            signing_secret=emulator.signing_secret,
            api_url=emulator.api_url,
            database_url=database_url,
            public_url=server.base_url,
        )
        engine = make_engine(database_url)
        executor = work or WorkQueue()
        # The production client, retry handlers and all, pointed at the emulator.
        app = create_app(
            settings,
            make_session_factory(engine),
            slack(settings),
            clock=clock,
            work=executor,
        )
        mounts.append(slack_mount(app, emulator.signing_secret))
        deps = Deps(make_session_factory(engine), clock=clock, work=executor,
                    public_url=settings.pages_url)  # fmt: skip
        mounts.append(pages_mount(settings, deps, ports=lambda: slack_ports(slack(settings))))
        server.start()
        emulator.request_url = server.url
        emulator.settle = executor.wait_idle  # no test reads the workspace mid-listener
        emulator.clear_calls()  # the app's start-up auth.test is not part of any scenario
        try:
            yield Harness(emulator, server, executor, clock, database_url, settings, slack)
        finally:
            server.stop()
            executor.shutdown()
            engine.dispose()
        # Where the app only logs a refusal, what Slack would refuse still fails the test.
        assert emulator.refusals() == [], "Slack would refuse what the app sent"
