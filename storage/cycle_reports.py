"""Reading tests of change for what reports on them: the digest, the learning log, run charts.

Each function returns `CycleFacts`, plain values read in a few queries however many cycles
there are (owners, goals and linked cycles are read once for all of them), so the messages
built from them need no database session.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, aliased

from storage.models import ActionItem, Cycle, CycleOwner, CycleStatus, Goal

DECIDED = (CycleStatus.ADOPTED, CycleStatus.ADAPTED, CycleStatus.ABANDONED)


@dataclass(frozen=True)
class CycleFacts:
    """What a report says about one test of change."""

    id: int
    number: int
    channel_id: str
    change_idea: str
    prediction: str
    status: str
    starts_on: date
    ends_on: date
    tz: str
    owners: tuple[str, ...]
    created_by: str
    created_at: datetime
    goal: str | None  # "G-2"
    learning: str | None
    result: str | None
    decision_reason: str | None
    decided_at: datetime | None
    follows: str | None  # "T-3"
    scaled_from: str | None
    scaled_from_channel: str | None
    next: tuple[str, ...] = ()  # the cycles made from this one: its ramp's next, its copies

    @property
    def code(self) -> str:
        """The code people use for the cycle, like T-3."""
        return f"T-{self.number}"


@dataclass(frozen=True)
class CycleMark:
    """Where a cycle sits on its goal's run chart: its code and the day it started."""

    code: str
    starts_on: date


_Before = aliased(Cycle)
_Source = aliased(Cycle)
COLUMNS = (
    Cycle.id, Cycle.number, Cycle.channel_id, Cycle.change_idea, Cycle.prediction, Cycle.status,
    Cycle.starts_on, Cycle.ends_on, Cycle.tz, Cycle.created_by, Cycle.created_at, Goal.number,
    Cycle.learning, Cycle.result, Cycle.decision_reason, Cycle.decided_at, _Before.number,
    _Source.number, _Source.channel_id,
)  # fmt: skip


def _facts(session: Session, where: ColumnElement[bool], *order: object) -> list[CycleFacts]:
    statement = (
        select(*COLUMNS)
        .outerjoin(Goal, Goal.id == Cycle.goal_id)
        .outerjoin(_Before, _Before.id == Cycle.follows_id)
        .outerjoin(_Source, _Source.id == Cycle.scaled_from_id)
        .where(where)
        .order_by(*order)  # type: ignore[arg-type]
    )
    rows = session.execute(statement).all()
    owners = _owners(session, [row[0] for row in rows])
    return [_one(row, owners.get(row[0], ())) for row in rows]


def _one(row: Any, owners: tuple[str, ...]) -> CycleFacts:
    (id_, number, channel, idea, prediction, status, starts, ends, tz, by, at, goal, learning,
     result, reason, decided, before, source, source_channel) = row  # fmt: skip
    return CycleFacts(
        id=id_, number=number, channel_id=channel, change_idea=idea, prediction=prediction,
        status=status, starts_on=starts, ends_on=ends, tz=tz, owners=owners, created_by=by,
        created_at=at, goal=f"G-{goal}" if goal is not None else None, learning=learning,
        result=result, decision_reason=reason, decided_at=decided,
        follows=f"T-{before}" if before is not None else None,
        scaled_from=f"T-{source}" if source is not None else None,
        scaled_from_channel=source_channel,
    )  # fmt: skip


def _owners(session: Session, cycle_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not cycle_ids:
        return {}
    found: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(CycleOwner.cycle_id, CycleOwner.user_id)
        .where(CycleOwner.cycle_id.in_(cycle_ids))
        .order_by(CycleOwner.cycle_id, CycleOwner.position)
    )
    for cycle_id, user_id in rows:
        found[cycle_id].append(user_id)
    return {cycle_id: tuple(people) for cycle_id, people in found.items()}


def digest_cycles(
    session: Session, *, team_id: str, channel_id: str, since: datetime, first_day: date
) -> list[CycleFacts]:
    """Return a channel's cycles a digest may speak of: undecided ones, and those since `since`.

    Undecided: running or studied. Since: made, or decided, after `since`, or starting on or
    after `first_day`. Oldest first.
    """
    where = and_(
        Cycle.team_id == team_id,
        Cycle.channel_id == channel_id,
        or_(
            Cycle.status.in_((CycleStatus.DOING, CycleStatus.STUDIED)),
            Cycle.created_at > since,
            Cycle.decided_at > since,
            Cycle.starts_on >= first_day,
        ),
    )
    return _facts(session, where, Cycle.number)


