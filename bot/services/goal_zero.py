"""A Built for Zero population's month, from its template goals: inflow, outflow, functional zero.

The arithmetic and its sources are in bot/bfz.py; this gathers the six measures' values of one
channel and month.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.bfz import MEASURES, ZeroStatus, functional_zero, inflow, outflow
from bot.goal_periods import Period, from_key
from bot.services.goals import anchor_of
from storage import goals as store
from storage.models import Goal


@dataclass(frozen=True)
class ZeroSummary:
    """A Built for Zero population's month: inflow, outflow, and the distance to functional zero."""

    period: Period
    inflow: int
    outflow: int
    status: ZeroStatus


def bfz_summary(session: Session, *, goal: Goal) -> ZeroSummary | None:
    """Work out a Built for Zero goal's population at its latest month with actively homeless."""
    if not goal.template or not goal.template.startswith("bfz:"):
        return None
    population = goal.template.split(":")[1]
    siblings = [g for g in store.channel_goals(session, team_id=goal.team_id,
                                               channel_id=goal.channel_id)
                if g.template and g.template.startswith(f"bfz:{population}:")]  # fmt: skip
    by_key = {(g.template or "").split(":")[2]: g for g in siblings}
    values = store.values_by_goal(session, goal_ids=[g.id for g in siblings])
    months: dict[str, dict[str, int]] = {}
    for key, sibling in by_key.items():
        for value in values[sibling.id]:
            months.setdefault(value.period, {})[key] = int(value.value)
    latest = max((p for p, m in months.items() if "actively_homeless" in m), default=None)
    if latest is None:
        return None
    month = months[latest]
    housed = [months[p]["housed"] for p in sorted(months) if p <= latest and "housed" in months[p]]
    counted = max((g.point_in_time_count or 0 for g in siblings), default=0) or None
    status = functional_zero("veterans" if population == "veterans" else "chronic",
                             month["actively_homeless"], housed, counted)  # fmt: skip
    counts = [month.get(m.key, 0) for m in MEASURES]
    _, new, back_housing, back_inactive, housed_now, inactive = counts
    return ZeroSummary(
        period=from_key(latest, "monthly", anchor=anchor_of(goal)),
        inflow=inflow(new, back_housing, back_inactive), outflow=outflow(housed_now, inactive),
        status=status,
    )  # fmt: skip
