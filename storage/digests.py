"""Queries of weekly digests: channels' schedules, and the ledger of what each week posted.

The scheduler serves every workspace at once; rows carry their team_id. On PostgreSQL due
schedules and stale claims are locked with FOR UPDATE SKIP LOCKED so that several processes
share them; on SQLite every transaction already holds the write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from storage.models import DigestPost, DigestSchedule, NudgeState
from storage.nudges import LEASE, record_failure
from storage.upsert import insert_for
from storage.workspaces import ensure_workspace, still_installed


def get_schedule(session: Session, *, team_id: str, channel_id: str) -> DigestSchedule | None:
    """Return a channel's digest schedule, or None when it has none."""
    return session.get(DigestSchedule, (team_id, channel_id))


def save_schedule(session: Session, *, schedule: DigestSchedule, now: datetime) -> None:
    """Store a channel's schedule, replacing the one it had; safe when two people do it at once."""
    ensure_workspace(session, team_id=schedule.team_id, now=now)
    values = {
        column: getattr(schedule, column)
        for column in ("team_id", "channel_id", "weekday", "minute", "tz", "set_by",
                       "updated_at", "next_run_at")
    }  # fmt: skip
    statement = insert_for(session, DigestSchedule).values(**values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["team_id", "channel_id"],
            set_={k: v for k, v in values.items() if k not in {"team_id", "channel_id"}},
        )
    )


def delete_schedule(session: Session, *, team_id: str, channel_id: str) -> bool:
    """Remove a channel's schedule; False when it had none."""
    statement = delete(DigestSchedule).where(
        DigestSchedule.team_id == team_id, DigestSchedule.channel_id == channel_id
    )
    return bool(getattr(session.execute(statement), "rowcount", 0))


def due_schedules(session: Session, *, now: datetime, limit: int) -> list[DigestSchedule]:
    """Return schedules whose moment has come, locked for this process."""
    statement = (
        select(DigestSchedule)
        .where(DigestSchedule.next_run_at <= now, still_installed(DigestSchedule.team_id))
        .order_by(DigestSchedule.next_run_at)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    return list(session.scalars(statement))


def week_claimed(session: Session, *, team_id: str, channel_id: str, week: str) -> bool:
    """Tell whether a channel's digest of that week was already claimed (and so sent or due)."""
    statement = select(DigestPost.id).where(
        DigestPost.team_id == team_id, DigestPost.channel_id == channel_id, DigestPost.week == week
    )
    return session.scalar(statement) is not None


def claim_week(
    session: Session,
    *,
    schedule: DigestSchedule,
    week: str,
    slot_at: datetime,
    token: str,
    now: datetime,
) -> bool:
    """Write the ledger row of a channel's week, claimed by this run; False if a run had it."""
    statement = insert_for(session, DigestPost).values(
        team_id=schedule.team_id, channel_id=schedule.channel_id, week=week, slot_at=slot_at,
        state=NudgeState.CLAIMED, claim_token=token, lease_until=now + LEASE, attempts=0,
    )  # fmt: skip
    result = session.execute(
        statement.on_conflict_do_nothing(index_elements=["team_id", "channel_id", "week"])
    )
    return bool(getattr(result, "rowcount", 0))


def claims_to_post(session: Session, *, token: str, now: datetime) -> list[DigestPost]:
    """Take this run's claims, plus abandoned claims and failures due for another try."""
    stale = select(DigestPost.id).where(
        or_(
            and_(DigestPost.state == NudgeState.CLAIMED, DigestPost.lease_until < now),
            and_(DigestPost.state == NudgeState.FAILED, DigestPost.next_try_at <= now),
        )
    )
    if session.get_bind().dialect.name == "postgresql":
        stale = stale.with_for_update(skip_locked=True)
    stale_ids = list(session.scalars(stale.limit(100)))
    if stale_ids:
        session.execute(
            update(DigestPost)
            .where(DigestPost.id.in_(stale_ids))
            .values(state=NudgeState.CLAIMED, claim_token=token, lease_until=now + LEASE)
        )
    mine = select(DigestPost).where(
        DigestPost.claim_token == token, DigestPost.state == NudgeState.CLAIMED
    )
    return list(session.scalars(mine.order_by(DigestPost.id)))


def mark_posted(session: Session, *, post_id: int, now: datetime, ts: str) -> None:
    """Record a week's digest as posted, with the message that carried it."""
    session.execute(
        update(DigestPost)
        .where(DigestPost.id == post_id)
        .values(state=NudgeState.SENT, posted_at=now, message_ts=ts, lease_until=None)
    )


def mark_failed(session: Session, *, post_id: int, now: datetime, error: str) -> None:
    """Record a failed post: try again later with a growing wait, up to a limit."""
    post = session.get(DigestPost, post_id)
    if post is None or post.state != NudgeState.CLAIMED:
        return  # posted (or given up) meanwhile: a late failure must not make it go out again
    record_failure(post, now=now, error=error)


def give_up(session: Session, *, post_id: int, reason: str) -> None:
    """Record a week's digest that will never be posted (the channel is gone, a newer week)."""
    session.execute(
        update(DigestPost)
        .where(DigestPost.id == post_id)
        .values(state=NudgeState.GAVE_UP, last_error=reason[:200], lease_until=None)
    )


def ledger(session: Session, *, team_id: str, channel_id: str) -> list[tuple[str, str]]:
    """Return (week, state) of a channel's digests, oldest first, for tests and operators."""
    statement = (
        select(DigestPost.week, DigestPost.state)
        .where(DigestPost.team_id == team_id, DigestPost.channel_id == channel_id)
        .order_by(DigestPost.id)
    )
    return [(week, state) for week, state in session.execute(statement)]
