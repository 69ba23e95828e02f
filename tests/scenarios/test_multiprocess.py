"""Several `serve` and `tick` processes on one database: every request and reminder handled once.

A load balancer spreads /action commands over the serve processes while they run at the same
time; then as many `backbone tick` processes run at the same instant. On PostgreSQL that is 3 and
3 (what a regional network runs); on SQLite 2 and 2, which WAL and BEGIN IMMEDIATE allow on one
machine.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.sandbox.server import AppResponse, SlackEmulator
from storage.db import make_engine, make_session_factory, transaction
from storage.models import ActionItem, Nudge
from tests.conftest import ON_POSTGRES, POSTGRES_URL
from tests.support.databases import fresh_postgres, migrated
from tests.support.harness import ADMIN, CASE, JOE, MARIA, seed
from tests.support.processes import Served, start_serve, start_tick

COMMANDS = 30
OWNERS = [JOE, MARIA, ADMIN]
ANNOUNCED = re.compile(r"^📌 (A-\d+) ")


def a_friday_ahead() -> date:
    """Return a Friday two or three weeks from today: the processes run on the real clock."""
    today = datetime.now(UTC).date()
    return today + timedelta(days=14 + (4 - today.weekday()) % 7)


class BalancedEmulator(SlackEmulator):
    """The emulator behind a load balancer: each sending thread picks its own app process."""

    _target = threading.local()

    @property
    def request_url(self) -> str | None:
        """The app process this thread's requests go to."""
        return getattr(self._target, "url", None)

    @request_url.setter
    def request_url(self, url: str | None) -> None:
        self._target.url = url


@pytest.fixture
def shared_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database of the kind the test asks for."""
    if request.param == "sqlite":
        if ON_POSTGRES:
            yield migrated(f"sqlite:///{tmp_path / 'shared.db'}")
        else:
            yield request.getfixturevalue("database_url")
        return
    if ON_POSTGRES:
        yield request.getfixturevalue("database_url")
        return
    if not POSTGRES_URL:
        pytest.skip("several processes on PostgreSQL: set BACKBONE_TEST_POSTGRES_URL to run it")
    with fresh_postgres(POSTGRES_URL, prefix="backbone_mp") as url:
        yield url


@pytest.fixture
def emulator() -> Iterator[BalancedEmulator]:
    emulator = BalancedEmulator()
    with emulator:
        seed(emulator)
        yield emulator


def send_spread(emulator: BalancedEmulator, servers: list[Served], due: date) -> list[AppResponse]:
    """Type the commands at once from several people's laptops, round-robin over the servers."""

    def send(n: int) -> AppResponse:
        emulator.request_url = servers[n % len(servers)].url
        text = f"Call landlord {n} <@{OWNERS[n % len(OWNERS)]}> by {due.isoformat()}"
        return emulator.send_command("/action", text, user=MARIA, channel=CASE)

    with ThreadPoolExecutor(max_workers=2 * len(servers)) as pool:
        return list(pool.map(send, range(COMMANDS)))


def stored_items(database_url: str) -> list[tuple[int, str]]:
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            rows = session.execute(select(ActionItem.number, ActionItem.title))
            return sorted((number, title) for number, title in rows)
    finally:
        engine.dispose()


def ledger(database_url: str) -> Counter[tuple[str, str]]:
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            rows = session.execute(select(Nudge.step, Nudge.state))
            return Counter((step, state) for step, state in rows)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("shared_database", "processes"),
    [pytest.param("postgres", 3, id="postgres-3"), pytest.param("sqlite", 2, id="sqlite-2")],
    indirect=["shared_database"],
)
def test_several_processes_handle_each_request_and_reminder_once(
    emulator: BalancedEmulator, shared_database: str, processes: int, tmp_path: Path
) -> None:
    due = a_friday_ahead()
    servers = [start_serve(emulator, shared_database, tmp_path) for _ in range(processes)]
    try:
        answers = send_spread(emulator, servers, due)
        emulator.wait_for("chat.getPermalink", count=COMMANDS, timeout=60)
    finally:
        # SIGTERM lets each finish what it started; exit 0 says it did.
        codes = [server.stop() for server in servers]
    assert codes == [0] * processes, [server.log for server in servers]
    assert [(a.status, a.body) for a in answers] == [(200, "")] * COMMANDS
    announced = [ANNOUNCED.match(m.text) for m in emulator.messages(CASE)]
    codes_seen = Counter(found.group(1) for found in announced if found)
    assert codes_seen == Counter(f"A-{n}" for n in range(1, COMMANDS + 1))
    items = stored_items(shared_database)
    assert [number for number, _ in items] == list(range(1, COMMANDS + 1))
    assert sorted(title for _, title in items) == sorted(f"Call landlord {n}" for n in range(30))

    # 17:30 UTC on the due day is within working hours in Los Angeles, Chicago and New York.
    afternoon = datetime.combine(due, time(17, 30), tzinfo=UTC)
    ticks = [start_tick(emulator, shared_database, afternoon) for _ in range(processes)]
    outputs = [tick.communicate(timeout=120) for tick in ticks]
    assert [tick.returncode for tick in ticks] == [0] * processes, outputs
    for owner in OWNERS:
        dms = [m.text for m in emulator.messages(owner)]
        lines = [line for dm in dms for line in dm.splitlines() if line.startswith("⏰")]
        assert (len(dms), len(lines), len(set(lines))) == (1, 10, 10), dms
    assert ledger(shared_database) == Counter({("due", "sent"): COMMANDS})
