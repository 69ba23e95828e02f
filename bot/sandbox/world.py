"""The sandbox's world: the emulator seeded with a small community, the real app, a movable clock.

`backbone shell` and `backbone demo` run on this: the same handlers, the same database code and
the same scheduled work as a real install, with the built-in Slack emulator standing in for Slack.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.sandbox.server import SlackEmulator
from bot.settings import Settings
from bot.slack.app import create_app, make_client
from bot.slack.port import slack_ports
from bot.slack.web import HttpServer, slack_mount
from bot.web import Mount, make_server_app
from bot.webpages.site import pages_mount
from bot.work import WorkQueue
from scheduler.jobs import TickReport, run_due_work
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade

# A community improvement team, spread over a few zones.
PEOPLE = [
    ("UMARIA", "maria", "Maria Lopez", "America/New_York", True),  # system coordinator
    ("UJOE", "joe", "Joe Tran", "America/Los_Angeles", False),  # street outreach
    ("UANA", "ana", "Ana Ruiz", "America/Chicago", False),  # housing navigator
    ("USAM", "sam", "Sam Whitehorse", "America/Denver", False),  # lived experience advisor
    ("UDEV", "dev", "Dev Patel", "America/New_York", False),  # landlord liaison
]
TEAM_CLOCK = ZoneInfo("America/New_York")  # the coordinator's zone
CHANNELS = [
    ("CCASE", "case-conferencing", ["UMARIA", "UJOE", "UANA", "UDEV"]),
    ("CADVISORY", "advisory-group", ["UMARIA", "USAM", "UANA"]),
]


def first_morning(now: datetime) -> datetime:
    """Return the next weekday 12:30 in New York: working hours for the whole team, coast to coast.

    A fresh sandbox starts there, so `:time +1d` lands where reminders go out for everyone.
    """
    local = now.astimezone(TEAM_CLOCK)
    start = local.replace(hour=12, minute=30, second=0, microsecond=0)
    if start <= local:
        start += timedelta(days=1)
    while start.isoweekday() > 5:
        start += timedelta(days=1)
    return start.astimezone(UTC)


@dataclass
class Clock:
    """The sandbox's clock: it stands still until moved."""

    now: datetime = field(default_factory=lambda: first_morning(datetime.now(UTC)))

    def __call__(self) -> datetime:
        return self.now


def seed(emulator: SlackEmulator) -> None:
    """Add the sandbox's people and channels to an emulator."""
    for user_id, name, real_name, tz, admin in PEOPLE:
        emulator.add_user(user_id, name, tz=tz, is_admin=admin, real_name=real_name)
    for channel_id, name, members in CHANNELS:
        emulator.add_channel(channel_id, name, members=members)


@dataclass
class World:
    """A running sandbox: emulator, app on HTTP, database and clock."""

    emulator: SlackEmulator
    executor: WorkQueue  # where the app's work runs: settle() waits until it is done
    clock: Clock
    deps: Deps
    settings: Settings

    def settle(self) -> None:
        """Wait until the app has finished everything it was asked."""
        self.executor.wait_idle(timeout=30)

    def tick(self) -> TickReport:
        """Run the scheduled work due at the sandbox's time, as `backbone tick` would."""
        return run_due_work(self.deps, slack_ports(make_client(self.settings)), now=self.clock.now)


def load_clock(state_file: Path, *, fresh: bool) -> Clock:
    """Return the clock saved by the last run, or the real time."""
    if fresh or not state_file.exists():
        return Clock()
    try:
        return Clock(datetime.fromisoformat(json.loads(state_file.read_text())["now"]))
    except (ValueError, KeyError, TypeError):
        return Clock()


def save_clock(state_file: Path, clock: Clock) -> None:
    """Remember the sandbox's time for the next run."""
    state_file.write_text(json.dumps({"now": clock.now.isoformat()}))


@contextmanager
def running_world(database: Path, clock: Clock) -> Iterator[World]:
    """Start the emulator and the app against a SQLite file; stop both at the end."""
    # The sandbox prints what people would see; library chatter would only get in the way.
    logging.getLogger("backbone").setLevel(logging.WARNING)
    logging.getLogger("slack_bolt").setLevel(logging.ERROR)
    with SlackEmulator(team_name="Sandbox") as emulator:
        seed(emulator)
        # The server first: the web pages' links (polls by link) name its port on this machine.
        mounts: list[Mount] = []
        server = HttpServer(make_server_app(mounts, healthy=lambda: True), host="127.0.0.1", port=0)
        settings = Settings(
            bot_token=emulator.bot_token,
            signing_secret=emulator.signing_secret,
            api_url=emulator.api_url,
            database_url=f"sqlite:///{database}",
            public_url=server.base_url,
        )
        engine = make_engine(settings.database_url)
        upgrade(engine)
        factory = make_session_factory(engine)
        executor = WorkQueue()
        app = create_app(settings, factory, clock=clock, work=executor)
        app.logger.setLevel(logging.ERROR)  # Bolt's advice to developers is not for the person here
        mounts.append(slack_mount(app, emulator.signing_secret))
        pages = Deps(factory, clock=clock, work=executor, public_url=settings.pages_url)
        ports = lambda: slack_ports(make_client(settings))  # noqa: E731 - redraws after web votes
        mounts.append(pages_mount(settings, pages, ports=ports))
        server.start()
        emulator.request_url = server.url
        emulator.settle = lambda: executor.wait_idle(timeout=30)
        try:
            yield World(emulator, executor, clock, Deps(factory, clock=clock), settings)
        finally:
            server.stop()
            executor.shutdown()
            engine.dispose()
