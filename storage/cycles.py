"""Queries of tests of change (T-<n>): cycles, their owners and their tasks. Every query
filters by team_id; none commits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.models import ActionItem, Cycle, CycleOwner, CycleStatus
from storage.workspaces import take_number

CODE = re.compile(r"\s*[Tt]-?\s*(\d{1,9})\s*")
DECIDED = (CycleStatus.ADOPTED, CycleStatus.ADAPTED, CycleStatus.ABANDONED)


@dataclass(frozen=True)
class CyclePlan:
    """What a new cycle is: the Plan of Plan-Do-Study-Act, and where it stands."""

    channel_id: str
    change_idea: str
    question: str
    prediction: str
    starts_on: date
    ends_on: date
    tz: str
    owner_ids: Sequence[str]
    measure: str | None = None
    plan: str | None = None
    goal_id: int | None = None
    follows_id: int | None = None
    scaled_from_id: int | None = None


def study_time(ends_on: date, tz: str) -> datetime:
    """Return when a cycle ending that day is first due for Study: the next day's start, in tz."""
    return datetime.combine(ends_on + timedelta(days=1), time(0), tzinfo=ZoneInfo(tz))


def next_cycle_number(session: Session, *, team_id: str, now: datetime) -> int:
    """Take the workspace's next cycle number (T-1, T-2…)."""
    return take_number(session, team_id=team_id, counter="cycle_seq", now=now)


def add_cycle(
    session: Session, *, team_id: str, plan: CyclePlan, created_by: str, now: datetime
) -> Cycle:
    """Store a new cycle with its owners, numbered, due for Study the day after it ends."""
    cycle = Cycle(
        team_id=team_id, number=next_cycle_number(session, team_id=team_id, now=now),
        channel_id=plan.channel_id, goal_id=plan.goal_id, change_idea=plan.change_idea,
        question=plan.question, prediction=plan.prediction, measure=plan.measure,
        plan=plan.plan, starts_on=plan.starts_on, ends_on=plan.ends_on, tz=plan.tz,
        status=CycleStatus.DOING, created_by=created_by, created_at=now, updated_at=now,
        follows_id=plan.follows_id, scaled_from_id=plan.scaled_from_id,
        next_study_at=study_time(plan.ends_on, plan.tz),
    )  # fmt: skip
    cycle.owners = _owner_rows(plan.owner_ids)
    session.add(cycle)
    session.flush()
    return cycle


def set_cycle_owners(session: Session, *, cycle: Cycle, owner_ids: Sequence[str]) -> None:
    """Replace a cycle's owners, keeping the order given."""
    cycle.owners = _owner_rows(owner_ids)
    session.flush()


def _owner_rows(owner_ids: Sequence[str]) -> list[CycleOwner]:
    unique = list(dict.fromkeys(owner_ids))
    return [CycleOwner(user_id=uid, position=i) for i, uid in enumerate(unique)]


def number_of(code: str) -> int | None:
    """Return the number in a code like "T-3" (or "t3"), or None when it is not one."""
    found = CODE.fullmatch(code)
    return int(found.group(1)) if found else None


def cycle_by_code(session: Session, *, team_id: str, code: str) -> Cycle | None:
    """Return the workspace's cycle with that code ("T-3"), or None."""
    number = number_of(code)
    if number is None:
        return None
    return cycle_by_number(session, team_id=team_id, number=number)


def cycle_by_number(session: Session, *, team_id: str, number: int) -> Cycle | None:
    """Return the workspace's cycle with that number, or None."""
    statement = select(Cycle).where(Cycle.team_id == team_id, Cycle.number == number)
    return session.scalars(statement).one_or_none()


