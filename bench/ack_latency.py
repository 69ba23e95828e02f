"""Acknowledgement latency of every kind of request under a mixed load, and the work behind it.

    .venv/bin/python -m bench.ack_latency [--seconds 15] [--rounds 3] [--latency-ms 100]
        [--events 30] [--commands 8] [--base /work/wt/acks-base]

The Slack emulator runs in its own process and answers every Web API call after `--latency-ms`
(Slack over the internet). Each round starts each server fresh (SQLite in a temporary folder,
no scheduler): the bare Bolt baseline on the same server stack, `backbone serve` of this tree,
and, with `--base`, `backbone serve` of another checkout with its own .venv (main before a
change). Each is warmed up with 60 `/action` items, then gets for `--seconds`: `--events`
signed message events a second with a line of notes each (open loop, as Slack sends), `--commands`
people typing `/action` (each waits for the answer, then half a second), a Done click and an
item-form edit a second, and a new item from the Home form every two seconds. Then the
benchmark waits until the emulator has seen no call for 3 s: the drain is from the end of the
load to the last call the work behind the acks made. Items in the database are checked against
the requests that were taken (not refused as busy).
"""

from __future__ import annotations

import argparse
import http.client
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.ack_mix import (
    Answer,
    Body,
    Stream,
    command,
    done_click,
    edit_submission,
    message_event,
    new_submission,
    offered,
)
from bench.common import median, percentile, postgres_server_url, report
from bench.slack_process import SlackProcess, note_text, slack_process
from bot.sandbox.sender import sign
from tests.support.harness import CASE, JOE, MARIA, TEAM
from tests.support.processes import Served, process_env

REPO = Path(__file__).resolve().parent.parent
WARM_UP = 50


def command_body(n: int, response_url: str) -> str:
    """Return the form body Slack sends for one `/action` that creates an item."""
    fields = {
        "command": "/action",
        "text": f"Call landlord {n} <@{JOE}> by Friday",
        "team_id": TEAM,
        "team_domain": "sandbox",
        "channel_id": CASE,
        "channel_name": "case-conferencing",
        "user_id": MARIA,
        "user_name": "maria",
        "api_app_id": "A0SANDBOX",
        "response_url": response_url,
        "trigger_id": f"{n}.1.bench",
    }
    return urlencode(fields)


def one_client(port: int, secret: str, bodies: list[str], out: list[float]) -> None:
    """Send bodies one after another on one kept-alive connection, recording each latency."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for body in bodies:
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": sign(secret, stamp, body),
        }
        started = time.perf_counter()
        connection.request("POST", "/slack/events", body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        out.append(time.perf_counter() - started)
        if answer.status != 200:
            raise RuntimeError(f"request answered {answer.status}")
    connection.close()


def fire(port: int, secret: str, bodies: list[str], clients: int) -> list[float]:
    """Send bodies from `clients` concurrent connections; return every latency, in seconds."""
    shares: list[list[float]] = [[] for _ in range(clients)]
    threads = [
        threading.Thread(target=one_client, args=(port, secret, bodies[i::clients], shares[i]))
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [latency for share in shares for latency in share]


def rss_kb(pid: int) -> int:
    """Return a process's resident set size (VmRSS), in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


@dataclass
class PeakRss:
    """Samples a process's resident size every 50 ms while in use; keeps the largest."""

    pid: int
    peak_kb: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    @contextmanager
    def sampling(self) -> Iterator[PeakRss]:
        """Sample in a thread for the duration of the block."""
        thread = threading.Thread(target=self._run, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak_kb = max(self.peak_kb, rss_kb(self.pid))


def start_bare_bolt(slack: SlackProcess) -> Served:
    """Start the bare Bolt baseline as a process of its own."""
    command = [sys.executable, "-m", "bench.bare_bolt"]
    env = process_env(slack, database_url="")
    return Served(subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.PIPE, text=True))


@dataclass
class Run:
    """One server's results under the load."""

    name: str
    latencies: list[float]
    rss_idle_kb: int
    rss_peak_kb: int

    def row(self) -> list[object]:
        """Return the run as a row of the results table."""
        ms = [1000 * x for x in self.latencies]
        quantiles = [f"{percentile(ms, p):.1f}" for p in (50, 90, 99)]
        memory = [f"{kb / 1024:.0f}" for kb in (self.rss_idle_kb, self.rss_peak_kb)]
        return [self.name, len(ms), *quantiles, f"{max(ms):.1f}", *memory]


