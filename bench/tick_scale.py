"""`backbone tick` at regional scale: our own time, statements and transactions per DM.

    .venv/bin/python -m bench.tick_scale [--items 100000] [--due 2000] [--people 5000]
        [--samples 4] [--baseline /path/to/a/checkout/of/main]

Rows are seeded straight into a migrated database (SQLite in a temporary folder, and PostgreSQL
when BACKBONE_BENCH_POSTGRES_URL or BACKBONE_TEST_POSTGRES_URL names a server): `items` open items
with one owner each, `people` people in six zones (five of them in working hours at the tick's
`now`, Los Angeles not yet), a sent ledger row per item. `due` owners' next look has come (items
that fell due over the last two weeks, so some escalate to their creators); every other owner's
next look is hours to weeks away. A quarter of the people were last looked up two days ago, so
the tick asks the platform about them again (as a daily tick does).

Then `scheduler.jobs.run_due_work` runs once against the Slack emulator, as `backbone tick` does,
on a fresh copy of the seeded database per sample; the first sample in a process is the cold one.
"Our time" is the time in run_due_work minus the time spent inside the Web API client's calls
(waiting on the chat platform: here the emulator, over HTTP). Statements are counted with
SQLAlchemy's `before_cursor_execute` event, transactions with its `begin` event.

With `--baseline DIR`, the same samples run in turn with DIR's code (its own .venv), this file
unchanged: each sample of ours is followed by one of the baseline's, on the same data.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent.parent
TEAM = "T0SANDBOX"
CHANNEL = "CCASE"
# Tuesday 15:00 UTC: working hours in London, Berlin, São Paulo, New York and Chicago; not yet
# in Los Angeles (its owners are planned for later, and get no DM).
TICK_NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
REGION = ["Europe/London", "Europe/Berlin", "America/Sao_Paulo", "America/New_York",
          "America/Chicago", "America/Los_Angeles"]  # fmt: skip
CHUNK = 5000
# What bench.digest_render shares with this benchmark: its channel's people, zones and week.
NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles"]
PEOPLE = [f"U{n:04d}" for n in range(20)]


def people(count: int) -> list[str]:
    """Return the seeded people's user ids."""
    return [f"U{n:05d}" for n in range(count)]


def _item(n: int, due: bool, rng: random.Random, users: list[str]) -> dict[str, Any]:
    days = -rng.randint(0, 14) if due else rng.randint(1, 60)
    made = TICK_NOW - timedelta(days=30)
    return {
        "id": n, "team_id": TEAM, "number": n, "title": f"Follow up with landlord {n}",
        "creator_id": users[(n * 7 + 1) % len(users)], "channel_id": CHANNEL,
        "due_at": TICK_NOW + timedelta(days=days), "due_all_day": True, "due_tz": REGION[n % 6],
        "status": "open", "created_at": made, "updated_at": made,
    }  # fmt: skip


def _owner(n: int, due: bool, rng: random.Random, users: list[str]) -> dict[str, Any]:
    ahead = -timedelta(minutes=rng.randint(1, 600)) if due else timedelta(hours=rng.randint(1, 700))
    return {"action_id": n, "user_id": rng.choice(users), "position": 0,
            "next_nudge_at": TICK_NOW + ahead}  # fmt: skip


def _person(n: int, user: str) -> dict[str, Any]:
    # A quarter were last looked up two days ago: the tick asks the platform about them again.
    looked = TICK_NOW - timedelta(hours=49 if n % 4 == 3 else 1)
    return {"team_id": TEAM, "user_id": user, "name": user, "tz": REGION[n % 6],
            "refreshed_at": looked}  # fmt: skip


def _history(owner: dict[str, Any]) -> dict[str, Any]:
    return {"team_id": TEAM, "action_id": owner["action_id"], "user_id": owner["user_id"],
            "step": "before", "scheduled_at": TICK_NOW - timedelta(days=20), "state": "sent",
            "attempts": 1, "sent_at": TICK_NOW - timedelta(days=20)}  # fmt: skip


