"""`/action` text reading: the first parse in a new process, then warm, over 1,000+ phrases.

    .venv/bin/python -m bench.parse_action [--phrases 1200] [--rounds 5]

Calls `bot.text.read_action_text` (what `/action` and `backbone parse-action` run) on a corpus
of distinct phrases built from templates of how coordinators, case managers and outreach
workers write (a task, maybe an owner, a date said one of many ways, before or after the task;
traps, typos and past dates included), read on Wednesday 2026-12-02 10:00 in New York.

Reports: the first parse in a fresh interpreter (importing Backbone's reader, then one call:
what a new `backbone parse-action` process pays), and, warm, each phrase's fastest of `rounds`
readings, summarised as min / median / p99 / max across phrases, by what the phrase became.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from bench.common import median, percentile, report
from bot.errors import InvalidInput
from bot.text import read_action_text

ZONE = ZoneInfo("America/New_York")
NOW = datetime.fromisoformat("2026-12-02T15:00:00+00:00")

TASKS = (
    "call VA",
    "send the by-name list to Sam",
    "follow up with the DV shelter",
    "email the CoC lead about the NOFO",
    "submit ROI forms",
    "check on Mr. B at the library",
    "drop off hygiene kits at the day center",
    "update HMIS for the 3 move-ins",
    "book the van for the landlord tour",
    "text Maria about the unit 5 inspection",
    "confirm the HUD-VASH voucher with the PHA",
    "ask June about the Section 8 waitlist",
    "recert paperwork for the Garcia family",
    "print 12 copies of the intake packet",
    "schedule case conferencing",
    "pick up bus passes",
    "renew the MOU with Sun Valley shelter",
    "finish the PIT count tally",
    "call the Oak Street property manager",
    "review the coordinated entry prioritization list",
    "get the landlord thank-you letters signed",
    "reach out to April re: her deposit",
    "order 40 blankets for the warming center",
    "fax the disability verification",
    "set up the room 12 lock change",
    "share the APR draft",
    "file the incident report",
    "bring Mark the move-in checklist",
    "plan the Wed pantry volunteers thank-you",
    "draft the landlord newsletter",
)
DATES_AFTER = (
    "Friday",
    "by Friday",
    "12/5",
    "due 12/5",
    "Dec 5th",
    "December 5",
    "Dec. 5",
    "12/05/2026",
    "COB Wednesday",
    "tomorrow at 3",
    "2 weeks from now",
    "end of day Friday",
    "noon tomorrow",
    "EOD",
    "next Tuesday",
    "in 3 days",
    "at 3",
    "Monday at 9",
    "by the 15th",
    "on Jan 3",
    "tomorrow",
    "this week",
    "next week",
    "end of month",
    "Thurs",
    "by 3pm",
    "a week from today",
    "Fridy",
    "12/1",
    "yesterday",
    "13/45",
    "",
)
DATES_BEFORE = ("Friday", "12/5:", "Tomorrow", "COB Wednesday", "Thurs:", "Dec 5 -", "EOD")
OWNERS = ("", "<@U0JOE> ", "<@U0PAT> <@U0MARIA> ")


def corpus(size: int) -> list[str]:
    """Return `size` distinct phrases, mixed so that every shape appears early."""
    after = (f"{who}{task} {when}".strip() for who, task, when in _mix(OWNERS, TASKS, DATES_AFTER))
    before = (f"{who}{when} {task}" for who, when, task in _mix(OWNERS, DATES_BEFORE, TASKS))
    seen: dict[str, None] = {}
    for text in itertools.chain.from_iterable(zip(after, before, after, after, strict=False)):
        seen.setdefault(text, None)
        if len(seen) == size:
            break
    if len(seen) < size:
        raise SystemExit(f"the templates make only {len(seen)} distinct phrases")
    return list(seen)


def _mix(*parts: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Return every combination, shuffled deterministically by a stride through them."""
    combos = list(itertools.product(*parts))
    stride = 7919  # a prime, so the walk visits every combination once
    return [combos[(i * stride) % len(combos)] for i in range(len(combos))]


def outcome(text: str) -> str:
    """Say what a phrase became: dated, undated, or refused."""
    try:
        draft = read_action_text(text, now=NOW, zone=ZONE)
    except InvalidInput:
        return "refused"
    return "dated" if draft.due else "undated"


def fastest(text: str, rounds: int) -> float:
    """Return the fastest of `rounds` readings of a phrase, in milliseconds."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        with contextlib.suppress(InvalidInput):  # a refusal is timed as much as a reading
            read_action_text(text, now=NOW, zone=ZONE)
        best = min(best, time.perf_counter() - started)
    return 1000 * best


FIRST_PARSE = """
import time
started = time.perf_counter()
from datetime import datetime
from zoneinfo import ZoneInfo
from bot.text import read_action_text
imported = time.perf_counter()
read_action_text("call VA Friday", now=datetime.fromisoformat("{now}"), zone=ZoneInfo("{zone}"))
done = time.perf_counter()
print(1000 * (imported - started), 1000 * (done - imported))
"""


def first_parse() -> tuple[float, float]:
    """Import the reader in a new interpreter and read one phrase; return both times in ms."""
    code = FIRST_PARSE.format(now=NOW.isoformat(), zone=ZONE.key)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported, parsed = (float(value) for value in out.stdout.split())
    return imported, parsed


def summary(name: str, ms: list[float]) -> list[object]:
    """Return a table row: how many, and min / median / p99 / max in milliseconds."""
    cells = (min(ms), median(ms), percentile(ms, 99), max(ms))
    return [name, len(ms), *(f"{value:.3f}" for value in cells)]


def main() -> None:
    """Time the first parse and the warm corpus, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    imported, parsed = first_parse()
    phrases = corpus(args.phrases)
    kinds = {text: outcome(text) for text in phrases}  # also the untimed warm-up round
    by_kind: dict[str, list[float]] = defaultdict(list)
    for text in phrases:
        by_kind[kinds[text]].append(fastest(text, args.rounds))
    everything = [ms for values in by_kind.values() for ms in values]
    rows: list[list[object]] = [
        [
            "first parse in a new process",
            1,
            "",
            f"import {imported:.1f} + read {parsed:.1f}",
            "",
            "",
        ],
        *(summary(f"warm, {kind}", by_kind[kind]) for kind in sorted(by_kind)),
        summary("**warm, all phrases**", everything),
    ]
    command = (
        f".venv/bin/python -m bench.parse_action --phrases {args.phrases} --rounds {args.rounds}"
    )
    headers = ["what", "phrases", "min ms", "median ms", "p99 ms", "max ms"]
    report("parse-action: first parse and warm corpus", command, headers, rows)


if __name__ == "__main__":
    main()
