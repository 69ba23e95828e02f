"""Cold start of `backbone tick`: a new process doing the scheduled work once, on an empty database.

    .venv/bin/python -m bench.cold_start [--runs 7]

Times `backbone tick --now …` as a whole process (interpreter, imports, settings, migrations
check, the work, exit) against an empty SQLite database and the emulator, several times; the
median is the figure. The first run, which creates the schema, is shown apart. Baselines: the
bare interpreter, and the interpreter importing the libraries a tick needs. Then one run under
`python -X importtime` lists the slowest imports.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time

from bench.common import median, report, table
from bot.sandbox.server import SlackEmulator
from tests.support.processes import BACKBONE, process_env

NOW = "2026-11-24T15:00:00+00:00"
OURS = {"bot", "handlers", "scheduler", "storage"}
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


LIBRARIES = "import slack_sdk, sqlalchemy, alembic, dateparser, psycopg"


def run_tick(env: dict[str, str], *, python_options: tuple[str, ...] = ()) -> tuple[float, str]:
    """Run `backbone tick` once; return its wall time in seconds and its stderr."""
    return run([*python_options, str(BACKBONE), "tick", "--now", NOW], env)


def run(arguments: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Run the interpreter with arguments; return its wall time in seconds and its stderr."""
    command = [sys.executable, *arguments]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stderr


def slowest_imports(stderr: str, top: int) -> list[tuple[str, float]]:
    """Return the packages whose first import took longest (cumulative: with what it imports)."""
    totals: dict[str, float] = {}
    for line in stderr.splitlines():
        found = IMPORT_LINE.match(line)
        if found:
            root = found.group(4).split(".")[0]
            label = root if root not in OURS else "backbone (all of it)"
            totals[label] = max(totals.get(label, 0.0), int(found.group(2)) / 1000)
    return sorted(totals.items(), key=lambda pair: -pair[1])[:top]


def main() -> None:
    """Time the runs and print the table and the import profile."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with SlackEmulator() as emulator, tempfile.TemporaryDirectory() as folder:
        env = process_env(emulator, f"sqlite:///{folder}/empty.db")
        first, _ = run_tick(env)
        runs = [run_tick(env)[0] for _ in range(args.runs)]
        _, profile = run_tick(env, python_options=("-X", "importtime"))
        bare = [run(["-c", "pass"], env)[0] for _ in range(args.runs)]
        libraries = [run(["-c", LIBRARIES], env)[0] for _ in range(args.runs)]
    rows = [
        ["`backbone tick`, first run (creates the schema)", f"{first:.2f}"],
        [f"`backbone tick`, median of {args.runs} runs", f"{median(runs):.2f}"],
        ["`backbone tick`, fastest / slowest", f"{min(runs):.2f} / {max(runs):.2f}"],
        ["baseline: `python -c pass`, median", f"{median(bare):.2f}"],
        [f"baseline: `python -c '{LIBRARIES}'`, median", f"{median(libraries):.2f}"],
    ]
    command = f".venv/bin/python -m bench.cold_start --runs {args.runs}"
    report("backbone tick, cold start", command, ["", "seconds"], rows)
    imports = [[name, f"{ms:.0f}"] for name, ms in slowest_imports(profile, 12)]
    print("Slowest imports (python -X importtime, cumulative):\n")
    print(table(["package", "ms"], imports))


if __name__ == "__main__":
    main()
