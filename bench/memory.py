"""Resident memory of `backbone serve`: idle, and under the latency benchmark's load.

    .venv/bin/python -m bench.memory [--requests 2000] [--clients 8]

Reads VmRSS from /proc/<pid>/status of a `backbone serve` process (SQLite, no scheduler; the
emulator in its own process): right after it starts listening, at its peak while it answers
and works through the `/action` load of bench.ack_latency (sampled every 50 ms), and once the
load is over and the process has finished its work.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.ack_latency import measure, rss_kb
from bench.common import report
from bench.slack_process import slack_process
from tests.support.processes import start_serve


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with slack_process() as slack, tempfile.TemporaryDirectory() as folder:
        served = start_serve(slack, f"sqlite:///{folder}/bench.db", Path(folder))
        try:
            run = measure("Backbone serve", served, slack, args.requests, args.clients)
            after = rss_kb(served.process.pid)
        finally:
            served.stop(timeout=120)
    load = f"{args.requests} requests at {args.clients} clients"
    rows = [
        ["idle, just started", f"{run.rss_idle_kb / 1024:.0f}"],
        [f"peak under {load}", f"{run.rss_peak_kb / 1024:.0f}"],
        ["right after the last answer", f"{after / 1024:.0f}"],
    ]
    command = ".venv/bin/python -m bench.memory"
    command += f" --requests {args.requests} --clients {args.clients}"
    report("backbone serve, resident memory", command, ["moment", "VmRSS MB"], rows)


if __name__ == "__main__":
    main()
