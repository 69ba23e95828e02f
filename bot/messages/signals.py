"""What a run chart's signals mean, in words a volunteer understands. Pure functions.

The rules themselves are in `bot.run_rules`; here each signal becomes one line that says what
was seen, where, and whether it is the way the team wants to go. An astronomical point is only
ever offered for the team to judge.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.messages.spans import Line, line
from bot.run_rules import MIN_POINTS, RunReport, Signal


def describe(
    report: RunReport, *, higher_is_better: bool, labels: Sequence[str] | None = None
) -> list[Line]:
    """Say in plain words what the rules found; `labels` name the points (e.g. months)."""
    if not report.enough:
        return [
            line(
                "Not enough points yet to tell a signal from noise "
                f"({report.points} of {MIN_POINTS})."
            )
        ]
    if not report.signals:
        return [line(_no_signal(report))]
    words = _Words(report, higher_is_better, labels)
    return [line(words.say(signal)) for signal in report.signals]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _no_signal(report: RunReport) -> str:
    rules = "Anhøj's rules" if report.method == "anhoj" else "the run-chart rules"
    return f"No signal by {rules}: so far the ups and downs look like everyday variation."


class _Words:
    """The words for each kind of signal, knowing the report, the direction wanted and labels."""

    def __init__(
        self, report: RunReport, higher_is_better: bool, labels: Sequence[str] | None
    ) -> None:
        self.report = report
        self.higher_is_better = higher_is_better
        self.labels = labels

    def say(self, signal: Signal) -> str:
        """Return the line for one signal."""
        where, aside, verdict = self._where(signal), self._aside(signal), self._verdict(signal)
        side = "above the median" if signal.direction == "up" else "below the median"
        match signal.kind:
            case "shift":
                return f"A shift: {where} are all {side}{aside}{verdict}"
            case "trend":
                way = "up" if signal.direction == "up" else "down"
                return f"A trend: {where} kept going {way}{aside}{verdict}"
            case "longest_run":
                limit = self.report.longest_run_limit
                return (
                    f"An unusually long run: {where} are all {side}{aside} "
                    f"(more than {limit} in a row is unlikely by chance){verdict}"
                )
            case "too_few_runs" | "few_crossings":
                return self._few(signal)
            case "too_many_runs":
                return (
                    "Too many runs: the points swing above and below the median more often "
                    f"than chance would ({self.report.runs} runs; more than {self._upper()} "
                    "is unusual). Check whether the numbers mix two sources or alternate "
                    "for a reason."
                )
            case "astronomical":
                far = "far above" if signal.direction == "up" else "far below"
                return (
                    f"{_capital(self._point(signal.start))} stands {far} the others: perhaps "
                    "an astronomical point. That is for the team to judge: was something "
                    "different then?"
                )
        raise ValueError(signal.kind)

    def _few(self, signal: Signal) -> str:
        crossings = self.report.crossings or 0
        times = "once" if crossings == 1 else f"{crossings} times"
        if signal.kind == "few_crossings":
            expected = f"fewer than {self.report.crossings_limit} is unusual by chance"
        else:
            expected = f"{self.report.runs} runs; fewer than {self._lower()} is unusual"
        return (
            f"Too few {'crossings' if signal.kind == 'few_crossings' else 'runs'}: "
            f"the line crossed the median only {times} in {signal.counted} points ({expected}). "
            "The points stay on one side for long stretches: something has likely changed."
        )

    def _lower(self) -> int:
        return self.report.runs_limits[0] if self.report.runs_limits else 0

    def _upper(self) -> int:
        return self.report.runs_limits[1] if self.report.runs_limits else 0

    def _where(self, signal: Signal) -> str:
        """Say which points a signal covers: "the last 7 points", "from May to Oct, 6 points"."""
        size = signal.end - signal.start + 1
        if signal.end == self.report.points - 1:
            return f"the last {size} points"
        return f"from {self._point(signal.start)} to {self._point(signal.end)}, {size} points"

    def _aside(self, signal: Signal) -> str:
        """Say which points within the span the rule did not count, if any."""
        others = signal.end - signal.start + 1 - signal.counted
        if others <= 0:
            return ""
        if signal.kind == "trend":
            return " (a repeated value counted once)" if others == 1 else " (repeats counted once)"
        return f" (leaving aside {others} on the median)"

    def _point(self, index: int) -> str:
        if self.labels is not None and index < len(self.labels):
            return self.labels[index]
        return f"point {index + 1}"

    def _verdict(self, signal: Signal) -> str:
        wanted = (signal.direction == "up") == self.higher_is_better
        if wanted:
            return " — a real change, and it is the way you want."
        return " — a real change, and not the way you want: worth a look together."