def cycles_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, Cycle]:
    """Return cycles by row id (None ids are left out)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {c.id: c for c in session.scalars(select(Cycle).where(Cycle.id.in_(wanted)))}


def cycles_in_channel(
    session: Session, *, team_id: str, channel_id: str, limit: int = 50
) -> list[Cycle]:
    """Return a channel's cycles, the newest first."""
    statement = (
        select(Cycle)
        .where(Cycle.team_id == team_id, Cycle.channel_id == channel_id)
        .order_by(Cycle.number.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def count_in_channel(session: Session, *, team_id: str, channel_id: str) -> int:
    """Return how many cycles a channel has."""
    statement = select(func.count()).where(Cycle.team_id == team_id, Cycle.channel_id == channel_id)
    return int(session.scalar(statement) or 0)


def team_cycles(session: Session, *, team_id: str) -> list[Cycle]:
    """Return every cycle of a workspace, in number order."""
    statement = select(Cycle).where(Cycle.team_id == team_id).order_by(Cycle.number)
    return list(session.scalars(statement))


def cycle_tasks(session: Session, *, cycle: Cycle) -> list[ActionItem]:
    """Return a cycle's tasks (action items linked to it), in number order."""
    statement = (
        select(ActionItem)
        .where(ActionItem.team_id == cycle.team_id, ActionItem.cycle_id == cycle.id)
        .order_by(ActionItem.number)
    )
    return list(session.scalars(statement))


def following(session: Session, *, cycle: Cycle) -> list[Cycle]:
    """Return the cycles that follow this one in a ramp (T-4 follows T-3), in number order."""
    return _linked_to(session, cycle, Cycle.follows_id)


def scaled_out(session: Session, *, cycle: Cycle) -> list[Cycle]:
    """Return the cycles started elsewhere from this one, in number order."""
    return _linked_to(session, cycle, Cycle.scaled_from_id)


def _linked_to(
    session: Session, cycle: Cycle, link: InstrumentedAttribute[int | None]
) -> list[Cycle]:
    statement = (
        select(Cycle).where(Cycle.team_id == cycle.team_id, link == cycle.id).order_by(Cycle.number)
    )
    return list(session.scalars(statement))


def save_study(
    session: Session, *, cycle: Cycle, by: str, now: datetime, observations: str | None,
    result: str | None, surprise: str | None, learning: str | None,
) -> None:  # fmt: skip
    """Record what a cycle's Study found; the cycle is studied and no longer due for Study."""
    cycle.observations, cycle.result = observations, result
    cycle.surprise, cycle.learning = surprise, learning
    cycle.studied_by, cycle.studied_at = by, now
    if cycle.status == CycleStatus.DOING:
        cycle.status = CycleStatus.STUDIED
    cycle.next_study_at = None
    cycle.updated_at = now
    session.flush()


def decide(
    session: Session, *, cycle: Cycle, by: str, now: datetime, status: CycleStatus, reason: str
) -> None:
    """Record the Act decision: adopted, adapted or abandoned, and why."""
    if status not in DECIDED:
        raise ValueError(f"not a decision: {status}")
    cycle.status = status
    cycle.decision_reason, cycle.decided_by, cycle.decided_at = reason, by, now
    cycle.next_study_at = None
    cycle.updated_at = now
    session.flush()


def cycles_for_goal(session: Session, *, team_id: str, goal_id: int) -> list[Cycle]:
    """Return the cycles serving a goal, by start date (for its run chart)."""
    statement = (
        select(Cycle)
        .where(Cycle.team_id == team_id, Cycle.goal_id == goal_id)
        .order_by(Cycle.starts_on, Cycle.number)
    )
    return list(session.scalars(statement))


def cycles_changed_between(
    session: Session, *, team_id: str, channel_id: str, start: datetime, end: datetime
) -> list[Cycle]:
    """Return a channel's cycles created, studied or decided in [start, end), in number order."""
    moments = (Cycle.created_at, Cycle.studied_at, Cycle.decided_at)
    statement = (
        select(Cycle)
        .where(Cycle.team_id == team_id, Cycle.channel_id == channel_id)
        .where(or_(*(and_(at >= start, at < end) for at in moments)))
        .order_by(Cycle.number)
    )
    return list(session.scalars(statement))


def awaiting_study(
    session: Session, *, team_id: str, channel_id: str | None, today: date
) -> list[Cycle]:
    """Return the cycles that ended before `today` and are not studied yet, in number order."""
    statement = select(Cycle).where(
        Cycle.team_id == team_id, Cycle.status == CycleStatus.DOING, Cycle.ends_on < today
    )
    if channel_id is not None:
        statement = statement.where(Cycle.channel_id == channel_id)
    return list(session.scalars(statement.order_by(Cycle.number)))


def decided_cycles(session: Session, *, team_id: str, channel_id: str | None) -> list[Cycle]:
    """Return the adopted, adapted and abandoned cycles (of a channel, or all), newest first."""
    statement = select(Cycle).where(Cycle.team_id == team_id, Cycle.status.in_(DECIDED))
    if channel_id is not None:
        statement = statement.where(Cycle.channel_id == channel_id)
    return list(session.scalars(statement.order_by(Cycle.decided_at.desc(), Cycle.number.desc())))