def seed(engine: Engine, items: int, due: int, users: list[str]) -> None:
    """Insert a workspace, its people, `items` open items and their owners, `due` of them due."""
    from storage.db import make_session_factory, transaction
    from storage.models import ActionItem, ActionOwner, Nudge, Person, Workspace

    rng = random.Random(items * 7 + due)
    due_numbers = set(rng.sample(range(1, items + 1), due))
    with transaction(make_session_factory(engine)) as session:
        workspace = {"team_id": TEAM, "name": "Sandbox", "action_seq": items, "decision_seq": 0,
                     "created_at": TICK_NOW}  # fmt: skip
        session.execute(insert(Workspace), [workspace])
        session.execute(insert(Person), [_person(i, user) for i, user in enumerate(users)])
        for start in range(1, items + 1, CHUNK):
            here = [(n, n in due_numbers) for n in range(start, min(start + CHUNK, items + 1))]
            owners = [_owner(n, d, rng, users) for n, d in here]
            session.execute(insert(ActionItem), [_item(n, d, rng, users) for n, d in here])
            session.execute(insert(ActionOwner), owners)
            session.execute(insert(Nudge), [_history(o) for o in owners])
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


@contextmanager
def counting_work(engine: Engine) -> Iterator[dict[str, int]]:
    """Count SQL statements and transactions while the block runs."""
    counts = {"statements": 0, "transactions": 0}

    def statement(*_args: Any) -> None:
        counts["statements"] += 1

    def begin(*_args: Any) -> None:
        counts["transactions"] += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "begin", begin)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "begin", begin)


WAITED = [0.0]  # seconds spent inside the Web API client's calls, in this process


