"""A weekly digest for a channel with thousands of items: worked out and rendered.

    .venv/bin/python -m bench.digest_render [--items 50,5000] [--runs 9]

For each size in `--items` (the small one is the baseline), seeds one channel with that many
items made over the last ten weeks (about half still open: overdue, due soon, due later or
undated; the rest done or dropped, some this week; a few needing help or a new owner) and 30
decisions this week, on SQLite and, when BACKBONE_BENCH_POSTGRES_URL or
BACKBONE_TEST_POSTGRES_URL names a server, PostgreSQL. Then times
`bot.services.digest_posts.channel_digest_now` rendered by `bot.slack.render.render_message`
(the queries, the week's numbers and the Block Kit message: what `/digest preview` and the
weekly post do): the first render, counting
its SQL, then the median of `--runs` more; and the 12-week run chart
(`bot.digest_chart.trend_png`) apart.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, insert

from bench.common import median, postgres_server_url, report
from bench.tick_scale import CHANNEL, NOW, PEOPLE, TEAM, ZONES, counting
from bot.services.digest_posts import channel_digest_now
from bot.services.digests import digest_week
from bot.slack.render import render_message
from storage.db import make_engine, make_session_factory, transaction
from storage.models import ActionItem, ActionOwner, Decision, Workspace
from tests.support.databases import fresh_postgres, migrated


def _item(n: int, rng: random.Random) -> dict[str, Any]:
    made = NOW - timedelta(days=rng.uniform(0, 70))
    fate = rng.random()
    status = "open" if fate < 0.5 else "done" if fate < 0.93 else "dropped"
    closed = made + (NOW - made) * rng.random()
    due = made + timedelta(days=rng.uniform(1, 30)) if rng.random() < 0.8 else None
    return {
        "id": n, "team_id": TEAM, "number": n, "title": f"Follow up with landlord {n} about unit",
        "creator_id": PEOPLE[(n + 3) % len(PEOPLE)], "channel_id": CHANNEL, "due_at": due,
        "due_all_day": True, "due_tz": ZONES[n % 3], "status": status, "created_at": made,
        "updated_at": closed if status != "open" else made,
        "done_at": closed if status == "done" else None,
        "needs_help": status == "open" and rng.random() < 0.04,
        "needs_owner": status == "open" and rng.random() < 0.01,
    }  # fmt: skip


def seed(engine: Engine, items: int) -> None:
    """Insert a workspace, `items` items in one channel with their owners, and decisions."""
    rng = random.Random(items)
    with transaction(make_session_factory(engine)) as session:
        session.execute(insert(Workspace), [{"team_id": TEAM, "name": "Sandbox",
                        "action_seq": items, "decision_seq": 30, "created_at": NOW}])  # fmt: skip
        session.execute(insert(ActionItem), [_item(n, rng) for n in range(1, items + 1)])
        owners = [{"action_id": n, "user_id": PEOPLE[(n * k) % len(PEOPLE)], "position": k}
                  for n in range(1, items + 1) for k in range(1 + n % 2)]  # fmt: skip
        session.execute(insert(ActionOwner), owners)
        session.execute(insert(Decision), [{"team_id": TEAM, "number": n, "text": f"Decision {n}",
                        "recorder_id": PEOPLE[n % len(PEOPLE)], "channel_id": CHANNEL,
                        "created_at": NOW - timedelta(days=rng.uniform(0, 7))}
                        for n in range(1, 31)])  # fmt: skip
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def time_render(engine: Engine, runs: int) -> tuple[float, float, int, int]:
    """Render the digest once, counting its SQL, then `runs` more times; return the timings."""
    factory = make_session_factory(engine)

    def render() -> tuple[float, int]:
        with transaction(factory) as session:
            started = time.perf_counter()
            digest = channel_digest_now(session, team_id=TEAM, channel_id=CHANNEL, now=NOW)
            message = render_message(digest)
            return time.perf_counter() - started, len(message["blocks"])

    with counting(engine) as statements:
        first, blocks = render()
    return median([render()[0] for _ in range(runs)]), first, len(statements), blocks


def time_picture(engine: Engine) -> float:
    """Time drawing the 12-week run chart once matplotlib is loaded."""
    from bot.digest_chart import trend_png

    with transaction(make_session_factory(engine)) as session:
        digest = digest_week(session, team_id=TEAM, channel_id=CHANNEL, end=NOW, now=NOW,
                             zone=ZONES[0])  # fmt: skip
    trend_png(digest.trend, zone=ZONES[0])
    started = time.perf_counter()
    trend_png(digest.trend, zone=ZONES[0])
    return time.perf_counter() - started


def measure(url: str, items: int, runs: int) -> list[object]:
    """Seed a database and time the digest on it; return a row of the table."""
    engine = make_engine(url)
    try:
        seed(engine, items)
        typical, first, statements, blocks = time_render(engine, runs)
        picture = time_picture(engine)
    finally:
        engine.dispose()
    return [engine.dialect.name, f"{items:,}", f"{1000 * typical:.0f}", f"{1000 * first:.0f}",
            statements, blocks, f"{1000 * picture:.0f}"]  # fmt: skip


def main() -> None:
    """Run on every database and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="50,5000", help="channel sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    rows = []
    server = postgres_server_url()
    with tempfile.TemporaryDirectory() as folder:
        for items in (int(size) for size in args.items.split(",")):
            sqlite = migrated(f"sqlite:///{folder}/digest_{items}.db")
            rows.append(measure(sqlite, items, args.runs))
            if server:
                with fresh_postgres(server, prefix="backbone_bench") as url:
                    rows.append(measure(url, items, args.runs))
    headers = ["database", "items in the channel", "render ms (median)", "first render ms",
               "SQL statements", "blocks", "run chart ms"]  # fmt: skip
    command = f".venv/bin/python -m bench.digest_render --items {args.items} --runs {args.runs}"
    report("weekly digest of a busy channel", command, headers, rows)


if __name__ == "__main__":
    main()
