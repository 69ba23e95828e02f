"""Cold start of `backbone tick`: a new process doing a realistic minute's work, against a baseline.

    .venv/bin/python -m bench.cold_start [--runs 9] [--items 3000] [--due 0,3] [--before DIR]

Times `backbone tick --now …` as a whole new process (interpreter, imports, settings, the schema
check, the work, exit), as cron runs it every minute, against a database of `items` open items
(with their owners and reminder history, as bench/tick_scale.py seeds them) in two kinds of
minute: most minutes, when nothing is due, and a minute when 3 owners' reminders are due (their
DMs are sent, and a creator is told about an item that needs attention). Every run starts from
a fresh copy of the seeded database, so each one does the same work; the emulator is Slack.

The baseline is `python -c 'import sqlalchemy'`, timed in the same rounds (one of each per round,
so the machine's load falls on all alike): a tick cannot start faster than the database library
it is built on. The ratio is the median, over the rounds, of a tick's time over the baseline's in
the same round. With `--before DIR`, a checkout of the code before a change (with its own
`.venv`) runs the same ticks in the same rounds. SQLite always; PostgreSQL as well when
BACKBONE_BENCH_POSTGRES_URL or BACKBONE_TEST_POSTGRES_URL names a server. Then one run under
`python -X importtime` lists the slowest imports and which libraries a tick must not load did.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.common import median, postgres_server_url, report, table
from bench.tick_scale import CHANNEL, NOW, PEOPLE, ZONES, seed
from bot.sandbox.server import SlackEmulator
from storage.db import make_engine
from tests.support.databases import migrated
from tests.support.processes import BACKBONE, process_env

OURS = {"bot", "handlers", "scheduler", "storage"}
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")
# What a tick has no use for: the Slack app and its HTTP server, the migration machinery, charts.
NOT_FOR_A_TICK = ("slack_bolt", "waitress", "alembic", "mako", "pygments", "matplotlib")
BASELINE = "import sqlalchemy"
# What `python -c` prints to see what a tick loaded, run through the same entry point.
LOADED = (
    "import sys, runpy; sys.argv = ['backbone', 'tick', '--now', {now!r}]\n"
    "try:\n    runpy.run_path({entry!r}, run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
    "print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})), file=sys.stderr)"
)


@dataclass
class Samples:
    """Wall times of one kind of run, one a round, in seconds, and what each run printed."""

    seconds: list[float] = field(default_factory=list)
    said: set[str] = field(default_factory=set)

    def row(self, baseline: Samples) -> list[str]:
        """Min and median seconds, and the median of this run's ratio to the baseline's round."""
        ratios = [ours / base for ours, base in zip(self.seconds, baseline.seconds, strict=True)]
        return [f"{min(self.seconds):.3f}", f"{median(self.seconds):.3f}", f"{median(ratios):.2f}×"]


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Run a command to its end; return its wall time and its last line of output."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    lines = done.stdout.strip().splitlines()
    return elapsed, lines[-1] if lines else ""


def tick_command(backbone: Path) -> list[str]:
    """`backbone tick` at the benchmark's instant, through a checkout's console script."""
    return [str(backbone), "tick", "--now", NOW.isoformat()]


@dataclass
class Database:
    """A seeded database and a way to get a fresh copy of it for each run."""

    name: str
    fresh_copy: Callable[[], str]


@contextmanager
def sqlite_database(folder: Path, items: int, due: int) -> Iterator[Database]:
    """Seed a SQLite file once; each copy is a byte-for-byte copy of it."""
    folder = Path(tempfile.mkdtemp(dir=folder))
    template = folder / "template.db"
    engine = make_engine(migrated(f"sqlite:///{template}"))
    seed(engine, items, due, PEOPLE)
    engine.dispose()  # the last connection checkpoints the WAL into the file
    run = folder / "run.db"

    def fresh_copy() -> str:
        for leftover in folder.glob("run.db*"):
            leftover.unlink()
        shutil.copyfile(template, run)
        return f"sqlite:///{run}"

    yield Database("sqlite", fresh_copy)


@contextmanager
def postgres_database(server: str, items: int, due: int) -> Iterator[Database]:
    """Seed a PostgreSQL template database once; each copy is CREATE DATABASE … TEMPLATE it."""
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    names = (f"backbone_cold_template_{due}", "backbone_cold_run")
    url_of = {name: make_url(server).set(database=name).render_as_string(False) for name in names}

    def recreate(name: str, template: str | None = None) -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            like = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{like}'))

    recreate(names[0])
    engine = make_engine(migrated(url_of[names[0]]))
    seed(engine, items, due, PEOPLE)
    engine.dispose()

    def fresh_copy() -> str:
        recreate(names[1], template=names[0])
        return url_of[names[1]]

    try:
        yield Database("postgresql", fresh_copy)
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def rounds(
    database: Database, emulator: SlackEmulator, checkouts: dict[str, Path], runs: int
) -> dict[str, Samples]:
    """Run each checkout's tick and the baseline once per round, `runs` rounds."""
    samples = {name: Samples() for name in [*checkouts, BASELINE]}
    for _ in range(runs):
        for name, backbone in checkouts.items():
            env = process_env(emulator, database.fresh_copy())
            seconds, said = timed(tick_command(backbone), env)
            samples[name].seconds.append(seconds)
            samples[name].said.add(said)
        seconds, _ = timed([sys.executable, "-c", BASELINE], process_env(emulator, ""))
        samples[BASELINE].seconds.append(seconds)
    return samples


