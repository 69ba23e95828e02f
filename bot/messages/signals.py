"""The run-chart rules said in plain words, under the picture. Pure."""

from __future__ import annotations

from bot.messages.spans import Line, line
from bot.run_rules import RunReport, Signal

NOT_ENOUGH = "Not enough points yet to tell a signal from noise (the rules need 10 or more)."
NO_SIGNAL = "No signal: the points vary around the median as chance alone would have them."


def describe(report: RunReport, *, higher_is_better: bool) -> list[Line]:
    """Say what the rules found, one line per signal, in words a team reads at a meeting."""
    if not report.enough:
        return [line(NOT_ENOUGH)]
    if not report.signals:
        return [line(NO_SIGNAL)]
    return [line(_said(signal, higher_is_better)) for signal in report.signals]


def _points(signal: Signal) -> str:
    return f"points {signal.start + 1} to {signal.end + 1}"


def _better(signal: Signal, higher_is_better: bool) -> str:
    if signal.direction is None:
        return ""
    good = (signal.direction == "up") == higher_is_better
    return " That is the better way." if good else " That is the worse way."


def _said(signal: Signal, higher_is_better: bool) -> str:
    side = "above" if signal.direction == "up" else "below"
    way = "rising" if signal.direction == "up" else "falling"
    better = _better(signal, higher_is_better)
    match signal.kind:
        case "shift":
            return f"Shift: {_points(signal)} are all {side} the median, a sign of change.{better}"
        case "trend":
            return f"Trend: {_points(signal)} keep {way}, a sign of change.{better}"
        case "too_few_runs":
            return "Too few runs: the points cross the median less often than chance would."
        case "too_many_runs":
            return "Too many runs: the points cross the median more often than chance would."
        case "astronomical":
            return f"Point {signal.start + 1} is far from the others: is something different?"
        case "longest_run":
            return f"Long run: {_points(signal)} stay {side} the median, a sign of change.{better}"
        case "few_crossings":
            return "Few crossings: the line crosses the median less often than chance would."