def decided_facts(
    session: Session, *, team_id: str, channel_id: str | None, limit: int,
    channels: Sequence[str] | None = None,
) -> tuple[list[CycleFacts], dict[str, int]]:  # fmt: skip
    """Return the latest decided cycles (newest first, up to `limit`) and how many per decision.

    `channel_id` keeps one channel; `channels`, when given, keeps only those.
    """
    where = and_(Cycle.team_id == team_id, Cycle.status.in_(DECIDED))
    if channel_id is not None:
        where = and_(where, Cycle.channel_id == channel_id)
    if channels is not None:
        where = and_(where, Cycle.channel_id.in_(list(channels)))
    found = _facts(session, where, Cycle.decided_at.desc(), Cycle.number.desc())
    counts = Counter(cycle.status for cycle in found)
    kept: list[CycleFacts] = []
    for cycle in found:  # newest first: the latest `limit` of each decision
        if sum(1 for c in kept if c.status == cycle.status) < limit:
            kept.append(cycle)
    made = _made_from(session, team_id=team_id, ids=[c.id for c in kept])
    return [replace(c, next=made.get(c.id, ())) for c in kept], dict(counts)


def _made_from(session: Session, *, team_id: str, ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Return the codes of the cycles that follow, or were copied from, each of these."""
    if not ids:
        return {}
    rows = session.execute(
        select(Cycle.follows_id, Cycle.scaled_from_id, Cycle.number)
        .where(Cycle.team_id == team_id,
               or_(Cycle.follows_id.in_(ids), Cycle.scaled_from_id.in_(ids)))
        .order_by(Cycle.number)
    )  # fmt: skip
    found: dict[int, list[str]] = defaultdict(list)
    for follows, scaled_from, number in rows:
        source = follows if follows in ids else scaled_from
        if source is not None:
            found[source].append(f"T-{number}")
    return {cycle_id: tuple(codes) for cycle_id, codes in found.items()}


def decided_channels(session: Session, *, team_id: str) -> list[str]:
    """Return the channels that hold a decided cycle."""
    where = and_(Cycle.team_id == team_id, Cycle.status.in_(DECIDED))
    return list(session.scalars(select(Cycle.channel_id).where(where).distinct()))


def goal_marks(
    session: Session, *, team_id: str, goal_ids: Sequence[int]
) -> dict[int, list[CycleMark]]:
    """Return the cycles linked to each goal, by start day: one query for all the goals."""
    if not goal_ids:
        return {}
    rows = session.execute(
        select(Cycle.goal_id, Cycle.number, Cycle.starts_on)
        .where(Cycle.team_id == team_id, Cycle.goal_id.in_(list(goal_ids)))
        .order_by(Cycle.starts_on, Cycle.number)
    )
    found: dict[int, list[CycleMark]] = defaultdict(list)
    for goal_id, number, starts_on in rows:
        if goal_id is not None:
            found[goal_id].append(CycleMark(f"T-{number}", starts_on))
    return dict(found)


def cycle_task_codes(session: Session, *, team_id: str) -> dict[int, list[str]]:
    """Return the codes of each cycle's tasks (A-codes), by the cycle's row id."""
    rows = session.execute(
        select(ActionItem.cycle_id, ActionItem.number)
        .where(ActionItem.team_id == team_id, ActionItem.cycle_id.is_not(None))
        .order_by(ActionItem.number)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for cycle_id, number in rows:
        if cycle_id is not None:
            found[cycle_id].append(f"A-{number}")
    return dict(found)


def numbers_by_id(session: Session, *, team_id: str) -> dict[int, int]:
    """Return each cycle's number by its row id (to write links as T-codes)."""
    rows = session.execute(select(Cycle.id, Cycle.number).where(Cycle.team_id == team_id))
    return {int(key): int(number) for key, number in rows}


def goal_numbers(session: Session, *, team_id: str) -> dict[int, int]:
    """Return each goal's number by its row id."""
    rows = session.execute(select(Goal.id, Goal.number).where(Goal.team_id == team_id))
    return {int(key): int(number) for key, number in rows}