def what_it_did(said: set[str]) -> str:
    """Say what the runs did (they all did the same, or the comparison would be unfair)."""
    if len(said) != 1:
        raise SystemExit(f"the runs did different work: {sorted(said)}")
    found = re.search(r"sent (\d+) reminder.*told (\d+) creator", next(iter(said)))
    return f"{found[1]} reminders, {found[2]} creators told" if found else next(iter(said))


def rows_for(database: str, due: int, samples: dict[str, Samples]) -> list[list[str]]:
    """One row per kind of run: min, median, and the median ratio to the baseline's round."""
    rows = []
    for name, sample in samples.items():
        did = what_it_did(sample.said) if sample.said else ""
        rows.append([database, f"{due} due", name, *sample.row(samples[BASELINE]), did])
    return rows


def measure(
    databases: Callable[[int], AbstractContextManager[Database]],
    emulator: SlackEmulator,
    checkouts: dict[str, Path],
    args: argparse.Namespace,
) -> list[list[str]]:
    """Time every scenario (how many reminders are due) on one kind of database."""
    rows = []
    for due in args.due:
        with databases(due) as database:
            rows += rows_for(database.name, due, rounds(database, emulator, checkouts, args.runs))
    return rows


def loaded_by_a_tick(env: dict[str, str]) -> set[str]:
    """Return the top-level modules a tick has loaded when it ends."""
    code = LOADED.format(now=NOW.isoformat(), entry=str(BACKBONE))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return set(done.stderr.strip().splitlines()[-1].split())


def slowest_imports(env: dict[str, str], top: int) -> list[tuple[str, float]]:
    """Return the packages whose first import took longest (cumulative: with what it imports)."""
    command = [sys.executable, "-X", "importtime", *tick_command(BACKBONE)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        found = IMPORT_LINE.match(line)
        if found:
            root = found.group(4).split(".")[0]
            label = root if root not in OURS else "backbone (all of it)"
            totals[label] = max(totals.get(label, 0.0), int(found.group(2)) / 1000)
    return sorted(totals.items(), key=lambda pair: -pair[1])[:top]


def first_run(emulator: SlackEmulator, folder: Path) -> float:
    """Time a tick on a new, empty database: it creates the schema, so Alembic loads."""
    env = process_env(emulator, f"sqlite:///{folder}/empty.db")
    return timed(tick_command(BACKBONE), env)[0]


def main() -> None:
    """Time the runs and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--due", type=_counts, default=[0, 3], help="reminders due, e.g. 0,3")
    parser.add_argument("--before", type=Path, default=None, help="checkout of the code before")
    args = parser.parse_args()
    checkouts = {"`backbone tick`": BACKBONE}
    if args.before is not None:
        checkouts["`backbone tick` before"] = args.before / ".venv" / "bin" / "backbone"
    with SlackEmulator() as emulator, tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for n, user in enumerate(PEOPLE):
            emulator.add_user(user, user.lower(), tz=ZONES[n % 3])
        emulator.add_channel(CHANNEL, "case-conferencing", members=PEOPLE)
        rows = measure(
            lambda due: sqlite_database(folder, args.items, due), emulator, checkouts, args
        )
        server = postgres_server_url()
        if server:
            rows += measure(
                lambda due: postgres_database(server, args.items, due), emulator, checkouts, args
            )
        with sqlite_database(folder, args.items, max(args.due)) as sqlite:
            loaded = loaded_by_a_tick(process_env(emulator, sqlite.fresh_copy()))
            imports = slowest_imports(process_env(emulator, sqlite.fresh_copy()), 12)
        first = first_run(emulator, folder)
    before = f" --before {args.before}" if args.before else ""
    command = (
        f".venv/bin/python -m bench.cold_start --runs {args.runs} --items {args.items} "
        f"--due {','.join(map(str, args.due))}{before}"
    )
    headers = ["database", "minute", "run", "min s", "median s", "ratio (median)", "what it did"]
    report("backbone tick, cold start", command, headers, rows)
    print(f"A first tick on a new, empty SQLite database (creates the schema): {first:.3f} s\n")
    unwanted = [name for name in NOT_FOR_A_TICK if name in loaded]
    print(f"Loaded by a tick, of {', '.join(NOT_FOR_A_TICK)}: {', '.join(unwanted) or 'none'}\n")
    print("Slowest imports (python -X importtime, cumulative):\n")
    print(table(["package", "ms"], [[name, f"{ms:.0f}"] for name, ms in imports]))


def _counts(value: str) -> list[int]:
    return [int(part) for part in value.split(",")]


if __name__ == "__main__":
    main()
