"""Goals in `backbone export`: every goal with every value, exact (the coordinator's own numbers).

Small counts are hidden in what Backbone posts, never here: the export is for the coordinator,
who reports them onward. Notes are as typed; goals hold no client data (bot/privacy.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from storage import goals as store
from storage.models import Goal, GoalValue, NorthStar


def value_record(value: GoalValue) -> dict[str, Any]:
    """Return one value as exported."""
    return {
        "period": value.period,
        "value": value.value,
        "note": value.note,
        "reported_by": value.reported_by,
        "reported_at": value.reported_at.isoformat(),
    }


def goal_record(goal: Goal, values: list[GoalValue]) -> dict[str, Any]:
    """Return a goal and its values as exported."""
    return {
        "code": goal.code, "title": goal.title, "channel": goal.channel_id, "kind": goal.kind,
        "template": goal.template,
        "direction": "higher is better" if goal.higher_is_better else "lower is better",
        "baseline": goal.baseline, "target": goal.target,
        "target_date": goal.target_date.isoformat() if goal.target_date else None,
        "owner": goal.owner_id, "cadence": goal.cadence, "cadence_day": goal.cadence_day,
        "method": goal.method, "baseline_points": goal.baseline_points,
        "point_in_time_count": goal.point_in_time_count,
        "created_by": goal.created_by, "created_at": goal.created_at.isoformat(),
        "stopped_at": goal.stopped_at.isoformat() if goal.stopped_at else None,
        "values": [value_record(v) for v in values],
    }  # fmt: skip


def star_record(star: NorthStar) -> dict[str, Any]:
    """Return a channel's north star as exported."""
    return {"channel": star.channel_id, "text": star.text, "set_by": star.set_by,
            "set_at": star.set_at.isoformat()}  # fmt: skip


def goal_records(
    session: Session, *, team_id: str, channel: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Return a workspace's goals (with values) and north stars, of one channel when asked."""
    goals = [g for g in store.team_goals(session, team_id=team_id)
             if channel is None or g.channel_id == channel]  # fmt: skip
    values = store.values_by_goal(session, goal_ids=[g.id for g in goals])
    stars = [s for s in store.north_stars(session, team_id=team_id)
             if channel is None or s.channel_id == channel]  # fmt: skip
    return {
        "goals": [goal_record(goal, values[goal.id]) for goal in goals],
        "north_stars": [star_record(star) for star in stars],
    }


def goal_csv_row(goal: dict[str, Any]) -> dict[str, Any]:
    """Return a goal as a row of the CSV table; its values go in `results`."""
    results = "; ".join(f"{v['period']}: {v['value']:g}" for v in goal["values"])
    return {**goal, "type": "goal", "creator": goal["created_by"],
            "status": "stopped" if goal["stopped_at"] else "running", "owners": goal["owner"],
            "due": goal["target_date"], "results": results}  # fmt: skip
