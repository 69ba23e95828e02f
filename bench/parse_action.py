"""`/action` text reading: the first parse in a new process, then warm, over 1,500 real phrasings.

    .venv/bin/python -m bench.parse_action [--processes 9] [--rounds 5]

Calls `bot.text.read_action_text` (what `/action` and `backbone parse-action` run) on every
phrase of bench/action_phrases.txt (made by bench/phrases.py: 1,500 distinct action items as
coordinators, caseworkers and volunteers write them, with dates said many ways, supported or
not, and none), each @name of a Slack user written as Slack sends it, read on Wednesday
2026-12-02 10:00 in New York.

First an untimed round notes, for each phrase, what it became (dated, undated, refused) and
whether it reached dateparser (Backbone's grammar reads weekdays, relative days and EOD itself,
and hands dateparser only calendar dates and clock times), with the spans it was handed.

Cold: `processes` new interpreters, each importing the reader and reading one phrase (a different
one each time, half of them phrases that reach dateparser), against the baseline of a new
interpreter importing dateparser alone and reading the span Backbone would have handed it.

Warm: each phrase read `rounds` times; each phrase's median, summarised as median / p99 / max
across phrases, against dateparser alone reading the same phrase's spans.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import median, percentile, report, table
from bench.phrases import CORPUS, PEOPLE, load
from bot import when
from bot.errors import InvalidInput
from bot.text import read_action_text

ZONE = ZoneInfo("America/New_York")
NOW = datetime.fromisoformat("2026-12-02T15:00:00+00:00")
SLACK_IDS = {name: f"U0{name.upper()}" for name in PEOPLE}

OURS_COLD = """
import sys, time
started = time.perf_counter()
from datetime import datetime
from zoneinfo import ZoneInfo
from bot.errors import InvalidInput
from bot.text import read_action_text
imported = time.perf_counter()
now, zone = datetime.fromisoformat(sys.argv[2]), ZoneInfo(sys.argv[3])
try:
    read_action_text(sys.argv[1], now=now, zone=zone)
except InvalidInput:
    pass
done = time.perf_counter()
print(1000 * (imported - started), 1000 * (done - imported))
"""
# dateparser alone, as bot/when.py sets it up, reading the spans Backbone hands it.
BARE_COLD = """
import sys, time
started = time.perf_counter()
from datetime import datetime
from dateparser.date import DateDataParser
imported = time.perf_counter()
parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": datetime(2000, 1, 1),
    "DATE_ORDER": "MDY", "RETURN_TIME_AS_PERIOD": True, "PARSERS": ["absolute-time"]})
for span in sys.argv[1:]:
    parser.get_date_data(span)
done = time.perf_counter()
print(1000 * (imported - started), 1000 * (done - imported))
"""


def as_slack_sends(text: str) -> str:
    """Write each @name of a Slack user as Slack sends a mention; other @words stay as typed."""
    for name, user_id in SLACK_IDS.items():
        text = re.sub(rf"(?<![<\w])@{name}\b", f"<@{user_id}|{name}>", text)
    return text


@dataclass
class Phrase:
    """One phrase, what it became, and the spans Backbone handed dateparser."""

    text: str
    outcome: str = ""
    spans: list[str] = field(default_factory=list)

    @property
    def reaches_dateparser(self) -> bool:
        return bool(self.spans)

    @property
    def group(self) -> str:
        return f"{'dateparser' if self.spans else 'grammar only'}, {self.outcome}"


@contextlib.contextmanager
def handed_to_dateparser() -> Iterator[list[str]]:
    """Note every span Backbone's date reader hands dateparser while the block runs."""
    parser = when._parser()
    original = parser.get_date_data
    spans: list[str] = []

    def noting(span: str, *args: Any, **kwargs: Any) -> Any:
        spans.append(span)
        return original(span, *args, **kwargs)

    parser.get_date_data = noting
    try:
        yield spans
    finally:
        parser.get_date_data = original


def read(text: str) -> str:
    """Read one phrase; say what it became."""
    try:
        draft = read_action_text(text, now=NOW, zone=ZONE)
    except InvalidInput:
        return "refused"
    return "dated" if draft.due else "undated"


def classify(texts: list[str]) -> list[Phrase]:
    """The untimed round: what each phrase became and what dateparser was handed."""
    phrases = []
    for text in texts:
        with handed_to_dateparser() as spans:
            outcome = read(text)
        phrases.append(Phrase(text, outcome, list(spans)))
    return phrases


def median_ms(action: Callable[[], object], rounds: int) -> float:
    """Return the median of `rounds` timings of an action, in milliseconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def warm(phrases: list[Phrase], rounds: int) -> tuple[dict[str, list[float]], list[float]]:
    """Each phrase's median reading, by group; and dateparser alone on the spans it was handed."""
    parser = when._parser()
    ours: dict[str, list[float]] = {}
    bare = []
    for phrase in phrases:

        def ours_reading(text: str = phrase.text) -> None:
            read(text)

        def dateparser_reading(spans: list[str] = phrase.spans) -> None:
            for span in spans:
                parser.get_date_data(span)

        ours.setdefault(phrase.group, []).append(median_ms(ours_reading, rounds))
        if phrase.spans:
            bare.append(median_ms(dateparser_reading, rounds))
    return ours, bare


