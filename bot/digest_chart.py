"""The digest's picture: a run chart of open, done and overdue items week by week, with its words.

A run chart, as quality-improvement teams draw it: each measure a line over time, and the
median of items done per week as the centre line that runs are read against. Weeks before the
channel's first item are not drawn at all (a zero there would be made up).

This module says what the chart shows (its description, title and alt text) and imports no
plotting library: `trend_chart` gives the JSON description that the chart worker
(`bot.chart_worker`, kind "digest_trend") draws with matplotlib in a process of its own
(`bot.digest_picture`), so the server never loads matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from bot.digest_picture import HEIGHT, WIDTH
from bot.services.digests import TrendWeek, median_done

__all__ = ["HEIGHT", "WIDTH", "chart_title", "trend_alt_text", "trend_chart", "week_label"]
KIND = "digest_trend"
ALT_LIMIT = 1000  # Slack's limit on a file's alt text


def week_label(week: TrendWeek, zone: str) -> str:
    """Return how a week is named on the chart: the day it ends, like "Nov 23"."""
    local = week.end.astimezone(ZoneInfo(zone))
    return f"{local:%b} {local.day}"


def number(value: float) -> str:
    """Write a median as people do: 2, or 2.5."""
    return f"{value:g}"


def chart_title(weeks: Sequence[TrendWeek]) -> str:
    """Say what the chart shows, and over how many weeks."""
    span = "the last week" if len(weeks) == 1 else f"the last {len(weeks)} weeks"
    return f"Run chart of action items: open, done and overdue each week, {span}"


def trend_chart(weeks: Sequence[TrendWeek], *, zone: str) -> dict[str, Any]:
    """Describe the run chart of the weeks as the chart worker draws it (JSON)."""
    centre = median_done(weeks)
    return {
        "title": chart_title(weeks),
        "weeks": [week_label(w, zone) for w in weeks],
        "open": [w.open for w in weeks],
        "done": [w.done for w in weeks],
        "overdue": [w.overdue for w in weeks],
        "median": centre,
        "median_label": f"Median done per week: {number(centre)}",
    }


def trend_png(weeks: Sequence[TrendWeek], *, zone: str) -> bytes:
    """Draw the run chart in this process (loading matplotlib): for tests and benchmarks."""
    from bot.digest_picture import draw

    return draw(trend_chart(weeks, zone=zone))


def trend_alt_text(weeks: Sequence[TrendWeek], *, zone: str) -> str:
    """Say in words what the chart shows, week by week, for screen readers."""
    head = (
        f"{chart_title(weeks)}. Median done per week: {number(median_done(weeks))}."
        if weeks
        else "No weeks to show yet."
    )
    sentences = [
        f" Week ending {week_label(w, zone)}: {w.open} open, {w.done} done, {w.overdue} overdue."
        for w in weeks
    ]
    # Whole weeks only, the latest kept: a number cut in half would say something false.
    while sentences and len(head) + sum(map(len, sentences)) > ALT_LIMIT:
        sentences.pop(0)
    return head + "".join(sentences)
