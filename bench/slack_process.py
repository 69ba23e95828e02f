"""The Slack emulator in a process of its own, so its work does not slow the benchmark's clients.

`python -m bench.slack_process` prints its Web API URL, serves until its stdin closes, then
prints how many calls of each method it answered (as JSON) and exits.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.sandbox.server import SlackEmulator
from tests.support.harness import seed


@dataclass
class SlackProcess:
    """A running emulator process: where it answers, and its credentials."""

    api_url: str
    bot_token: str
    signing_secret: str
    calls: Counter[str]


@contextmanager
def slack_process() -> Iterator[SlackProcess]:
    """Run the emulator in its own process; on leaving, fill in the calls it answered."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.slack_process"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    first = json.loads(process.stdout.readline())
    slack = SlackProcess(first["api_url"], first["bot_token"], first["signing_secret"], Counter())
    try:
        yield slack
    finally:
        process.stdin.close()
        slack.calls.update(json.loads(process.stdout.read() or "{}"))
        process.wait(timeout=30)


def main() -> None:
    """Serve until stdin closes."""
    with SlackEmulator() as emulator:
        seed(emulator)
        about = {
            "api_url": emulator.api_url,
            "bot_token": emulator.bot_token,
            "signing_secret": emulator.signing_secret,
        }
        print(json.dumps(about), flush=True)
        sys.stdin.read()
        print(json.dumps(Counter(call["method"] for call in emulator.calls())))


if __name__ == "__main__":
    main()
