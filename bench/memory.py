"""Resident memory of `backbone serve` as people run it: scheduler on, commands, events, a digest.

    .venv/bin/python -m bench.memory [--runs 3] [--requests 500] [--clients 8] [--base DIR]

Each run starts a fresh `backbone serve` (SQLite in a temporary folder, the scheduler on, as
by default) against the Slack emulator over real HTTP, and drives it as a team does:
`/action` creates items, some are done, meeting notes are captured, Home tabs are opened,
`/action list` is asked; the items are then spread over the past weeks (in the database, as
time would), `/digest now` posts the digest with its picture, and a burst of `--requests`
`/action` commands from `--clients` connections follows.

Measured from /proc: the serve process's VmRSS when idle (listening, its scheduler's first run
done), its peak (VmHWM, the kernel's high-water mark) at the end; the chart worker children's
peak (sampled every 10 ms while they live); the time from `/digest now` to the picture's upload;
and whether matplotlib is mapped into the serve process. Baselines in the same run: a bare Bolt
app on the same server stack (bench/bare_bolt.py) under the same burst, and, with `--base`, the
same workload against another checkout's `backbone` (its own .venv), e.g. main before a change.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bench.ack_latency import command_body, fire
from bench.common import median, report
from bot.sandbox.server import SlackEmulator
from storage.db import make_engine, make_session_factory, transaction
from storage.models import ActionItem
from tests.support.harness import CASE, JOE, MARIA, PAT, seed
from tests.support.processes import BACKBONE, Served, process_env

REPO = Path(__file__).resolve().parent.parent
IDLE_WAIT = 3.0  # the scheduler's first run starts with the process
ITEMS = 40
EXTRA_ENV = dict(item.split("=", 1) for item in os.environ.get("BENCH_SERVE_ENV", "").split())


def status_kb(pid: int, name: str) -> int:
    """Return one size from /proc/<pid>/status (VmRSS, VmHWM), in kB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def children(pid: int) -> list[int]:
    """Return a process's child processes."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in task.read_text().split()]
        except OSError:
            continue
    return found


def maps_matplotlib(pid: int) -> bool:
    """Tell whether matplotlib's compiled parts are mapped into a process."""
    return "matplotlib" in Path(f"/proc/{pid}/maps").read_text()


@dataclass
class Sampler:
    """Samples a process's children every 10 ms; keeps their peak and how many there were."""

    pid: int
    child_peak_kb: int = 0
    seen: set[int] = field(default_factory=set)
    _stop: threading.Event = field(default_factory=threading.Event)

    @contextmanager
    def sampling(self) -> Iterator[Sampler]:
        """Sample in a thread for the duration of the block."""
        thread = threading.Thread(target=self._run, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            for child in children(self.pid):
                self.seen.add(child)
                high = max(status_kb(child, "VmHWM"), status_kb(child, "VmRSS"))
                self.child_peak_kb = max(self.child_peak_kb, high)


@dataclass
class Run:
    """One server's figures in one run."""

    idle_kb: int
    peak_kb: int
    child_peak_kb: int = 0
    workers: int = 0
    picture_s: float = 0.0
    matplotlib: bool = False


def start(command: list[str], emulator: SlackEmulator, database_url: str, cwd: Path) -> Served:
    """Start a server process that logs "listening on port N"."""
    env = {**process_env(emulator, database_url), **EXTRA_ENV}
    return Served(subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True))


def quiet(emulator: SlackEmulator, still: float = 1.0, timeout: float = 120) -> None:
    """Wait until the app has made no Web API call for `still` seconds."""
    deadline = time.monotonic() + timeout
    count, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = len(emulator.calls())
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= still:
            return
        time.sleep(0.1)


def team_at_work(emulator: SlackEmulator, items: int) -> None:
    """Commands and events a team sends in a morning: items, done, notes, Home, list."""
    for n in range(1, items + 1):
        emulator.send_command("/action", f"Call landlord {n} <@{JOE}> by Friday",
                              user=MARIA, channel=CASE)  # fmt: skip
    for n in range(1, items + 1, 3):
        emulator.send_command("/action", f"done A-{n}", user=JOE, channel=CASE)
    notes = (
        "Case conferencing\nACTION: <@UPAT> send the landlord list by Friday\nDECISION: Tuesdays"
    )
    for _ in range(3):
        emulator.post_message(user=MARIA, channel=CASE, text=notes)
    for user in (MARIA, JOE, PAT):
        home = {"type": "app_home_opened", "user": user, "tab": "home", "channel": f"D{user}"}
        emulator.send_event({**home, "event_ts": "1.1"})
    emulator.send_command("/action", "list", user=MARIA, channel=CASE)
    quiet(emulator)


def spread_over_weeks(database_url: str) -> None:
    """Move each item's start back 0-5 weeks, so the channel has the history a chart needs."""
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            for item in session.scalars(select(ActionItem)):
                item.created_at -= timedelta(weeks=item.number % 6, hours=1)
    finally:
        engine.dispose()


