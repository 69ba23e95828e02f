"""Workspaces and their per-workspace counters (A-1, A-2…, D-1…, P-1…)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import Workspace
from storage.upsert import insert_for

Counter = Literal["action_seq", "decision_seq", "poll_seq"]


def ensure_workspace(session: Session, *, team_id: str, now: datetime, name: str = "") -> None:
    """Create the workspace row if it does not exist yet; safe under concurrency."""
    statement = insert_for(session, Workspace).values(
        team_id=team_id, name=name, action_seq=0, decision_seq=0, created_at=now
    )
    session.execute(statement.on_conflict_do_nothing())


def next_number(session: Session, *, team_id: str, counter: Counter) -> int:
    """Take the next number of a workspace counter; the row lock keeps numbers unique."""
    column = getattr(Workspace, counter)
    statement = (
        update(Workspace)
        .where(Workspace.team_id == team_id)
        .values({column: column + 1})
        .returning(column)
    )
    return int(session.execute(statement).scalar_one())


def workspace_ids(session: Session) -> list[str]:
    """List the team ids of every workspace Backbone knows."""
    return list(session.scalars(select(Workspace.team_id).order_by(Workspace.team_id)))
