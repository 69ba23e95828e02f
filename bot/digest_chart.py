"""The digest's picture: items open and done over the last weeks, as a PNG with its alt text.

matplotlib is imported only when a picture is drawn, so `backbone tick` starts fast when no
digest is due. The object API with the Agg canvas is used, never pyplot: pyplot keeps global
state that is not safe across the threads that serve Slack.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.services.digests import TrendWeek

WIDTH, HEIGHT, DPI = 800, 400, 100
OPEN_COLOR, DONE_COLOR = "#2d4a3e", "#e0a030"  # the app's green; an amber that reads in grey
ALT_LIMIT = 1000  # Slack's limit on a file's alt text


def week_label(week: TrendWeek, zone: str) -> str:
    """Return how a week is named under its bars: the day it ends, like "Nov 23"."""
    local = week.end.astimezone(ZoneInfo(zone))
    return f"{local:%b} {local.day}"


def trend_png(weeks: Sequence[TrendWeek], *, zone: str) -> bytes:
    """Draw open and done per week as side-by-side bars; return the PNG's bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    places = range(len(weeks))
    axes.bar([x - 0.2 for x in places], [w.open for w in weeks], 0.4, label="Open at week's end",
             color=OPEN_COLOR)  # fmt: skip
    axes.bar([x + 0.2 for x in places], [w.done for w in weeks], 0.4, label="Done that week",
             color=DONE_COLOR)  # fmt: skip
    axes.set_xticks(list(places), [week_label(w, zone) for w in weeks])
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title("Open and done items, last 8 weeks")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, loc="upper left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def trend_alt_text(weeks: Sequence[TrendWeek], *, zone: str) -> str:
    """Say in words what the picture shows, week by week, for screen readers."""
    parts = [f"{week_label(w, zone)}: {w.open} open, {w.done} done" for w in weeks]
    text = "Bar chart of open and done items in this channel, weeks ending " + "; ".join(parts)
    return text[: ALT_LIMIT - 1] + "." if len(text) >= ALT_LIMIT else text + "."
