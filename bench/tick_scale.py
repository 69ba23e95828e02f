"""`backbone tick` with many open items: time and queries follow the due items, not all items.

    .venv/bin/python -m bench.tick_scale [--sizes 1000:10,10000:100,100000:1000,100000:10]

Each size is `items:due`. Rows are seeded straight into a fresh database (SQLite in a temporary
folder, and PostgreSQL when BACKBONE_BENCH_POSTGRES_URL or BACKBONE_TEST_POSTGRES_URL names a
server): open items with one owner each, 20 people in three US zones, a sent ledger row per
item; `due` owners' next look has come (due dates over the last two weeks), every other one's is
hours to weeks away. Then `scheduler.jobs.run_due_work` runs once against the emulator, as
`backbone tick` does, counting SQL statements with SQLAlchemy's `before_cursor_execute` event.
"Select due" is the first planning query alone (`owners_to_plan`, a batch of 500) on the same
data.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, insert

from bench.common import postgres_server_url, report
from bot.deps import Deps
from bot.sandbox.server import SlackEmulator
from bot.settings import Settings
from bot.slack.app import make_client
from bot.slack.port import slack_ports
from scheduler.jobs import run_due_work
from storage import nudges as ledger
from storage.db import make_engine, make_session_factory, transaction
from storage.models import ActionItem, ActionOwner, Nudge, Person, Workspace
from tests.support.databases import fresh_postgres, migrated

TEAM = "T0SANDBOX"
CHANNEL = "CCASE"
# Tuesday 18:00 UTC: working hours in New York, Chicago and Los Angeles.
NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles"]
PEOPLE = [f"U{n:04d}" for n in range(20)]
CHUNK = 5000


def _item(n: int, due: bool, rng: random.Random) -> dict[str, Any]:
    # Due owners' items fell due over the last two weeks; the others fall due in two months.
    days = -rng.randint(0, 14) if due else rng.randint(1, 60)
    made = NOW - timedelta(days=30)
    return {
        "id": n, "team_id": TEAM, "number": n, "title": f"Follow up with landlord {n}",
        "creator_id": PEOPLE[(n + 1) % len(PEOPLE)], "channel_id": CHANNEL,
        "due_at": NOW + timedelta(days=days), "due_all_day": True, "due_tz": ZONES[n % 3],
        "status": "open", "created_at": made, "updated_at": made,
    }  # fmt: skip


def _owner(n: int, due: bool, rng: random.Random) -> dict[str, Any]:
    ahead = -timedelta(minutes=rng.randint(1, 600)) if due else timedelta(hours=rng.randint(1, 700))
    return {"action_id": n, "user_id": PEOPLE[n % len(PEOPLE)], "position": 0,
            "next_nudge_at": NOW + ahead}  # fmt: skip


def _history(n: int) -> dict[str, Any]:
    return {"team_id": TEAM, "action_id": n, "user_id": PEOPLE[n % len(PEOPLE)], "step": "before",
            "scheduled_at": NOW - timedelta(days=20), "state": "sent", "attempts": 1,
            "sent_at": NOW - timedelta(days=20)}  # fmt: skip


def seed(engine: Engine, items: int, due: int) -> None:
    """Insert a workspace, its people, `items` open items and their owners, `due` of them due."""
    rng = random.Random(items * 7 + due)
    due_numbers = set(rng.sample(range(1, items + 1), due))
    with transaction(make_session_factory(engine)) as session:
        session.execute(insert(Workspace), [{"team_id": TEAM, "name": "Sandbox",
                        "action_seq": items, "decision_seq": 0, "created_at": NOW}])  # fmt: skip
        session.execute(insert(Person), [{"team_id": TEAM, "user_id": user, "name": user,
                        "tz": ZONES[i % 3], "refreshed_at": NOW - timedelta(hours=1)}
                        for i, user in enumerate(PEOPLE)])  # fmt: skip
        for start in range(1, items + 1, CHUNK):
            numbers = range(start, min(start + CHUNK, items + 1))
            due_here = [(n, n in due_numbers) for n in numbers]
            session.execute(insert(ActionItem), [_item(n, due, rng) for n, due in due_here])
            session.execute(insert(ActionOwner), [_owner(n, due, rng) for n, due in due_here])
            session.execute(insert(Nudge), [_history(n) for n in numbers])
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.exec_driver_sql(
                "SELECT setval('action_items_id_seq', (SELECT max(id) FROM action_items))"
            )


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """Record every SQL statement sent while the block runs."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def time_select_due(engine: Engine) -> float:
    """Time the first planning query (rolled back: it locks rows on PostgreSQL)."""
    session = make_session_factory(engine)()
    try:
        started = time.perf_counter()
        ledger.owners_to_plan(session, now=NOW, limit=500)
        return time.perf_counter() - started
    finally:
        session.rollback()
        session.close()


def measure(url: str, items: int, due: int, emulator: SlackEmulator) -> list[object]:
    """Seed one database, then time the due-work selection and one whole tick on it."""
    engine = make_engine(url)
    try:
        seed(engine, items, due)
        select_s = time_select_due(engine)
        settings = Settings(bot_token=emulator.bot_token, api_url=emulator.api_url)
        deps = Deps(make_session_factory(engine), default_zone=settings.zone)
        posts_before = len(emulator.calls("chat.postMessage"))
        with counting(engine) as statements:
            started = time.perf_counter()
            result = run_due_work(deps, slack_ports(make_client(settings)), now=NOW)
            tick_s = time.perf_counter() - started
        dms = len(emulator.calls("chat.postMessage")) - posts_before
    finally:
        engine.dispose()
    kind = engine.dialect.name
    return [kind, f"{items:,}", due, f"{1000 * select_s:.1f}", f"{tick_s:.2f}", len(statements),
            result.claimed, result.delivery.sent, dms]  # fmt: skip


def databases(folder: str, name: str) -> Iterator[str]:
    """Yield a fresh SQLite database, then a PostgreSQL one when a server is configured."""
    yield migrated(f"sqlite:///{folder}/{name}.db")
    server = postgres_server_url()
    if server:
        with fresh_postgres(server, prefix="backbone_bench") as url:
            yield url


def main() -> None:
    """Run every size on every database and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000:10,10000:100,100000:1000,100000:10")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in size.split(":")) for size in args.sizes.split(",")]
    rows = []
    with SlackEmulator() as emulator, tempfile.TemporaryDirectory() as folder:
        for n, user in enumerate(PEOPLE):
            emulator.add_user(user, user.lower(), tz=ZONES[n % 3])
        emulator.add_channel(CHANNEL, "case-conferencing", members=PEOPLE)
        for items, due in sizes:
            for url in databases(folder, f"tick_{items}_{due}"):
                rows.append(measure(url, items, due, emulator))
    headers = ["database", "open items", "due", "select due ms", "tick s", "SQL statements",
               "claimed", "reminders sent", "DMs"]  # fmt: skip
    command = f".venv/bin/python -m bench.tick_scale --sizes {args.sizes}"
    rows.sort(key=lambda row: str(row[0]))
    report("tick with many open items", command, headers, rows)


if __name__ == "__main__":
    main()