def digest_now(emulator: SlackEmulator) -> float:
    """Ask for the digest now; return the seconds until its picture is uploaded."""
    done = len(emulator.calls("files.completeUploadExternal"))
    started = time.perf_counter()
    emulator.send_command("/digest", "now", user=MARIA, channel=CASE)
    emulator.wait_for("files.completeUploadExternal", count=done + 1, timeout=120)
    return time.perf_counter() - started


def burst(emulator: SlackEmulator, served: Served, requests: int, clients: int) -> None:
    """Send `/action` commands from several connections at once, then wait for their work."""
    response_url = emulator.api_url.replace("/api/", "/response/R0BENCH")
    bodies = [command_body(10_000 + n, response_url) for n in range(requests)]
    fire(served.port, emulator.signing_secret, bodies, clients)
    quiet(emulator)


def run_serve(backbone: Path, emulator: SlackEmulator, args: argparse.Namespace) -> Run:
    """Run the whole workload against one fresh `backbone serve`."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        # As a deployment runs it: migrations first, then serve starts on a database at head.
        env = process_env(emulator, url)
        subprocess.run([str(backbone), "db", "upgrade"], env=env, check=True, capture_output=True)
        command = [str(backbone), "serve", "--host", "127.0.0.1", "--port", "0"]
        served = start(command, emulator, url, Path(folder))
        pid = served.process.pid
        try:
            emulator.request_url = served.url
            time.sleep(IDLE_WAIT)
            run = Run(idle_kb=status_kb(pid, "VmRSS"), peak_kb=0)
            with Sampler(pid).sampling() as sampler:
                team_at_work(emulator, ITEMS)
                spread_over_weeks(url)
                run.picture_s = digest_now(emulator)
                quiet(emulator)
                burst(emulator, served, args.requests, args.clients)
            run.peak_kb, run.matplotlib = status_kb(pid, "VmHWM"), maps_matplotlib(pid)
            run.child_peak_kb, run.workers = sampler.child_peak_kb, len(sampler.seen)
        finally:
            stop(served)
    return run


def stop(served: Served) -> None:
    """Stop a server; one still finishing a scheduled run after a minute is killed."""
    try:
        served.stop(timeout=60)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()


def run_bare(emulator: SlackEmulator, args: argparse.Namespace) -> Run:
    """Run the same burst against the bare Bolt app."""
    served = start([sys.executable, "-m", "bench.bare_bolt"], emulator, "", REPO)
    try:
        time.sleep(IDLE_WAIT)
        idle = status_kb(served.process.pid, "VmRSS")
        burst(emulator, served, args.requests, args.clients)
        return Run(idle_kb=idle, peak_kb=status_kb(served.process.pid, "VmHWM"))
    finally:
        stop(served)


def mb(values: list[int]) -> str:
    """Say min / median of sizes in kB as MB."""
    return f"{min(values) / 1024:.0f} / {median(values) / 1024:.0f}"


def row(name: str, runs: list[Run]) -> list[object]:
    """Return one server's runs as a row of the table."""
    pictures = [r.picture_s for r in runs if r.picture_s]
    return [
        name, len(runs), mb([r.idle_kb for r in runs]), mb([r.peak_kb for r in runs]),
        mb([r.child_peak_kb for r in runs]) if any(r.workers for r in runs) else "—",
        f"{min(pictures):.2f} / {median(pictures):.2f}" if pictures else "—",
        "—" if not pictures else "yes" if any(r.matplotlib for r in runs) else "no",
    ]  # fmt: skip


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--base", type=Path, help="another checkout with its own .venv")
    args = parser.parse_args()
    servers = {"Backbone serve": BACKBONE}
    if args.base:
        servers[f"Backbone serve ({args.base.name})"] = args.base / ".venv/bin/backbone"
    results: dict[str, list[Run]] = {"bare Bolt": [], **{name: [] for name in servers}}
    for _ in range(args.runs):
        for name, backbone in servers.items():
            with SlackEmulator() as emulator:
                seed(emulator)
                results[name].append(run_serve(backbone, emulator, args))
        with SlackEmulator() as emulator:
            seed(emulator)
            results["bare Bolt"].append(run_bare(emulator, args))
    headers = ["server", "runs", "idle MB min / median", "peak MB (VmHWM) min / median"]
    headers += ["chart worker peak MB", "/digest now → picture s", "matplotlib in serve"]
    command = f".venv/bin/python -m bench.memory --runs {args.runs} --requests {args.requests}"
    command += f" --clients {args.clients}" + (f" --base {args.base}" if args.base else "")
    report("backbone serve, resident memory (scheduler on, a digest drawn)", command, headers,
           [row(name, runs) for name, runs in results.items()])  # fmt: skip
    ours, bare = results["Backbone serve"], results["bare Bolt"]
    ratio = median([r.peak_kb for r in ours]) / median([r.peak_kb for r in bare])
    print(f"peak RSS, Backbone serve / bare Bolt: {ratio:.2f}x (medians)")


if __name__ == "__main__":
    main()
