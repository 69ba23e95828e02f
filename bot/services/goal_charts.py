"""A goal's run chart: its JSON spec (values hidden where they must be), drawn and shared.

The spec is plain JSON so that drawing can happen in another process (`bot.run_chart`, chart
kind "run_chart"). Only what everyone may see goes into it: a count under the workspace's
threshold goes in as hidden, drawn at the threshold with a hollow marker and no number.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from bot.chart_worker import ChartFailed, Drawer
from bot.messages.goals import alt_text, chart_title
from bot.port import ChatError, ChatPort, PostRef
from bot.services.goals import GoalPicture, shown, written

log = logging.getLogger(__name__)


def chart_spec(
    picture: GoalPicture, today: date, *, annotations: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Return the run chart's spec: JSON only, every label as everyone may see it."""
    goal, report, threshold = picture.goal, picture.report, picture.threshold
    hidden = [goal.is_count and v.value < threshold for v in picture.values]
    values = [
        float(threshold if hide else v.value)
        for v, hide in zip(picture.values, hidden, strict=True)
    ]
    median = report.median
    if median is not None and goal.is_count and median < threshold:
        median = None  # a centre line under the threshold would tell the small counts
    return {
        "kind": "run_chart",
        "title": chart_title(goal),
        "alt": _with_cycles(alt_text(picture, today), picture, today),
        "y_label": goal.title[:60],
        "labels": [p.label(today) for p in picture.periods],
        "values": values,
        "hidden": hidden,
        "hidden_floor": threshold if any(hidden) else 0,
        "hidden_label": f"fewer than {threshold}",
        "median": median,
        "median_label": f"Median {shown(median, goal=goal, threshold=threshold)}"
        if median is not None
        else "",
        "median_until": (goal.baseline_points - 1) if goal.baseline_points else None,
        "target": goal.target,
        "target_label": f"Target {written(goal.target)}" if goal.target is not None else "",
        "annotations": list(annotations if annotations is not None else cycle_notes(picture)),
        "signals": [{"start": s.start, "end": s.end} for s in report.signals if s.direction],
    }


def cycle_notes(picture: GoalPicture) -> list[dict[str, Any]]:
    """Mark each test of change linked to the goal at the point of the period it started in.

    A cycle that started between two reported periods marks the next one; one that started
    after the latest is not drawn yet. Cycles in the same period share one mark ("T-3, T-4").
    """
    at: dict[int, list[str]] = {}
    for mark in picture.cycles:
        index = next((i for i, p in enumerate(picture.periods) if mark.starts_on <= p.last), None)
        if index is not None:
            at.setdefault(index, []).append(mark.code)
    return [{"at": index, "text": ", ".join(codes)} for index, codes in sorted(at.items())]


def _with_cycles(alt: str, picture: GoalPicture, today: date) -> str:
    notes = cycle_notes(picture)
    if not notes:
        return alt
    said = "; ".join(f"{n['text']} from {picture.periods[n['at']].label(today)}" for n in notes)
    return f"{alt} Tests of change: {said}."[:1000]


def share_chart(
    port: ChatPort,
    picture: GoalPicture,
    today: date,
    *,
    channel: str,
    thread: PostRef | None,
    draw: Drawer,
) -> bool:
    """Draw and upload a goal's run chart; False when there is nothing to draw or it failed.

    `draw` is the chart worker in serve (the plotting library never loads there) or the
    process itself in a one-shot tick: see bot.chart_worker.
    """
    if not picture.values:
        return False
    spec = chart_spec(picture, today)
    try:
        png = draw("run_chart", spec)
        port.upload_image(channel, png, name=f"run-chart-{picture.goal.code}", title=spec["title"],
                          alt=spec["alt"], thread=thread)  # fmt: skip
    except (ChatError, ChartFailed, OSError) as error:
        log.warning("the run chart of %s was not shared: %s", picture.goal.code,
                    error.reason if isinstance(error, ChatError) else error)  # fmt: skip
        return False
    return True
