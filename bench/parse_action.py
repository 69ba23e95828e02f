"""`/action` text reading, warm: each phrase of the product spec, many times over.

    .venv/bin/python -m bench.parse_action [--rounds 200]

Calls `bot.text.read_action_text` (what `/action` and `backbone parse-action` run) on every
phrase of tests/test_cli.py PRODUCT_PHRASES, read on Tuesday 2026-11-24 10:00 in New York. One
untimed round first, so the date parser's caches are warm. The baseline is what one would write
without Backbone's grammar: dateparser's `search_dates` over the whole text, English only, from
the same moment (it finds only the date, not owners or title, and misses EOD, EOW and end of
month).
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from dateparser.search import search_dates

from bench.common import median, percentile, report
from bot.text import read_action_text
from tests.test_cli import NOW, PRODUCT_PHRASES

ZONE = ZoneInfo("America/New_York")


def time_phrase(text: str, rounds: int, now: datetime) -> list[float]:
    """Read one phrase `rounds` times; return each duration in seconds."""
    durations = []
    for _ in range(rounds):
        started = time.perf_counter()
        read_action_text(text, now=now, zone=ZONE)
        durations.append(time.perf_counter() - started)
    return durations


def time_baseline(text: str, rounds: int, now: datetime) -> list[float]:
    """Time dateparser's own search for a date in the text, as the baseline."""
    settings = {"RELATIVE_BASE": now.astimezone(ZONE).replace(tzinfo=None),
                "PREFER_DATES_FROM": "future"}  # fmt: skip
    durations = []
    for _ in range(rounds):
        started = time.perf_counter()
        search_dates(text, languages=["en"], settings=settings)
        durations.append(time.perf_counter() - started)
    return durations


def summary(ms: list[float]) -> list[str]:
    """Return the median, p99 and largest of durations in milliseconds, as table cells."""
    return [f"{median(ms):.3f}", f"{percentile(ms, 99):.3f}", f"{max(ms):.3f}"]


def main() -> None:
    """Time every phrase and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    now = datetime.fromisoformat(NOW)
    for text, _title, _due in PRODUCT_PHRASES:
        read_action_text(text, now=now, zone=ZONE)
        time_baseline(text, 1, now)
    rows: list[list[object]] = []
    ours: list[float] = []
    baseline: list[float] = []
    for text, _title, _due in PRODUCT_PHRASES:
        ms = [1000 * d for d in time_phrase(text, args.rounds, now)]
        base = [1000 * d for d in time_baseline(text, args.rounds, now)]
        ours += ms
        baseline += base
        rows.append([f"`{text}`", *summary(ms), f"{median(base):.3f}"])
    rows.append(["**all phrases**", *summary(ours), f"{median(baseline):.3f}"])
    command = f".venv/bin/python -m bench.parse_action --rounds {args.rounds}"
    headers = ["phrase", "median ms", "p99 ms", "max ms", "baseline: search_dates median ms"]
    report("parse-action, warm", command, headers, rows)


if __name__ == "__main__":
    main()