def measure(name: str, served: Served, slack: SlackProcess, requests: int, clients: int) -> Run:
    """Warm a server up, then time the load against it while sampling its memory."""
    response_url = slack.api_url.replace("/api/", "/response/R0BENCH")
    bodies = [command_body(n, response_url) for n in range(WARM_UP + requests)]
    idle = rss_kb(served.process.pid)
    fire(served.port, slack.signing_secret, bodies[:WARM_UP], clients)
    with PeakRss(served.process.pid).sampling() as peak:
        latencies = fire(served.port, slack.signing_secret, bodies[WARM_UP:], clients)
    return Run(name, latencies, idle, peak.peak_kb)


# ---- the mixed load (this benchmark's own command) ----

KINDS = ["event", "command", "action", "view (edit)", "view (new)"]
QUIET_SECONDS = 3.0
DRAIN_LIMIT_SECONDS = 300.0
MIXED_WARM_UP = 60


@dataclass
class Server:
    """How to start one of the servers compared, and what it is called in the table."""

    name: str
    start: Callable[[SlackProcess, str], Served]
    does_work: bool = True


@dataclass
class Round:
    """One server's answers, drain and items in one round."""

    answers: list[Answer]
    drain: float
    items: int
    expected: int

    def quantile(self, kind: str, p: float) -> float | None:
        ms = [1000 * a.latency for a in self.answers if a.kind == kind]
        return percentile(ms, p) if ms else None


def start_checkout(root: Path) -> Callable[[SlackProcess, str], Served]:
    """Start `backbone serve` of another checkout (its own .venv), e.g. main before a change."""

    def start(slack: SlackProcess, database_url: str) -> Served:
        folder = tempfile.gettempdir()  # nothing of this checkout's (no .env) is read
        command = [str(root / ".venv/bin/backbone"), "serve", "--host", "127.0.0.1"]
        command += ["--port", "0", "--no-scheduler"]
        env = process_env(slack, database_url)
        process = subprocess.Popen(command, cwd=folder, env=env, stderr=subprocess.PIPE, text=True)
        return Served(process)

    return start


