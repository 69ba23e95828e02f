"""Queries of goal check-ins: goals whose next look has come, and the ledger of check-in DMs.

The ledger works as the nudges' does (storage/nudges.py): a step is claimed by inserting its
row, whose unique key (goal, period, step) lets exactly one run win it, however many processes
tick; a claim carries a token and a lease, renewed just before sending; failures are retried
a few times. On PostgreSQL rows are locked FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, and_, or_, select, update
from sqlalchemy.orm import Session

from storage.bulk import insert_new
from storage.models import Goal, GoalCheckin, GoalValue, NudgeState
from storage.nudges import LEASE, record_failure
from storage.workspaces import still_installed


def _skip_locked(session: Session, statement: Select[Any]) -> Select[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return statement.with_for_update(skip_locked=True)
    return statement


def goals_to_plan(session: Session, *, now: datetime, limit: int) -> list[Goal]:
    """Return running goals whose next look has come, soonest first, locked for this run."""
    statement = (
        select(Goal)
        .where(Goal.next_checkin_at <= now, Goal.stopped_at.is_(None), Goal.owner_id.is_not(None),
               still_installed(Goal.team_id))
        .order_by(Goal.next_checkin_at)
        .limit(limit)
    )  # fmt: skip
    return list(session.scalars(_skip_locked(session, statement)))


def reported_periods(session: Session, *, goal_ids: Sequence[int]) -> dict[int, set[str]]:
    """Return, per goal, the periods that have a value."""
    found: dict[int, set[str]] = {goal_id: set() for goal_id in goal_ids}
    if goal_ids:
        rows = session.execute(
            select(GoalValue.goal_id, GoalValue.period).where(GoalValue.goal_id.in_(goal_ids))
        )
        for goal_id, period in rows:
            found[goal_id].add(period)
    return found


@dataclass(frozen=True)
class CheckinClaim:
    """One step of one goal's period that a run means to send."""

    team_id: str
    goal_id: int
    period: str
    step: str
    user_id: str
    at: datetime


def claim_checkins(
    session: Session, claims: Sequence[CheckinClaim], *, token: str, now: datetime
) -> int:
    """Claim steps in one INSERT; return how many no run had claimed before."""
    if not claims:
        return 0
    rows = [
        {"team_id": c.team_id, "goal_id": c.goal_id, "period": c.period, "step": c.step,
         "user_id": c.user_id, "scheduled_at": c.at, "state": NudgeState.CLAIMED,
         "claim_token": token, "lease_until": now + LEASE, "attempts": 0}
        for c in sorted(claims, key=lambda c: (c.goal_id, c.period, c.step))
    ]  # fmt: skip
    table = GoalCheckin.__table__
    assert isinstance(table, Table)
    unique = ["goal_id", "period", "step"]
    return len(insert_new(session, table, rows, unique=unique, returning=table.c.id))


def claimed_checkins(session: Session, *, token: str, now: datetime) -> list[GoalCheckin]:
    """Take this run's claims, plus abandoned claims and failures due for another try."""
    stale = select(GoalCheckin.id).where(
        or_(
            and_(GoalCheckin.state == NudgeState.CLAIMED, GoalCheckin.lease_until < now),
            and_(GoalCheckin.state == NudgeState.FAILED, GoalCheckin.next_try_at <= now),
        )
    )
    stale_ids = list(session.scalars(_skip_locked(session, stale.limit(500))))
    if stale_ids:
        session.execute(
            update(GoalCheckin)
            .where(GoalCheckin.id.in_(stale_ids))
            .values(state=NudgeState.CLAIMED, claim_token=token, lease_until=now + LEASE)
        )
    mine = select(GoalCheckin).where(
        GoalCheckin.claim_token == token, GoalCheckin.state == NudgeState.CLAIMED
    )
    return list(session.scalars(mine.order_by(GoalCheckin.id)))


def renew(session: Session, *, checkin_id: int, token: str, lease_until: datetime) -> bool:
    """Extend a claim just before sending; False when another run has taken it over."""
    renewed = session.execute(
        update(GoalCheckin)
        .where(GoalCheckin.id == checkin_id, GoalCheckin.claim_token == token,
               GoalCheckin.state == NudgeState.CLAIMED)
        .values(lease_until=lease_until)
        .returning(GoalCheckin.id)
    )  # fmt: skip
    return renewed.scalar_one_or_none() is not None


def mark_sent(session: Session, *, checkin_id: int, token: str, now: datetime) -> None:
    """Record a check-in as delivered."""
    session.execute(
        update(GoalCheckin)
        .where(GoalCheckin.id == checkin_id, GoalCheckin.claim_token == token)
        .values(state=NudgeState.SENT, sent_at=now, lease_until=None)
    )


def mark_failed(
    session: Session, *, checkin_id: int, token: str, now: datetime, error: str
) -> None:
    """Record a failed delivery of a claim this run still holds: try again later, up to a limit.

    A run whose lease ran out may fail after another run took the check-in over and sent it;
    that late failure must change nothing, or the next run would send the DM a second time.
    """
    checkin = session.get(GoalCheckin, checkin_id)
    if checkin is None or checkin.state != NudgeState.CLAIMED or checkin.claim_token != token:
        return
    record_failure(checkin, now=now, error=error)


def give_up(session: Session, *, checkin_id: int, reason: str) -> None:
    """Record a check-in that will never be sent (the value came in, the goal stopped)."""
    session.execute(
        update(GoalCheckin)
        .where(GoalCheckin.id == checkin_id)
        .values(state=NudgeState.GAVE_UP, last_error=reason[:200], lease_until=None)
    )


def asked_before(session: Session, *, goal_id: int, period: str) -> bool:
    """Tell whether a check-in for a goal's period was already sent."""
    statement = select(GoalCheckin.id).where(
        GoalCheckin.goal_id == goal_id, GoalCheckin.period == period, GoalCheckin.state == "sent"
    )
    return session.scalars(statement.limit(1)).first() is not None


def ledger_of(session: Session, *, goal_id: int) -> list[tuple[str, str, str]]:
    """Return (period, step, state) of a goal's ledger, for tests and operators."""
    statement = (
        select(GoalCheckin.period, GoalCheckin.step, GoalCheckin.state)
        .where(GoalCheckin.goal_id == goal_id)
        .order_by(GoalCheckin.id)
    )
    return [tuple(row) for row in session.execute(statement)]  # type: ignore[misc]
