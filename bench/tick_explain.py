"""The plan of every query a tick sends, at 100,000 items: each should be an index range.

    .venv/bin/python -m bench.tick_explain [--items 100000] [--due 1000] [--people 5000]

Seeds the data of `bench.tick_scale`, plus `--history` closed polls, sent digests and
processed events (SQLite, and PostgreSQL when BACKBONE_BENCH_POSTGRES_URL or
BACKBONE_TEST_POSTGRES_URL names a server), then runs `scheduler.jobs.run_due_work` once against
the Slack emulator. Just before each distinct statement runs (the same SQL from the same place,
IN lists of any length counted as one), the same connection explains it with its real
parameters: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF)
inside a savepoint that is rolled back, so the statement then runs as it would have. Each query is
named by the step of the tick and the function that sent it. Prints a summary table (the full
scans found, if any) and every plan.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert

from bench.common import postgres_server_url, report
from bench.tick_scale import CHANNEL, REGION, TEAM, TICK_NOW, people, seed
from bot.deps import Deps
from bot.sandbox.server import SlackEmulator
from bot.settings import Settings
from bot.slack.app import make_client
from bot.slack.port import slack_ports
from scheduler.jobs import run_due_work
from storage.db import make_engine, make_session_factory, transaction
from storage.models import DigestPost, Poll, ProcessedEvent
from tests.support.databases import fresh_postgres, migrated

ROOT = Path(__file__).resolve().parent.parent
OURS = ("storage", "bot", "scheduler")
PLANNED = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")
PARAM = r"(?:%\(\w+\)s|\?)"
IN_LIST = re.compile(rf"\(\s*{PARAM}(?:\s*,\s*{PARAM})*\s*\)")
ROWS = re.compile(r"\(…\)(?:\s*,\s*\(…\))+")
# Tables that hold one row per workspace or channel: reading all of them is reading a handful.
SMALL = {"workspaces", "digest_schedules", "slack_installations", "slack_bots"}


@dataclass
class Query:
    """One distinct statement of the tick, where it came from and its plan."""

    where: str
    sql: str
    plan: list[str]
    calls: int = 1
    scans: list[str] = field(default_factory=list)


def _where() -> str:
    """Name the tick's step and our innermost function on the stack."""
    ours = []
    for frame in traceback.extract_stack():
        path = Path(frame.filename)
        if path.is_relative_to(ROOT) and path.relative_to(ROOT).parts[0] in OURS:
            ours.append(frame)
    step = next((b.name for a, b in pairwise(ours) if a.name == "run_due_work"), "?")
    storage = [f for f in ours if Path(f.filename).relative_to(ROOT).parts[0] == "storage"]
    inner = (storage or ours)[-1] if ours else None
    if inner is None:
        return step
    module = ".".join(Path(inner.filename).relative_to(ROOT).with_suffix("").parts)
    return f"{step} → {module}.{inner.name}"


def _cut(text: str, width: int = 200) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _shape(sql: str) -> str:
    return ROWS.sub("(…)", IN_LIST.sub("(…)", " ".join(sql.split())))


def _sqlite_plan(cursor: Any, sql: str, params: Any) -> list[str]:
    cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
    rows = cursor.fetchall()
    depth: dict[int, int] = {0: 0}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        lines.append("  " * (depth[node] - 1) + str(detail))
    return lines


def _postgres_plan(cursor: Any, sql: str, params: Any) -> list[str]:
    cursor.execute("SAVEPOINT bench_explain")
    try:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
        return [str(row[0]) for row in cursor.fetchall()]
    finally:
        cursor.execute("ROLLBACK TO SAVEPOINT bench_explain")
        cursor.execute("RELEASE SAVEPOINT bench_explain")


def _scans(kind: str, plan: list[str]) -> list[str]:
    if kind == "sqlite":
        found = (re.match(r"\s*SCAN (?!CONSTANT)([A-Za-z_]\w*)(.*)", line) for line in plan)
        tables = [m.group(1) for m in found if m and "INDEX" not in m.group(2)]
    else:
        tables = [m.group(1) for line in plan if (m := re.search(r"Seq Scan on (\w+)", line))]
    return sorted({t for t in tables if t not in SMALL})


def _one_row(params: Any, many: bool) -> Any:
    """Return one set of parameters (a batch of INSERT VALUES rows is already one)."""
    if many and isinstance(params, list | tuple) and params:
        first = params[0]
        return first if isinstance(first, tuple | list | dict) else params
    return params


