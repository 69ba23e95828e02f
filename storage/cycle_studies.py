"""Queries of Study reminders: cycles whose next look has come, and the ledger of their DMs.

The ledger works as the goal check-ins' does (storage/goal_checkins.py): a step is claimed by
inserting its row, whose unique key (cycle, person, step) lets exactly one run win it, however
many processes tick; a claim carries a token and a lease, renewed just before sending; failures
are retried a few times. On PostgreSQL rows are locked FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, and_, or_, select, update
from sqlalchemy.orm import Session

from storage.bulk import insert_new
from storage.models import Cycle, CycleStatus, CycleStudyNudge, NudgeState
from storage.nudges import LEASE, record_failure
from storage.workspaces import still_installed


def _skip_locked(session: Session, statement: Select[Any]) -> Select[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return statement.with_for_update(skip_locked=True)
    return statement


def cycles_to_plan(session: Session, *, now: datetime, limit: int) -> list[Cycle]:
    """Return running cycles whose next look has come, soonest first, locked for this run."""
    statement = (
        select(Cycle)
        .where(Cycle.next_study_at <= now, Cycle.status == CycleStatus.DOING,
               still_installed(Cycle.team_id))
        .order_by(Cycle.next_study_at)
        .limit(limit)
    )  # fmt: skip
    return list(session.scalars(_skip_locked(session, statement)))


@dataclass(frozen=True)
class StudyClaim:
    """One step of one owner's Study reminders that a run means to send."""

    team_id: str
    cycle_id: int
    user_id: str
    step: str
    at: datetime


def claim_studies(
    session: Session, claims: Sequence[StudyClaim], *, token: str, now: datetime
) -> int:
    """Claim steps in one INSERT; return how many no run had claimed before."""
    if not claims:
        return 0
    rows = [
        {"team_id": c.team_id, "cycle_id": c.cycle_id, "user_id": c.user_id, "step": c.step,
         "scheduled_at": c.at, "state": NudgeState.CLAIMED, "claim_token": token,
         "lease_until": now + LEASE, "attempts": 0}
        for c in sorted(claims, key=lambda c: (c.cycle_id, c.user_id, c.step))
    ]  # fmt: skip
    table = CycleStudyNudge.__table__
    assert isinstance(table, Table)
    unique = ["cycle_id", "user_id", "step"]
    return len(insert_new(session, table, rows, unique=unique, returning=table.c.id))


def claimed_studies(session: Session, *, token: str, now: datetime) -> list[CycleStudyNudge]:
    """Take this run's claims, plus abandoned claims and failures due for another try."""
    row = CycleStudyNudge
    stale = select(row.id).where(
        or_(
            and_(row.state == NudgeState.CLAIMED, row.lease_until < now),
            and_(row.state == NudgeState.FAILED, row.next_try_at <= now),
        )
    )
    stale_ids = list(session.scalars(_skip_locked(session, stale.limit(500))))
    if stale_ids:
        session.execute(
            update(row)
            .where(row.id.in_(stale_ids))
            .values(state=NudgeState.CLAIMED, claim_token=token, lease_until=now + LEASE)
        )
    mine = select(row).where(row.claim_token == token, row.state == NudgeState.CLAIMED)
    return list(session.scalars(mine.order_by(row.id)))


def renew(session: Session, *, nudge_id: int, token: str, lease_until: datetime) -> bool:
    """Extend a claim just before sending; False when another run has taken it over."""
    row = CycleStudyNudge
    renewed = session.execute(
        update(row)
        .where(row.id == nudge_id, row.claim_token == token, row.state == NudgeState.CLAIMED)
        .values(lease_until=lease_until)
        .returning(row.id)
    )
    return renewed.scalar_one_or_none() is not None


def asked_before(session: Session, *, nudge: CycleStudyNudge) -> bool:
    """Tell whether this owner was already sent a Study reminder about this cycle."""
    row = CycleStudyNudge
    statement = select(row.id).where(
        row.cycle_id == nudge.cycle_id, row.user_id == nudge.user_id,
        row.state == NudgeState.SENT, row.id != nudge.id,
    ).limit(1)  # fmt: skip
    return session.scalars(statement).first() is not None


def mark_sent(session: Session, *, nudge_id: int, token: str, now: datetime) -> None:
    """Record a reminder as delivered."""
    row = CycleStudyNudge
    session.execute(
        update(row)
        .where(row.id == nudge_id, row.claim_token == token)
        .values(state=NudgeState.SENT, sent_at=now, lease_until=None)
    )


def mark_failed(session: Session, *, nudge_id: int, token: str, now: datetime, error: str) -> None:
    """Record a failed delivery of a claim this run still holds: try again later, up to a limit.

    A late failure of a run whose claim another run took over changes nothing (see
    storage/goal_checkins.py), or the reminder would go a second time.
    """
    nudge = session.get(CycleStudyNudge, nudge_id)
    if nudge is None or nudge.state != NudgeState.CLAIMED or nudge.claim_token != token:
        return
    record_failure(nudge, now=now, error=error)


def give_up(session: Session, *, nudge_id: int, reason: str) -> None:
    """Record a reminder that will never be sent (the cycle was studied or stopped)."""
    session.execute(
        update(CycleStudyNudge)
        .where(CycleStudyNudge.id == nudge_id)
        .values(state=NudgeState.GAVE_UP, last_error=reason[:200], lease_until=None)
    )


def ledger_of(session: Session, *, cycle_id: int) -> list[tuple[str, str, str]]:
    """Return (person, step, state) of a cycle's ledger, for tests and operators."""
    row = CycleStudyNudge
    statement = (
        select(row.user_id, row.step, row.state).where(row.cycle_id == cycle_id).order_by(row.id)
    )
    return [tuple(r) for r in session.execute(statement)]  # type: ignore[misc]
