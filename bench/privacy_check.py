"""The personal-data check, beside the `/action` reading it runs before, on the same phrases.

    .venv/bin/python -m bench.privacy_check [--phrases 1200] [--rounds 5]

Every action item, decision, poll and captured line is checked by `bot.privacy.personal_data`
before it is stored, so its cost is added to each of them. Measured, warm, on the 1,200 distinct
coordinator phrases of `bench.parse_action` (and the same phrases with an SSN, a date of birth,
a client id or a phone number appended, a quarter of them each), beside the baseline of reading
the same phrase with `bot.text.read_action_text`, in the same run; then on whole messages: the
case-conferencing notes of the tests, those notes repeated to 40,000 characters (Slack's text
limit), and 40,000 characters of hostile text (blanks after a keyword, digit runs).
Each warm figure is the fastest of `rounds` timings after one untimed round; the first row is a
new interpreter importing the check and checking one phrase (cold).
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import time
from collections.abc import Callable

from bench.common import median, percentile, report
from bench.parse_action import NOW, ZONE
from bench.phrases import load
from bot.errors import InvalidInput
from bot.privacy import personal_data
from bot.text import read_action_text
from tests.support.meeting_notes import CASE_CONFERENCING

ADDED = (", SSN 123-45-6789", " DOB 3/4/1961", " for HMIS 448812", " at 503-555-0123")
HOSTILE = {
    "blanks after a keyword": ("client" + " " * 60 + "x ") * 600,
    "digit runs": "1" * 40_000,
    "phone-like runs": "503-" * 10_000,
}


def fastest(work: Callable[[str], object], text: str, rounds: int) -> float:
    """Return the fastest of `rounds` runs of `work` on `text`, in milliseconds."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        with contextlib.suppress(InvalidInput):
            work(text)
        best = min(best, time.perf_counter() - started)
    return 1000 * best


FIRST_CHECK = """
import time
started = time.perf_counter()
from bot.privacy import personal_data
imported = time.perf_counter()
personal_data("call the client at 503-555-0123 by Friday")
done = time.perf_counter()
print(1000 * (imported - started), 1000 * (done - imported))
"""


def first_check() -> tuple[float, float]:
    """Import the check in a new interpreter and check one phrase; return both times in ms."""
    out = subprocess.run(
        [sys.executable, "-c", FIRST_CHECK], capture_output=True, text=True, check=True
    )
    imported, checked = (float(value) for value in out.stdout.split())
    return imported, checked


def read(text: str) -> None:
    read_action_text(text, now=NOW, zone=ZONE)


def row(name: str, ms: list[float], base: list[float] | None = None) -> list[object]:
    """Return a table row: count, min / median / p99 / max ms, and the median against a base."""
    cells = [min(ms), median(ms), percentile(ms, 99), max(ms)]
    ratio = f"{median(ms) / median(base):.2f}×" if base else ""
    return [name, len(ms), *(f"{value:.4f}" for value in cells), ratio]


def main() -> None:
    """Time the check and its baseline, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    phrases = load()[: args.phrases]
    flagged = [text + ADDED[i % len(ADDED)] for i, text in enumerate(phrases)]
    for text in phrases + flagged:  # the untimed warm-up round
        personal_data(text)
        with contextlib.suppress(InvalidInput):
            read(text)
    baseline = [fastest(read, t, args.rounds) for t in phrases]
    clean = [fastest(personal_data, t, args.rounds) for t in phrases]
    found = [fastest(personal_data, t, args.rounds) for t in flagged]
    assert all(personal_data(t) is None for t in phrases), "a clean phrase was flagged"
    assert all(personal_data(t) is not None for t in flagged), "a phrase was not flagged"
    notes = CASE_CONFERENCING
    long_notes = (notes * (40_000 // len(notes) + 1))[:40_000]
    messages = {"meeting notes": notes, "notes to 40,000 chars": long_notes, **HOSTILE}
    imported, checked = first_check()
    cold = f"import {imported:.1f} + check {checked:.2f}"
    rows: list[list[object]] = [
        ["check, first in a new process", 1, "", cold, "", "", ""],
        row("baseline: read_action_text, per phrase", baseline),
        row("check, clean phrase", clean, baseline),
        row("check, phrase with personal data", found, baseline),
        *(
            row(
                f"check, {name} ({len(text):,} chars)",
                [fastest(personal_data, text, args.rounds)],
            )
            for name, text in messages.items()
        ),
    ]
    command = (
        f".venv/bin/python -m bench.privacy_check --phrases {args.phrases} --rounds {args.rounds}"
    )
    headers = ["what", "n", "min ms", "median ms", "p99 ms", "max ms", "median vs baseline"]
    report("Personal-data check", command, headers, rows)


if __name__ == "__main__":
    main()
