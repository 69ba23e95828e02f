"""The Slack emulator in a process of its own, so its work does not slow the benchmark's clients.

`python -m bench.slack_process [--latency-ms 100] [--notes N] [--response-urls N]` prints its
Web API URL (and the ts of N seeded messages of meeting notes), answers each line read from
stdin with how many calls it has answered so far, and once stdin closes prints how many calls
of each method it answered (as JSON) and exits.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bot.sandbox.server import SlackEmulator
from bot.sandbox.state import ResponseUrl
from tests.support.harness import CASE, JOE, MARIA, seed


@dataclass
class SlackProcess:
    """A running emulator process: where it answers, and its credentials."""

    api_url: str
    bot_token: str
    signing_secret: str
    calls: Counter[str]
    notes: list[str] = field(default_factory=list)
    process: subprocess.Popen[str] | None = None

    def answered(self) -> int:
        """Return how many Web API calls the emulator has answered so far."""
        assert self.process is not None and self.process.stdin and self.process.stdout
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        return int(json.loads(self.process.stdout.readline())["answered"])


def note_text(n: int) -> str:
    """Return seeded message `n`: one line of meeting notes that makes an action item."""
    return f"ACTION: <@{JOE}> call landlord {n} about the lease by Friday"


@contextmanager
def slack_process(
    *, latency_ms: int = 0, notes: int = 0, response_urls: int = 0
) -> Iterator[SlackProcess]:
    """Run the emulator in its own process; on leaving, fill in the calls it answered."""
    command = [sys.executable, "-m", "bench.slack_process", "--latency-ms", str(latency_ms)]
    command += ["--notes", str(notes), "--response-urls", str(response_urls)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdin is not None and process.stdout is not None
    first = json.loads(process.stdout.readline())
    slack = SlackProcess(
        first["api_url"], first["bot_token"], first["signing_secret"], Counter(),
        first["notes"], process,
    )  # fmt: skip
    try:
        yield slack
    finally:
        process.stdin.close()
        slack.calls.update(json.loads(process.stdout.read() or "{}"))
        process.wait(timeout=30)


def main() -> None:
    """Serve until stdin closes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--notes", type=int, default=0)
    parser.add_argument("--response-urls", type=int, default=0)
    args = parser.parse_args()
    with SlackEmulator(latency=args.latency_ms / 1000) as emulator:
        seed(emulator)
        posted = [
            emulator.post_message(user=MARIA, channel=CASE, text=note_text(n), send=False).ts
            for n in range(args.notes)
        ]
        with emulator.state.lock:
            for n in range(args.response_urls):
                emulator.state.response_urls[f"RB{n}"] = ResponseUrl(f"RB{n}", CASE, MARIA)
        about = {
            "api_url": emulator.api_url,
            "bot_token": emulator.bot_token,
            "signing_secret": emulator.signing_secret,
            "notes": posted,
        }
        print(json.dumps(about), flush=True)
        for _line in sys.stdin:
            print(json.dumps({"answered": emulator.answered()}), flush=True)
        print(json.dumps(Counter(call["method"] for call in emulator.calls())))


if __name__ == "__main__":
    main()
