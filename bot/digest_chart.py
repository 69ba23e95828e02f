"""The digest's picture: a run chart of open, done and overdue items week by week, with its words.

A run chart, as quality-improvement teams draw it: each measure a line over time, and the
median of items done per week as the centre line that runs are read against. Weeks before the
channel's first item are not drawn at all (a zero there would be made up).

matplotlib is imported only when a picture is drawn, so `backbone tick` starts fast when no
digest is due. The object API with the Agg canvas is used, never pyplot: pyplot keeps global
state that is not safe across the threads that serve Slack.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.services.digests import TrendWeek, median_done

WIDTH, HEIGHT, DPI = 800, 400, 100
# The app's green, an amber and a brick red; each line also has its own marker and dash, so
# the chart reads in grey and for people who do not tell these colours apart.
OPEN_COLOR, DONE_COLOR, OVERDUE_COLOR = "#2d4a3e", "#c07a00", "#b03a2e"
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


def trend_png(weeks: Sequence[TrendWeek], *, zone: str) -> bytes:
    """Draw the run chart of the weeks; return the PNG's bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    places = list(range(len(weeks)))
    lines = (
        ("Open at the week's end", [w.open for w in weeks], OPEN_COLOR, "o", "-"),
        ("Done in the week", [w.done for w in weeks], DONE_COLOR, "s", "-"),
        ("Overdue at the week's end", [w.overdue for w in weeks], OVERDUE_COLOR, "^", "--"),
    )
    for label, values, color, marker, style in lines:
        axes.plot(places, values, label=label, color=color, marker=marker, linestyle=style)
    centre = median_done(weeks)
    axes.axhline(centre, color=DONE_COLOR, linestyle=":", linewidth=1.5,
                 label=f"Median done per week: {number(centre)}")  # fmt: skip
    axes.set_xticks(places, [week_label(w, zone) for w in weeks])
    axes.set_xlabel("Week ending")
    axes.set_ylabel("Items")
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(chart_title(weeks), fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, loc="upper left", fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


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
