"""Drawing the digest's run chart with matplotlib, from the chart's JSON description.

The chart worker (`bot.chart_worker`) calls `draw` for the "digest_trend" kind, in a short-lived
process of its own, so matplotlib never loads into `backbone serve`. This module imports nothing
of Backbone and only the standard library at its top: the worker starts with matplotlib alone.

The description (built by `bot.digest_chart.trend_chart`) is plain JSON:

    {"title": "Run chart of …", "weeks": ["Nov 23", "Nov 30"], "open": [3, 2], "done": [1, 2],
     "overdue": [0, 1], "median": 1.5, "median_label": "Median done per week: 1.5"}

The object API with the Agg canvas is used, never pyplot: pyplot keeps global state.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT, DPI = 800, 400, 100
# The app's green, an amber and a brick red; each line also has its own marker and dash, so
# the chart reads in grey and for people who do not tell these colours apart.
OPEN_COLOR, DONE_COLOR, OVERDUE_COLOR = "#2d4a3e", "#c07a00", "#b03a2e"
MAX_WEEKS = 60  # the digest draws 12; more is not a digest's chart


@dataclass(frozen=True)
class Trend:
    """A checked description of the digest's run chart."""

    title: str
    weeks: list[str]
    open: list[int]
    done: list[int]
    overdue: list[int]
    median: float
    median_label: str

    @classmethod
    def of(cls, data: dict[str, Any]) -> Trend:
        """Check a JSON description; raise ValueError saying what is wrong with it."""
        weeks = data.get("weeks")
        if not isinstance(weeks, list) or not 0 < len(weeks) <= MAX_WEEKS:
            raise ValueError(f"'weeks' must be a list of 1 to {MAX_WEEKS} labels")
        median = data.get("median")
        if not isinstance(median, int | float) or isinstance(median, bool):
            raise ValueError("'median' must be a number")
        open_, done, overdue = (
            _counts(data, name, len(weeks)) for name in ("open", "done", "overdue")
        )
        return cls(
            title=_text(data, "title"), weeks=[_text({"week": w}, "week") for w in weeks],
            open=open_, done=done, overdue=overdue,
            median=float(median), median_label=_text(data, "median_label"),
        )  # fmt: skip


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or len(value) > 200:
        raise ValueError(f"'{name}' must be text of at most 200 characters")
    return value


def _counts(data: dict[str, Any], name: str, weeks: int) -> list[int]:
    values = data.get(name)
    if not isinstance(values, list) or len(values) != weeks:
        raise ValueError(f"'{name}' must have one count per week")
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
        raise ValueError(f"'{name}' must hold whole numbers, 0 or more")
    return values


def draw(data: dict[str, Any]) -> bytes:
    """Draw the digest's run chart from its description; return the PNG's bytes."""
    trend = Trend.of(data)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    places = list(range(len(trend.weeks)))
    lines = (
        ("Open at the week's end", trend.open, OPEN_COLOR, "o", "-"),
        ("Done in the week", trend.done, DONE_COLOR, "s", "-"),
        ("Overdue at the week's end", trend.overdue, OVERDUE_COLOR, "^", "--"),
    )
    for label, values, color, marker, style in lines:
        axes.plot(places, values, label=label, color=color, marker=marker, linestyle=style)
    axes.axhline(trend.median, color=DONE_COLOR, linestyle=":", linewidth=1.5,
                 label=trend.median_label)  # fmt: skip
    axes.set_xticks(places, trend.weeks)
    axes.set_xlabel("Week ending")
    axes.set_ylabel("Items")
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(trend.title, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, loc="upper left", fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