def streams(slack: SlackProcess, run_id: int, events: int, commands: int) -> list[Stream]:
    """The load's streams, numbered so that no two requests are the same."""
    urls = slack.api_url.replace("/api/", "/response/RB")
    notes = slack.notes

    def event(n: int) -> Body:
        return message_event(f"Ev{run_id}x{n}", notes[n % len(notes)], note_text(n % len(notes)))

    clients = max(1, events // 3)
    return [
        Stream("event", event, clients, events / clients, open_loop=True),
        Stream("command", lambda n: command(1000 + n, f"{urls}{n % 2000}"), commands, 2.0),
        Stream("action", lambda n: done_click(1 + n % 30, f"{urls}{2000 + n}"), 1, 1.0),
        Stream("view (edit)", lambda n: edit_submission(31 + n % 30), 1, 1.0),
        Stream("view (new)", new_submission, 1, 0.5),
    ]


def wait_for_quiet(slack: SlackProcess, since: float) -> float:
    """Wait until the emulator has answered no call for a while; return when the last one was."""
    seen, last = slack.answered(), since
    while (
        time.perf_counter() - last < QUIET_SECONDS
        and time.perf_counter() - since < DRAIN_LIMIT_SECONDS
    ):
        time.sleep(0.1)
        now = slack.answered()
        if now != seen:
            seen, last = now, time.perf_counter()
    return last


def count_items(database_url: str) -> int:
    """Return how many action items a server's database holds."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM action_items")).scalar_one())
    finally:
        engine.dispose()


@contextmanager
def fresh_database(kind: str, folder: Path, name: str) -> Iterator[str]:
    """Yield the URL of an empty database: a SQLite file, or a new PostgreSQL database."""
    if kind == "sqlite":
        yield f"sqlite:///{folder}/bench.db"
        return
    server = postgres_server_url()
    if server is None:
        raise SystemExit("set BACKBONE_BENCH_POSTGRES_URL to benchmark on PostgreSQL")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def one_round(server: Server, slack: SlackProcess, run_id: int, args: argparse.Namespace) -> Round:
    """Start a server fresh, warm it up, load it, wait for its work to end, and stop it."""
    label = f"backbone_bench_acks_{server.name.split()[0].lower()}_{run_id}"
    with (
        tempfile.TemporaryDirectory() as name,
        fresh_database(args.database, Path(name), label) as database_url,
    ):
        served = server.start(slack, database_url)
        try:
            urls = slack.api_url.replace("/api/", "/response/RB")
            warm = [command_body(n, f"{urls}{4000 + n}") for n in range(MIXED_WARM_UP)]
            fire(served.port, slack.signing_secret, warm, 4)
            wait_for_quiet(slack, time.perf_counter())
            load = streams(slack, run_id, args.events, args.commands)
            answers = offered(load, served.port, slack.signing_secret, args.seconds)
            ended = time.perf_counter()
            drain = max(wait_for_quiet(slack, ended) - ended, 0.0) if server.does_work else 0.0
            items = count_items(database_url) if server.does_work else 0
        finally:
            served.stop(timeout=120)
    taken = [a for a in answers if a.status == 200 and not a.busy]
    made = sum(1 for a in taken if a.kind in {"event", "command", "view (new)"})
    return Round(answers, drain, items, MIXED_WARM_UP + made if server.does_work else 0)


def cell(values: list[float | None]) -> str:
    """Return "min / median" of some rounds' figures, in ms."""
    known = [v for v in values if v is not None]
    return f"{min(known):.1f} / {median(known):.1f}" if known else "—"


def rows(name: str, rounds: list[Round]) -> list[list[object]]:
    """One row per kind of request: count, busy, and p50/p90/p99 (min / median of rounds)."""
    out: list[list[object]] = []
    for kind in KINDS:
        answers = [a for r in rounds for a in r.answers if a.kind == kind]
        if not answers:
            continue
        refused = sum(1 for a in answers if a.busy or a.status != 200)
        quantiles = [cell([r.quantile(kind, p) for r in rounds]) for p in (50, 90, 99)]
        out.append([name, kind, len(answers), refused, *quantiles])
    return out


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--commands", type=int, default=8)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--base", type=Path, default=None, help="another checkout to compare")
    args = parser.parse_args()
    servers = [Server("bare Bolt", lambda slack, _url: start_bare_bolt(slack), False)]
    if args.base is not None:
        servers.append(Server("main (before)", start_checkout(args.base)))
    servers.append(Server("Backbone serve", start_checkout(REPO)))
    notes = int(args.seconds * args.events) + 100
    results: dict[str, list[Round]] = {server.name: [] for server in servers}
    with slack_process(latency_ms=args.latency_ms, notes=notes, response_urls=6000) as slack:
        for run in range(args.rounds):
            for server in servers:
                results[server.name].append(one_round(server, slack, run, args))
    print_report(args, results)


def print_report(args: argparse.Namespace, results: dict[str, list[Round]]) -> None:
    """Print the latency table, the drain table and the ratio to bare Bolt."""
    command = ".venv/bin/python -m bench.ack_latency" + "".join(
        f" --{k.replace('_', '-')} {v}" for k, v in vars(args).items() if v is not None
    )
    headers = ["server", "request", "answered", "busy / refused", "p50 ms", "p90 ms", "p99 ms"]
    table_rows = [row for name, rounds in results.items() for row in rows(name, rounds)]
    report(
        "Acknowledgements under a mixed load (min / median of rounds)", command, headers, table_rows
    )
    print("| server | drain s (min / median) | items made / expected (each round) |")
    print("|---|---|---|")
    for name, rounds in results.items():
        drains = [r.drain for r in rounds]
        made = ", ".join(f"{r.items}/{r.expected}" for r in rounds)
        print(f"| {name} | {min(drains):.1f} / {median(drains):.1f} | {made} |")
    bare = results["bare Bolt"]
    for name, rounds in results.items():
        ratios = [
            (r.quantile("command", 50) or 0) / (b.quantile("command", 50) or 1)
            for r, b in zip(rounds, bare, strict=True)
        ]
        print(
            f"\n`/action` p50 {name} / bare Bolt, per round: "
            + ", ".join(f"{x:.2f}x" for x in ratios)
        )


if __name__ == "__main__":
    main()
