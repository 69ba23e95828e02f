"""Coordinators of a workspace: the people named to see what is overdue in every channel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Coordinator


def coordinator_ids(session: Session, *, team_id: str) -> list[str]:
    """Return the named coordinators of a workspace, first named first."""
    statement = (
        select(Coordinator.user_id)
        .where(Coordinator.team_id == team_id)
        .order_by(Coordinator.added_at, Coordinator.user_id)
    )
    return list(session.scalars(statement))


def is_coordinator(session: Session, *, team_id: str, user_id: str) -> bool:
    """Tell whether a person was named a coordinator (admins are coordinators by role)."""
    return session.get(Coordinator, (team_id, user_id)) is not None


def add_coordinator(
    session: Session, *, team_id: str, user_id: str, added_by: str, now: datetime
) -> bool:
    """Name a coordinator; return False when they already were one."""
    if is_coordinator(session, team_id=team_id, user_id=user_id):
        return False
    session.add(Coordinator(team_id=team_id, user_id=user_id, added_by=added_by, added_at=now))
    session.flush()
    return True


def remove_coordinator(session: Session, *, team_id: str, user_id: str) -> bool:
    """Stop someone being a named coordinator; return False when they were not one."""
    found = session.get(Coordinator, (team_id, user_id))
    if found is None:
        return False
    session.delete(found)
    session.flush()
    return True