def cold(script: str, arguments: list[str]) -> tuple[float, float]:
    """Run a script in a new interpreter; return the ms it took to import, then to read."""
    command = [sys.executable, "-c", script, *arguments]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    imported, parsed = (float(value) for value in out.split())
    return imported, parsed


def cold_runs(phrases: list[Phrase], processes: int) -> dict[str, list[tuple[float, float]]]:
    """New interpreters reading one phrase each: ours (two kinds of phrase) and the baseline."""
    reaching = [p for p in phrases if p.reaches_dateparser and p.outcome == "dated"]
    grammar = [p for p in phrases if not p.reaches_dateparser and p.outcome == "dated"]
    runs: dict[str, list[tuple[float, float]]] = {
        "Backbone, a phrase that reaches dateparser": [],
        "Backbone, a phrase its grammar reads alone": [],
        "baseline: dateparser alone, the same spans": [],
    }
    where = [NOW.isoformat(), ZONE.key]
    for n in range(processes):
        first, second = reaching[n * 37 % len(reaching)], grammar[n * 37 % len(grammar)]
        runs["Backbone, a phrase that reaches dateparser"].append(
            cold(OURS_COLD, [first.text, *where])
        )
        runs["Backbone, a phrase its grammar reads alone"].append(
            cold(OURS_COLD, [second.text, *where])
        )
        runs["baseline: dateparser alone, the same spans"].append(cold(BARE_COLD, first.spans))
    return runs


def cold_rows(runs: dict[str, list[tuple[float, float]]]) -> list[list[object]]:
    """Rows of min / median import, first read and both, with the ratio to the baseline's."""
    totals = {name: [a + b for a, b in samples] for name, samples in runs.items()}
    base = median(totals["baseline: dateparser alone, the same spans"])
    rows: list[list[object]] = []
    for name, samples in runs.items():
        imports, reads = [a for a, _ in samples], [b for _, b in samples]
        rows.append([
            name, len(samples), f"{min(imports):.1f} / {median(imports):.1f}",
            f"{min(reads):.1f} / {median(reads):.1f}",
            f"{min(totals[name]):.1f} / {median(totals[name]):.1f}",
            f"{median(totals[name]) / base:.2f}×",
        ])  # fmt: skip
    return rows


def warm_row(name: str, ms: list[float], base: float | None = None) -> list[object]:
    """A row: how many phrases, and the median / p99 / max of their median readings."""
    cells = (median(ms), percentile(ms, 99), max(ms))
    ratio = f"{median(ms) / base:.2f}×" if base else ""
    return [name, len(ms), *(f"{value:.3f}" for value in cells), ratio]


def main() -> None:
    """Classify the corpus, time it cold and warm, and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=9)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [as_slack_sends(text) for text in load()]
    phrases = classify(texts)
    runs = cold_runs(phrases, args.processes)
    ours, bare = warm(phrases, args.rounds)
    reached = sum(phrase.reaches_dateparser for phrase in phrases)
    outcomes = Counter(phrase.group for phrase in phrases)
    corpus_rows: list[list[object]] = [
        [f"{CORPUS.name}: phrases (all distinct)", f"{len(phrases):,} ({len(set(texts)):,})"],
        ["reach dateparser", f"{reached:,} ({100 * reached / len(phrases):.0f}%)"],
    ]
    corpus_rows += [[f"… {group}", f"{count:,}"] for group, count in sorted(outcomes.items())]
    command = (
        f".venv/bin/python -m bench.parse_action --processes {args.processes} "
        f"--rounds {args.rounds}"
    )
    report("parse-action: the corpus", command, ["", "phrases"], corpus_rows)
    print("First parse in a new process (ms, min / median):\n")
    headers = ["process", "runs", "import", "first read", "both", "median ratio"]
    print(table(headers, cold_rows(runs)) + "\n")
    everything = [ms for values in ours.values() for ms in values]
    reaching = [
        ms for group, values in ours.items() if group.startswith("dateparser") for ms in values
    ]
    rows = [warm_row(group, ms) for group, ms in sorted(ours.items())]
    rows.append(warm_row("**all phrases**", everything))
    rows.append(warm_row("phrases that reach dateparser", reaching, median(bare)))
    rows.append(warm_row("baseline: dateparser alone, their spans", bare))
    print(f"Warm, each phrase's median of {args.rounds} readings (ms):\n")
    print(table(["phrases", "count", "median", "p99", "max", "ratio"], rows))


if __name__ == "__main__":
    main()
