"""A goal's run chart as a PNG, from a JSON-serialisable spec: one pure function.

The spec (every value plain JSON, so a worker process can draw it from a message):
    {"kind": "run_chart", "title": str, "alt": str, "y_label": str,
     "labels": [str, …],            one per point, oldest first ("Nov", "Nov 2")
     "values": [float, …],          the points; exact only where they may be shown
     "hidden": [bool, …],           points drawn without their number ("fewer than 11")
     "hidden_label": str,           what a hidden point's label says
     "median": float | null,        the centre line
     "median_until": int | null,    the baseline's last point: the median is frozen after it
     "target": float | null, "target_label": str,
     "annotations": [{"at": int, "text": str}, …],   tests of change ("T-3"), a dotted line each
     "signals": [{"start": int, "end": int}, …]}   points the rules picked out, drawn filled
A hidden point sits at the top of the "fewer than N" band with a hollow marker, so its place
never tells its number. matplotlib is imported inside the function (startup stays fast) and only
the object API with the Agg canvas is used (pyplot's global state is not thread-safe).
"""

from __future__ import annotations

import io
from typing import Any

WIDTH, HEIGHT, DPI = 800, 420, 100
LINE_COLOR, SIGNAL_COLOR, TARGET_COLOR, MEDIAN_COLOR = "#2d4a3e", "#c07a00", "#b03a2e", "#555555"
NOTE_COLOR = "#5b4a8a"  # tests of change


def run_chart_png(spec: dict[str, Any]) -> bytes:
    """Draw a run chart from its spec; return the PNG's bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    labels, values = list(spec["labels"]), [float(v) for v in spec["values"]]
    hidden = list(spec.get("hidden") or [False] * len(values))
    floor = float(spec.get("hidden_floor") or 0)
    drawn = [floor if hide else value for value, hide in zip(values, hidden, strict=True)]
    places = list(range(len(values)))
    axes.plot(places, drawn, color=LINE_COLOR, linewidth=1.5, zorder=2)
    marked = {i for s in spec.get("signals", []) for i in range(s["start"], s["end"] + 1)}
    for i, (y, hide) in enumerate(zip(drawn, hidden, strict=True)):
        color = SIGNAL_COLOR if i in marked else LINE_COLOR
        axes.plot([i], [y], marker="o", markersize=7, color=color,
                  markerfacecolor="white" if hide else color, zorder=3)  # fmt: skip
    if floor:
        axes.axhspan(0, floor, color="#eeeeee", zorder=0, label=spec.get("hidden_label", ""))
    _centre(axes, spec, len(values))
    if spec.get("target") is not None:
        axes.axhline(float(spec["target"]), color=TARGET_COLOR, linestyle="--", linewidth=1.2,
                     label=spec.get("target_label") or "Target")  # fmt: skip
    _annotate(axes, spec.get("annotations", []), drawn)
    axes.set_xticks(places, labels, rotation=45 if len(labels) > 8 else 0, fontsize=8)
    axes.set_ylabel(spec.get("y_label", ""))
    axes.set_ylim(bottom=0)
    if all(float(v).is_integer() for v in values):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(spec["title"], fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, loc="best", fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    words = {"Title": spec["title"], "Description": spec.get("alt", "")}
    figure.savefig(buffer, format="png", dpi=DPI, metadata=words)
    return buffer.getvalue()


def _annotate(axes: Any, notes: list[dict[str, Any]], drawn: list[float]) -> None:
    """Mark each annotation (a test of change) with a dotted line at its point, named at the top."""
    shown = [note for note in notes if 0 <= int(note["at"]) < len(drawn)]  # past the points: none
    for index, note in enumerate(shown):
        at = int(note["at"])
        axes.axvline(at, color=NOTE_COLOR, linestyle=":", linewidth=1, zorder=1,
                     label="Test of change began" if index == 0 else None)  # fmt: skip
        # At the top, beside its line, on white: it never hides a point or the line's value.
        axes.annotate(note["text"], (at, 1.0), xycoords=("data", "axes fraction"),
                      textcoords="offset points", xytext=(3, -12), ha="left", fontsize=8,
                      color=NOTE_COLOR, bbox={"boxstyle": "round,pad=0.2", "fc": "white",
                                              "ec": "none", "alpha": 0.9})  # fmt: skip


def _centre(axes: Any, spec: dict[str, Any], count: int) -> None:
    """Draw the median: solid over the baseline, dashed where it is carried on, frozen."""
    if spec.get("median") is None or not count:
        return
    centre, until = float(spec["median"]), spec.get("median_until")
    label = spec.get("median_label") or "Median"
    if until is None or until >= count - 1:
        axes.plot([0, count - 1], [centre, centre], color=MEDIAN_COLOR, linewidth=1, label=label)
        return
    axes.plot([0, until], [centre, centre], color=MEDIAN_COLOR, linewidth=1, label=label)
    axes.plot([until, count - 1], [centre, centre], color=MEDIAN_COLOR, linewidth=1,
              linestyle=":", label="Baseline median, carried on")  # fmt: skip


def draw(data: dict[str, Any]) -> bytes:
    """Draw a run chart for the chart worker (bot.chart_worker, kind "run_chart")."""
    return run_chart_png(data)
