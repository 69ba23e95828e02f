"""Backbone's commands as real processes, their Slack the emulator: what a deployment runs.

The benchmarks in bench/ start their servers with these too.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Protocol

BACKBONE = Path(sys.executable).with_name("backbone")
LISTENING = re.compile(r"listening on port (\d+)")


class Slack(Protocol):
    """Where a process finds its Slack: an emulator here or in another process."""

    @property
    def bot_token(self) -> str: ...
    @property
    def signing_secret(self) -> str: ...
    @property
    def api_url(self) -> str: ...


def process_env(slack: Slack, database_url: str) -> dict[str, str]:
    """Return the environment a Backbone process needs to talk to its Slack and a database."""
    return {
        "PATH": os.environ["PATH"],
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": slack.signing_secret,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": database_url,
    }


class Served:
    """A running `backbone serve` process, its port, and what it logs (read as it comes)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.log: list[str] = []
        self._logged = threading.Condition()
        port = self._read(until_listening=True)
        if port is None:
            raise AssertionError(
                f"serve stopped before listening (exit {process.wait()}): {self.log}"
            )
        self.port = port
        # Keep reading, so a chatty process never blocks on a full pipe.
        threading.Thread(target=self._read, kwargs={"until_listening": False}, daemon=True).start()

    def _read(self, *, until_listening: bool) -> int | None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._logged:
                self.log.append(line)
                self._logged.notify_all()
            found = LISTENING.search(line)
            if found and until_listening:
                return int(found.group(1))
        return None

    @property
    def url(self) -> str:
        """Slack's request endpoint on this process."""
        return f"http://127.0.0.1:{self.port}/slack/events"

    def wait_for_log(self, text: str, timeout: float = 10) -> None:
        """Block until the process has logged a line containing `text`."""
        with self._logged:
            if not self._logged.wait_for(lambda: any(text in line for line in self.log), timeout):
                raise AssertionError(f"serve did not log {text!r}: {self.log}")

    def stop(self, timeout: float = 15) -> int:
        """Send SIGTERM, as a process manager does, and return the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


def start_serve(slack: Slack, database_url: str, cwd: Path, *, scheduler: bool = False) -> Served:
    """Start `backbone serve` on a free loopback port, with its scheduler or without."""
    command = [str(BACKBONE), "serve", "--host", "127.0.0.1", "--port", "0"]
    if not scheduler:
        command.append("--no-scheduler")
    env = process_env(slack, database_url)
    return Served(subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True))


def start_tick(slack: Slack, database_url: str, at: datetime) -> subprocess.Popen[str]:
    """Start `backbone tick --now <at>`; its report goes to stdout."""
    return subprocess.Popen(
        [str(BACKBONE), "tick", "--now", at.isoformat()],
        env=process_env(slack, database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