@contextmanager
def explaining(engine: Engine) -> Iterator[dict[tuple[str, str], Query]]:
    """Explain each distinct statement sent while the block runs, just before it runs."""
    queries: dict[tuple[str, str], Query] = {}
    kind = engine.dialect.name
    explain = _sqlite_plan if kind == "sqlite" else _postgres_plan

    def before(conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        if not sql.lstrip().upper().startswith(PLANNED):
            return
        key = (_where(), _shape(sql))
        if key in queries:
            queries[key].calls += 1
            return
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            plan = explain(cursor, sql, _one_row(params, many))
        finally:
            cursor.close()
        queries[key] = Query(key[0], key[1], plan, scans=_scans(kind, plan))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield queries
    finally:
        event.remove(engine, "before_cursor_execute", before)


def seed_history(engine: Engine, rows: int) -> None:
    """Add the history other tick queries look past: closed polls, sent digests, old events."""
    past = TICK_NOW - timedelta(days=30)
    polls = [{"team_id": TEAM, "number": n, "question": f"Which night works? {n}",
              "options": ["Tue", "Wed"], "channel_id": CHANNEL, "creator_id": "U00001",
              "created_at": past, "closes_at": past + timedelta(days=1),
              "closed_at": past + timedelta(days=1)} for n in range(1, rows + 1)]  # fmt: skip
    digests = [{"team_id": TEAM, "channel_id": f"C{n:06d}", "week": "2026-W44",
                "slot_at": past, "state": "sent", "attempts": 1, "posted_at": past,
                "message_ts": f"{n}.000100"} for n in range(rows)]  # fmt: skip
    events = [{"team_id": TEAM, "event_id": f"Ev{n:08d}",
               "received_at": TICK_NOW - timedelta(minutes=n % 600)}
              for n in range(rows)]  # fmt: skip
    with transaction(make_session_factory(engine)) as session:
        for model, values in ((Poll, polls), (DigestPost, digests), (ProcessedEvent, events)):
            session.execute(insert(model), values)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def explain_tick(url: str, args: argparse.Namespace, emulator: SlackEmulator) -> list[Query]:
    """Seed a database and explain every query of one tick on it."""
    engine = make_engine(url)
    try:
        seed(engine, args.items, args.due, people(args.people))
        seed_history(engine, args.history)
        settings = Settings(bot_token=emulator.bot_token, api_url=emulator.api_url)
        deps = Deps(make_session_factory(engine), default_zone=settings.zone)
        with explaining(engine) as queries:
            run_due_work(deps, slack_ports(make_client(settings)), now=TICK_NOW)
        found = list(queries.values())
        with engine.connect() as connection:
            for query in found:  # a planner reads a table it knows to be (nearly) empty whole
                query.scans = [f"{table} ({_rows(connection, table):,} rows)"
                               for table in query.scans]  # fmt: skip
        return found
    finally:
        engine.dispose()


def _rows(connection: Any, table: str) -> int:
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())


def databases(folder: str) -> Iterator[tuple[str, str]]:
    """Yield a fresh SQLite database, then a PostgreSQL one when a server is configured."""
    yield "sqlite", migrated(f"sqlite:///{folder}/explain.db")
    server = postgres_server_url()
    if server:
        with fresh_postgres(server, prefix="backbone_tick_explain") as url:
            yield "postgresql", url


def main() -> None:
    """Explain a tick on each database; print the summary and every plan."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--history", type=int, default=10_000, help="polls, digests, events")
    args = parser.parse_args()
    found: dict[str, list[Query]] = {}
    with SlackEmulator() as emulator, tempfile.TemporaryDirectory() as folder:
        for n, user in enumerate(people(args.people)):
            emulator.add_user(user, user.lower(), tz=REGION[n % 6])
        emulator.add_channel(CHANNEL, "case-conferencing", members=people(args.people)[:50])
        for kind, url in databases(folder):
            found[kind] = explain_tick(url, args, emulator)
    rows = [[kind, q.where, q.calls, ", ".join(q.scans) or "none"]
            for kind, queries in found.items() for q in queries]  # fmt: skip
    command = (f".venv/bin/python -m bench.tick_explain --items {args.items} --due {args.due} "
               f"--people {args.people} --history {args.history}")  # fmt: skip
    report("the plan of every tick query", command,
           ["database", "step → query", "calls", "full scans of big tables"], rows)  # fmt: skip
    for kind, queries in found.items():
        print(f"### {kind}\n")
        for q in queries:
            plan = "\n".join(_cut(line) for line in q.plan)
            print(f"{q.where} ({q.calls}×)\n\n```\n{_cut(q.sql)}\n--\n{plan}\n```\n")


if __name__ == "__main__":
    main()
