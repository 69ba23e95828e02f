"""The Teams sandbox's world: the emulated tenant, Backbone's real server and port, a clock.

`backbone shell --teams` and `backbone demo --teams` run on this: the same people and channels
as the Slack sandbox (bot/sandbox/world.py), in Teams' shapes: one tenant, one team whose
channels are the sandbox's channels, people with `29:` ids. Backbone serves `/api/messages` on
127.0.0.1 exactly as `backbone serve` does (the token of every activity checked against the
emulator's keys), speaks through the real Teams port (an Entra token over https, the
connector), and the clock moves the same scheduled work as `backbone tick`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import update

from bot.deps import Deps
from bot.sandbox.teams.server import TeamsEmulator
from bot.sandbox.teams.state import PERSONAL, Conversation, Person, Team
from bot.sandbox.world import CHANNELS, PEOPLE, TEAM_CLOCK, Clock
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
from scheduler.jobs import TickReport, run_due_work
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import TeamsConversation

TEAM_NAME = "Sandbox community"
# Ids that stay the same from one run to the next, so that a kept sandbox database (items,
# owners, conversation references) still names this tenant, its people and its channels.
SANDBOX = uuid.UUID("6b1f3c52-8d0e-4f7a-9c1b-2a5e7d9f0b13")
TENANT_ID, APP_ID = str(uuid.uuid5(SANDBOX, "tenant")), str(uuid.uuid5(SANDBOX, "app"))


@dataclass
class TeamsWorld:
    """A running Teams sandbox: the tenant, Backbone on HTTP, its database and clock.

    `people` maps each sandbox name (maria, joe…) to the person in the tenant; `channels`
    maps each channel name to its conversation id.
    """

    emulator: TeamsEmulator
    executor: WorkQueue
    clock: Clock
    deps: Deps
    port: TeamsPort
    team: Team
    people: dict[str, Person]
    channels: dict[str, str]

    def settle(self) -> None:
        """Wait until Backbone has finished everything it was asked."""
        self.executor.wait_idle(timeout=30)

    def tick(self) -> TickReport:
        """Run the scheduled work due at the sandbox's time, as `backbone tick` would."""
        report = run_due_work(self.deps, TeamsPorts(self.port), now=self.clock.now)
        self.settle()
        return report


def seed(emulator: TeamsEmulator) -> tuple[Team, dict[str, Person], dict[str, str]]:
    """Add the sandbox's people and its one team, whose channels are the sandbox's channels.

    A Teams channel holds everyone in its team, so the team holds everyone of the sandbox.
    """
    people = {
        name: emulator.add_person(
            real_name,
            zone=zone,
            person_id=f"29:1sandbox-{name}",
            aad_object_id=_stable("person", name),
        )
        for _id, name, real_name, zone, _admin in PEOPLE
    }
    for name, person in people.items():
        chat_id = f"a:1sandbox-chat-{name}"
        with emulator.state.lock:  # the personal chat's id, kept like the others
            emulator.state.conversations[chat_id] = Conversation(
                chat_id, PERSONAL, person_id=person.id
            )
    team = emulator.add_team(TEAM_NAME, members=list(people.values()), team_id=_thread_id("team"))
    channels = {
        name: emulator.add_channel(team.id, name, channel_id=_thread_id(name))
        for _id, name, _members in CHANNELS
    }
    return team, people, channels


def _stable(*words: str) -> str:
    return str(uuid.uuid5(SANDBOX, "/".join(words)))


def _thread_id(name: str) -> str:
    return f"19:{uuid.uuid5(SANDBOX, name).hex}@thread.tacv2"


def follow_the_emulator(deps: Deps, emulator: TeamsEmulator) -> None:
    """Point the conversation references a kept sandbox stored at this run's connector.

    The emulator listens on a new port each run; in Teams the service URL stays put.
    """
    with deps.transaction() as session:
        session.execute(
            update(TeamsConversation)
            .where(TeamsConversation.tenant_id == emulator.tenant_id)
            .values(service_url=emulator.service_url)
        )


@contextmanager
def running_teams_world(database: Path, clock: Clock) -> Iterator[TeamsWorld]:
    """Start the emulator and Backbone's Teams side against a SQLite file; stop both at the end."""
    logging.getLogger("backbone").setLevel(logging.WARNING)
    with TeamsEmulator(tenant_id=TENANT_ID, app_id=APP_ID) as emulator:
        team, people, channels = seed(emulator)
        engine = make_engine(f"sqlite:///{database}")
        upgrade(engine)
        executor = WorkQueue()
        deps = Deps(
            make_session_factory(engine), clock=clock, default_zone=TEAM_CLOCK, work=executor
        )
        follow_the_emulator(deps, emulator)
        port = _port(emulator, deps)
        mounts: list[Mount] = []  # the server first: links to the web pages name its port
        server = HttpServer(make_server_app(mounts, healthy=lambda: True), host="127.0.0.1", port=0)
        settings = Settings(teams=_settings(emulator), database_url=f"sqlite:///{database}",
                            public_url=server.base_url)  # fmt: skip
        mounts.append(teams_http(settings, deps, executor, port))
        pages = replace(deps, public_url=settings.pages_url)
        mounts.append(pages_mount(settings, pages, ports=lambda: TeamsPorts(port)))
        port.public_url = server.base_url  # pictures are served by Backbone, as in production
        server.start()
        emulator.bot_url = f"{server.base_url}/api/messages"
        world = TeamsWorld(emulator, executor, clock, deps, port, team, people, channels)
        try:
            install(world)
            yield world
        finally:
            server.stop(grace=1)
            executor.shutdown()
            engine.dispose()


def install(world: TeamsWorld) -> None:
    """Install Backbone in the team and for each person, as a Teams admin deploys an app.

    Each personal install tells Backbone the person's zone (Teams' client info), so reminders
    go out in everyone's own working hours from the first day, as on Slack.
    """
    world.emulator.install_in_team(world.team.id, by=world.people["maria"])
    for person in world.people.values():
        world.emulator.install_personal(person)
    world.settle()


def _settings(emulator: TeamsEmulator) -> TeamsSettings:
    return TeamsSettings(
        app_id=emulator.app_id,
        app_password=emulator.app_password,
        tenant_id=emulator.tenant_id,
        openid_url=emulator.openid_url,
        login_url=emulator.login_url_https,
    )


def _port(emulator: TeamsEmulator, deps: Deps) -> TeamsPort:
    """Build the tenant's port as serve does, trusting the emulator's own certificate."""
    cloud = cloud_for("public", openid_url=emulator.openid_url, login_url=emulator.login_url_https)
    token = BotToken(
        app_id=emulator.app_id,
        password=emulator.app_password,
        tenant_id=emulator.tenant_id,
        cloud=cloud,
        verify=emulator.ca_file,
    )
    return TeamsPort(
        tenant_id=emulator.tenant_id,
        app_id=emulator.app_id,
        connector=Connector(cloud=cloud, token=token.token, renew=token.forget),
        session_factory=deps.session_factory,
        clock=deps.clock,
    )
