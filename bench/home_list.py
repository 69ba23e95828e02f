"""`/action list` and a create (with its Home redraw) as history grows: cost follows what is shown.

    .venv/bin/python -m bench.home_list [--sizes 0,1000,20000,100000] [--samples 7]
        [--baseline /path/to/a/worktree/of/main] [--kinds create,...] [--rounds 1]

Each size is a number of open items, seeded straight into a fresh migrated database (SQLite in a
temporary folder, and PostgreSQL when BACKBONE_BENCH_POSTGRES_URL or BACKBONE_TEST_POSTGRES_URL
names a server), as a region holds them: 200 channels, 3,000 people in three US zones, one or two
owners an item, due dates from three weeks ago to two months ahead (a fifth undated), a done item
for every five open ones, and decisions. The measured person (Maria, who has opened her Home)
owns 300 of them (fewer at 1,000) and asked others for 100 more.

Every figure is a signed request through the Slack emulator to the whole app over real HTTP (as
the scenario tests drive it), timed from sending it to the app having finished all the work it
caused (its executor idle): `/action list` (hers), `/action list channel` (the meeting channel
holds 2% of the items), opening her Home, and `/action Call the shelter … by Friday`, which
announces the item and redraws her Home. "cold" is the first request of its kind after the app
starts on the freshly seeded database; then `--samples` warm ones, min and median. SQL is the
number of statements the app sent for one warm request.

`--baseline` runs the same requests on another worktree (its own .venv and code, e.g. main before
a change) in the same run, one size at a time, alternating, and adds the ratio; `--rounds N`
runs each tree N times, alternating which goes first, and pools their warm samples (on a
loaded machine, so that both meet the same moments). `--kinds` times only some requests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert
from sqlalchemy.orm import Mapper

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # a Tuesday, working hours in the US
ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles"]
PEOPLE = [f"UP{n:04d}" for n in range(3000)]
CHANNELS = [f"CCH{n:03d}" for n in range(200)]
CHUNK = 5000
KINDS = ["list", "list channel", "home", "create"]
CALLS = ["list (in-process)", "list channel (in-process)", "create (in-process)"]


def _due(rng: random.Random) -> datetime | None:
    return None if rng.random() < 0.2 else NOW + timedelta(hours=rng.randint(-21 * 24, 60 * 24))


def _rows(
    open_items: int, rng: random.Random, team: str, maria: str, case: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the items and their owners: Maria's share first, then everyone else's."""
    made = NOW - timedelta(days=40)
    mine = min(300, open_items // 4)
    asked = min(100, open_items // 10)
    done = open_items // 5
    items, owners = [], []
    for n in range(1, open_items + done + 1):
        creator = maria if mine < n <= mine + asked else rng.choice(PEOPLE)
        owner = maria if n <= mine else rng.choice(PEOPLE)
        channel = case if rng.random() < 0.02 else rng.choice(CHANNELS)
        items.append({
            "id": n, "team_id": team, "number": n, "title": f"Follow up with landlord {n}",
            "creator_id": creator, "channel_id": channel, "due_at": _due(rng),
            "due_all_day": True, "due_tz": ZONES[n % 3], "created_at": made, "updated_at": made,
            "status": "open" if n <= open_items else "done",
            "done_at": None if n <= open_items else made,
        })  # fmt: skip
        owners.append({"action_id": n, "user_id": owner, "position": 0})
        if rng.random() < 0.15:
            second = rng.choice(PEOPLE)
            if second != owner:
                owners.append({"action_id": n, "user_id": second, "position": 1})
    return items, owners


def seed(engine: Engine, open_items: int) -> None:
    """Insert the workspace, its people and items, and decisions in its channels."""
    from storage.db import make_session_factory, transaction
    from storage.models import ActionItem, ActionOwner, Decision, Person, Workspace
    from tests.support.harness import CASE, MARIA, TEAM

    rng = random.Random(open_items)
    items, owners = _rows(open_items, rng, TEAM, MARIA, CASE)
    people = [
        {"team_id": TEAM, "user_id": user, "name": user, "tz": ZONES[i % 3],
         "refreshed_at": NOW - timedelta(hours=1)}
        for i, user in enumerate(PEOPLE)
    ]  # fmt: skip
    people.append({"team_id": TEAM, "user_id": MARIA, "name": "Maria Lopez",
                   "tz": ZONES[0], "refreshed_at": NOW, "home_opened_at": NOW})  # fmt: skip
    decisions = [
        {"team_id": TEAM, "number": n, "text": f"We hold {n} beds",
         "recorder_id": rng.choice(PEOPLE), "channel_id": rng.choice([CASE, *CHANNELS]),
         "created_at": NOW - timedelta(hours=n)}
        for n in range(1, open_items // 50 + 2)
    ]  # fmt: skip
    with transaction(make_session_factory(engine)) as session:
        session.execute(insert(Workspace), [{"team_id": TEAM, "name": "Sandbox",
                        "action_seq": len(items), "decision_seq": len(decisions),
                        "created_at": NOW}])  # fmt: skip
        session.execute(insert(Person), people)
        for start in range(0, len(items), CHUNK):
            session.execute(insert(ActionItem), items[start : start + CHUNK])
        for start in range(0, len(owners), CHUNK):
            session.execute(insert(ActionOwner), owners[start : start + CHUNK])
        session.execute(insert(Decision), decisions)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "SELECT setval('action_items_id_seq', (SELECT max(id) FROM action_items))"
            )
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


def _requests(harness: Any) -> dict[str, Callable[[], None]]:
    from tests.support.harness import MARIA

    emulator = harness.emulator
    home = {"type": "app_home_opened", "user": MARIA, "channel": "DMARIA", "tab": "home"}
    return {
        "list": lambda: harness.command("list"),
        "list channel": lambda: harness.command("list channel"),
        "home": lambda: (emulator.send_event(home), harness.settle()),
        "create": lambda: harness.command("Call the shelter about 3 beds by Friday"),
    }


def _measure_one(url: str, open_items: int, samples: int, kinds: list[str]) -> dict[str, Any]:
    """Seed a database, start the app on it, and time each kind of request."""
    from storage.db import make_engine
    from tests.conftest import FakeClock
    from tests.support.harness import running_backbone

    engine = make_engine(url)
    seed(engine, open_items)
    engine.dispose()
    statements: list[int] = [0]

    def count(*_args: Any) -> None:
        statements[0] += 1

    def loaded(*_args: Any) -> None:
        rows[0] += 1

    rows = [0]
    result: dict[str, Any] = {}
    event.listen(Engine, "before_cursor_execute", count)
    event.listen(Mapper, "load", loaded)
    try:
        with running_backbone(url, FakeClock(NOW)) as harness:
            requests = {**_requests(harness), **_calls(harness)}
            for kind in kinds:
                times = []
                for _ in range(samples + 1):
                    statements[0] = rows[0] = 0
                    started = time.perf_counter()
                    requests[kind]()
                    times.append(1000 * (time.perf_counter() - started))
                    harness.emulator.clear_calls()
                result[kind] = {
                    "cold": times[0],
                    "warm": times[1:],
                    "sql": statements[0],
                    "rows": rows[0],
                }
    finally:
        event.remove(Engine, "before_cursor_execute", count)
        event.remove(Mapper, "load", loaded)
    return result


def _calls(harness: Any) -> dict[str, Callable[[], None]]:
    """The same work called in-process, without the HTTP around it: our own time."""
    from bot.deps import Deps
    from bot.slack.app import make_client
    from bot.text import ListItems
    from handlers.slack.commands import create_item
    from handlers.slack.common import SlashCall
    from handlers.slack.listing import list_items
    from storage.db import make_engine, make_session_factory
    from tests.support.harness import CASE, MARIA, TEAM

    deps = Deps(make_session_factory(make_engine(harness.database_url)), clock=lambda: NOW)
    client = make_client(harness.settings)
    call = SlashCall(deps, client, lambda **_: None, TEAM, MARIA, CASE)  # type: ignore[arg-type]
    return {
        "list (in-process)": lambda: list_items(call, ListItems(scope="mine")),
        "list channel (in-process)": lambda: list_items(call, ListItems(scope="channel")),
        "create (in-process)": lambda: create_item(call, "Call the shelter about 3 beds by Friday"),
    }


def _databases(folder: str, name: str) -> Iterator[tuple[str, str]]:
    from bench.common import postgres_server_url
    from tests.support.databases import fresh_postgres, migrated

    yield "sqlite", migrated(f"sqlite:///{folder}/{name}.db")
    server = postgres_server_url()
    if server:
        with fresh_postgres(server, prefix="backbone_bench_home") as url:
            yield "postgresql", url


def child(open_items: int, samples: int, kinds: list[str]) -> None:
    """Measure one size on every database in this worktree; print the results as JSON."""
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for kind, url in _databases(folder, f"home_{open_items}"):
            out[kind] = _measure_one(url, open_items, samples, kinds)
    print(json.dumps(out))


def _run(tree: Path, open_items: int, samples: int, kinds: list[str]) -> dict[str, Any]:
    """Run one size in a worktree's own interpreter, with that worktree's code."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    python = tree / ".venv" / "bin" / "python"
    here = Path(__file__).resolve()
    args = [str(python), str(here), "--child", str(open_items), "--samples", str(samples),
            "--kinds", ",".join(kinds)]  # fmt: skip
    done = subprocess.run(args, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{tree}: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _row(
    label: str, db: str, size: int, kind: str, got: dict[str, Any], base: dict[str, Any] | None
) -> list[object]:
    warm = got["warm"]
    row: list[object] = [label, db, f"{size:,}", kind, f"{got['cold']:.1f}", f"{min(warm):.1f}",
                         f"{statistics.median(warm):.1f}", got["sql"], got["rows"]]  # fmt: skip
    if base is not None:
        row.append(f"{statistics.median(warm) / statistics.median(base['warm']):.3f}")
    return row


def _rounds(
    here: Path, baseline: Path | None, size: int, args: argparse.Namespace
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Run both trees `args.rounds` times, alternating which goes first; pool the warm samples."""
    kinds = args.kinds.split(",")
    trees = [here, baseline] if baseline else [here]
    runs: dict[Path, list[dict[str, Any]]] = {tree: [] for tree in trees}
    for number in range(args.rounds):
        order = list(runs) if number % 2 == 0 else list(reversed(runs))
        for tree in order:
            runs[tree].append(_run(tree, size, args.samples, kinds))
    pooled = {tree: _pooled(results) for tree, results in runs.items()}
    return pooled[here], pooled[baseline] if baseline else None


def _pooled(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Join rounds: the first round's cold request, every round's warm ones."""
    first = results[0]
    return {db: {kind: {**got, "warm": [ms for r in results for ms in r[db][kind]["warm"]]}
                 for kind, got in kinds.items()} for db, kinds in first.items()}  # fmt: skip


def main() -> None:
    """Run every size on every database (and on the baseline worktree), print the table."""
    from bench.common import report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1000,20000,100000")
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--child", type=int, default=None)
    parser.add_argument("--kinds", default=",".join(KINDS + CALLS), help="requests to time")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each tree, alternating")
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.samples, args.kinds.split(","))
        return
    here = Path(__file__).resolve().parent.parent
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        mine, base = _rounds(here, args.baseline, size, args)
        for db, kinds in mine.items():
            for kind, got in kinds.items():
                theirs = base[db][kind] if base else None
                if theirs is not None:
                    rows.append([*_row("main", db, size, kind, theirs, None), "1"])
                rows.append(_row("this branch", db, size, kind, got, theirs))
    headers = ["code", "database", "open items", "request", "cold ms", "warm min ms",
               "warm median ms", "SQL", "rows loaded"]  # fmt: skip
    if args.baseline:
        headers.append("median ÷ main")
    command = ".venv/bin/python -m bench.home_list " + " ".join(sys.argv[1:])
    report("/action list and a create with its Home redraw", command, headers, rows)


if __name__ == "__main__":
    main()
