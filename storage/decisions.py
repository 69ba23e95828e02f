"""Queries for decisions."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Decision


def add_decision(session: Session, *, decision: Decision) -> Decision:
    """Store a new decision."""
    session.add(decision)
    session.flush()
    return decision


def get_decision(session: Session, *, team_id: str, number: int) -> Decision | None:
    """Return the workspace's decision with that number, or None."""
    statement = select(Decision).where(Decision.team_id == team_id, Decision.number == number)
    return session.scalars(statement).one_or_none()


def all_decisions(session: Session, *, team_id: str) -> list[Decision]:
    """Return every decision of a workspace, by number."""
    statement = select(Decision).where(Decision.team_id == team_id).order_by(Decision.number)
    return list(session.scalars(statement))


def latest_in_channel(
    session: Session, *, team_id: str, channel_id: str, limit: int
) -> tuple[list[Decision], int]:
    """Return a channel's newest decisions, newest first, and how many it has in all."""
    where = (Decision.team_id == team_id, Decision.channel_id == channel_id)
    newest = select(Decision).where(*where).order_by(Decision.number.desc()).limit(limit)
    total = session.scalar(select(func.count()).select_from(Decision).where(*where))
    return list(session.scalars(newest)), int(total or 0)