def time_the_platform(client: Any) -> None:
    """Sum the time every Web API client of this process spends in its calls, into WAITED.

    Each workspace gets its own client, made from the one given: the class is wrapped, once.
    """
    cls = type(client)
    if getattr(cls, "_bench_timed", False):
        return
    call = cls.api_call

    def api_call(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return call(self, *args, **kwargs)
        finally:
            WAITED[0] += time.perf_counter() - started

    cls.api_call = api_call
    cls._bench_timed = True


# --- the worker: one tree's code, one database, several samples -------------------------------


@contextmanager
def template(kind: str, folder: str, items: int, due: int, users: list[str]) -> Iterator[str]:
    """Seed a database once; yield its URL (SQLite file, or PostgreSQL template database)."""
    from tests.support.databases import migrated

    if kind == "sqlite":
        url = migrated(f"sqlite:///{folder}/template.db")
        _seed_url(url, items, due, users)
        yield url
        return
    server = os.environ["BENCH_SERVER"]
    name = f"tick_bench_{uuid.uuid4().hex[:8]}"
    _admin(server, f'CREATE DATABASE "{name}"')
    try:
        url = migrated(make_url(server).set(database=name).render_as_string(False))
        _seed_url(url, items, due, users)
        yield url
    finally:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seed_url(url: str, items: int, due: int, users: list[str]) -> None:
    from storage.db import make_engine

    engine = make_engine(url)
    try:
        seed(engine, items, due, users)
    finally:
        engine.dispose()


def _admin(server: str, sql: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(sql))
    finally:
        admin.dispose()


@contextmanager
def copy_of(url: str, folder: str, n: int) -> Iterator[str]:
    """Yield a fresh copy of the seeded database, and remove it afterwards."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = f"{folder}/sample_{n}.db"
        shutil.copyfile(str(parsed.database), path)
        yield f"sqlite:///{path}"
        Path(path).unlink()
        return
    server = os.environ["BENCH_SERVER"]
    name = f"{parsed.database}_s{n}"
    _admin(server, f'CREATE DATABASE "{name}" TEMPLATE "{parsed.database}"')
    try:
        yield parsed.set(database=name).render_as_string(False)
    finally:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sample(url: str, api_url: str, token: str) -> dict[str, Any]:
    """Run one tick on a database and say what it cost."""
    from bot.deps import Deps
    from bot.settings import Settings
    from bot.slack.app import make_client
    from bot.slack.port import slack_ports
    from scheduler.jobs import run_due_work
    from storage.db import make_engine, make_session_factory

    engine = make_engine(url)
    try:
        settings = Settings(bot_token=token, api_url=api_url)
        deps = Deps(make_session_factory(engine), default_zone=settings.zone)
        client = make_client(settings)
        time_the_platform(client)
        ports = slack_ports(client)
        with counting_work(engine) as counts:
            WAITED[0] = 0.0
            started = time.perf_counter()
            result = run_due_work(deps, ports, now=TICK_NOW)
            total = time.perf_counter() - started
    finally:
        engine.dispose()
    return {"total_s": total, "platform_s": WAITED[0], **counts,
            "sent": result.delivery.sent, "told": result.creators_told,
            "claimed": result.claimed}  # fmt: skip


def worker(args: argparse.Namespace) -> None:
    """Seed once, then run one sample per line read on stdin; print each result as JSON."""
    users = people(args.people)
    with (
        tempfile.TemporaryDirectory() as folder,
        template(args.kind, folder, args.items, args.due, users) as url,
    ):
        print(json.dumps({"ready": True}), flush=True)
        for n, line in enumerate(sys.stdin):
            if not line.strip():
                break
            request = json.loads(line)
            with copy_of(url, folder, n) as copy:
                result = sample(copy, request["api_url"], request["token"])
            print(json.dumps(result), flush=True)


# --- the driver: the emulator, and the workers of each tree ------------------------------------


class Worker:
    """A worker process of one tree, on one kind of database."""

    def __init__(self, tree: Path, kind: str, args: argparse.Namespace, server: str) -> None:
        python = tree / ".venv" / "bin" / "python"
        env = {**os.environ, "PYTHONPATH": str(tree), "BENCH_SERVER": server}
        options = ["--items", str(args.items), "--due", str(args.due), "--people", str(args.people)]
        self.process = subprocess.Popen(
            [str(python), str(Path(__file__).resolve()), "--worker", kind, *options],
            cwd=tree, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert json.loads(self._line()) == {"ready": True}

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the worker stopped (exit {self.process.wait()})")
        return line

    def sample(self, api_url: str, token: str) -> dict[str, Any]:
        """Run one sample and return what it measured."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"api_url": api_url, "token": token}) + "\n")
        self.process.stdin.flush()
        return dict(json.loads(self._line()))

    def close(self) -> None:
        """Let the worker drop its databases and end."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=120)


def _row(tree: str, kind: str, runs: list[dict[str, Any]]) -> list[object]:
    from bench.common import median

    def own_per_dm(run: dict[str, Any]) -> float:
        own_s = float(run["total_s"]) - float(run["platform_s"])
        return 1000 * own_s / max(1, int(run["dms"]))

    def per_dm(run: dict[str, Any], key: str) -> str:
        return f"{run[key] / max(1, run['dms']):.2f} ({run[key]:,})"

    cold, warm = runs[0], runs[1:] or runs[:1]
    own = [own_per_dm(run) for run in warm]
    dms = warm[0]["dms"]
    return [kind, tree, dms, warm[0]["sent"], f"{own_per_dm(cold):.2f}", f"{min(own):.2f}",
            f"{median(own):.2f}", f"{median([r['total_s'] for r in warm]):.2f}",
            f"{median([r['platform_s'] for r in warm]):.2f}",
            per_dm(warm[0], "statements"), per_dm(warm[0], "transactions")]  # fmt: skip


def main() -> None:
    """Run the samples of each tree on each database and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=2000)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=4, help="the first is the cold one")
    parser.add_argument("--baseline", type=Path, help="a checkout of main, with its .venv")
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.kind = args.worker
        worker(args)
        return
    sys.path.insert(0, str(HERE))
    from bench.common import postgres_server_url, report
    from bot.sandbox.server import SlackEmulator

    server = postgres_server_url() or ""
    kinds = ["sqlite", "postgresql"] if server else ["sqlite"]
    trees = {"this branch": HERE}
    if args.baseline:
        trees["baseline"] = args.baseline.resolve()
    rows = []
    with SlackEmulator() as emulator:
        for n, user in enumerate(people(args.people)):
            emulator.add_user(user, user.lower(), tz=REGION[n % 6])
        emulator.add_channel(CHANNEL, "case-conferencing", members=people(args.people)[:50])
        for kind in kinds:
            workers = {name: Worker(tree, kind, args, server) for name, tree in trees.items()}
            runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
            for _ in range(args.samples):
                for name, work in workers.items():
                    before = len(emulator.calls("chat.postMessage"))
                    run = work.sample(emulator.api_url, emulator.bot_token)
                    run["dms"] = len(emulator.calls("chat.postMessage")) - before
                    runs[name].append(run)
            for name, work in workers.items():
                work.close()
                rows.append(_row(name, kind, runs[name]))
    headers = ["database", "code", "DMs", "reminders sent", "our ms/DM cold",
               "our ms/DM warm min", "warm median", "tick s (median)", "platform s (median)",
               "statements/DM (total)", "transactions/DM (total)"]  # fmt: skip
    command = (f".venv/bin/python -m bench.tick_scale --items {args.items} --due {args.due} "
               f"--people {args.people} --samples {args.samples}"
               + (" --baseline DIR" if args.baseline else ""))  # fmt: skip
    report("tick at regional scale", command, headers, rows)


if __name__ == "__main__":
    main()
