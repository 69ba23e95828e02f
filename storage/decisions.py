"""Queries for decisions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Decision


def all_decisions(session: Session, *, team_id: str) -> list[Decision]:
    """Return every decision of a workspace, by number."""
    statement = select(Decision).where(Decision.team_id == team_id).order_by(Decision.number)
    return list(session.scalars(statement))
