"""`/action` acknowledgement latency through `backbone serve`, beside a bare Bolt app.

    .venv/bin/python -m bench.ack_latency [--requests 2000] [--clients 8]

Three processes besides this one: the Slack emulator, `backbone serve` (SQLite in a temporary
folder, no scheduler) and the bare Bolt baseline on the same server stack. Each gets the same
signed `/action` commands from `--clients` keep-alive connections over loopback; a latency is
from sending a request to reading its answer. Backbone really creates every item (users.info,
the database, chat.postMessage, chat.getPermalink), after acknowledging, while later requests
arrive. The baseline goes first, so Backbone's work left over cannot slow it down.
"""

from __future__ import annotations

import argparse
import http.client
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench.common import percentile, report
from bench.slack_process import SlackProcess, slack_process
from bot.sandbox.sender import sign
from tests.support.harness import CASE, JOE, MARIA, TEAM
from tests.support.processes import Served, process_env, start_serve

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


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with slack_process() as slack, tempfile.TemporaryDirectory() as folder:
        bare = start_bare_bolt(slack)
        ours = start_serve(slack, f"sqlite:///{folder}/bench.db", Path(folder))
        try:
            runs = [measure("bare Bolt", bare, slack, args.requests, args.clients)]
            runs.append(measure("Backbone serve", ours, slack, args.requests, args.clients))
        finally:
            codes = (bare.stop(timeout=120), ours.stop(timeout=120))
    headers = ["server", "requests", "p50 ms", "p90 ms", "p99 ms", "max ms"]
    headers += ["RSS idle MB", "RSS peak MB"]
    command = ".venv/bin/python -m bench.ack_latency"
    command += f" --requests {args.requests} --clients {args.clients}"
    report("/action acknowledgement latency", command, headers, [run.row() for run in runs])
    ratio = percentile(runs[1].latencies, 50) / percentile(runs[0].latencies, 50)
    print(f"p50 Backbone / bare Bolt: {ratio:.2f}x; exit codes {codes}")
    print(f"emulator calls: {dict(slack.calls)}")


if __name__ == "__main__":
    main()
