"""Workspaces, their per-workspace counters (A-1, A-2…, D-1…, P-1…), and whether Backbone is
still installed in them (scheduled work skips a workspace that removed it; its records stay)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.models import DigestPost, Nudge, NudgeState, Workspace
from storage.upsert import insert_for

Counter = Literal["action_seq", "decision_seq", "poll_seq", "goal_seq", "cycle_seq"]
# A Teams workspace is its tenant, a GUID; Slack's team ids (T…, E…) never are one.
TENANT = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def platform_of(team_id: str) -> Literal["slack", "teams"]:
    """Return the platform a workspace id belongs to: "teams" for a tenant GUID, else "slack"."""
    return "teams" if TENANT.fullmatch(team_id) else "slack"


def ensure_workspace(session: Session, *, team_id: str, now: datetime, name: str = "") -> None:
    """Create the workspace row if it does not exist yet; safe under concurrency."""
    statement = insert_for(session, Workspace).values(
        team_id=team_id,
        platform=platform_of(team_id),
        name=name,
        action_seq=0,
        decision_seq=0,
        created_at=now,
    )
    session.execute(statement.on_conflict_do_nothing())


def next_number(session: Session, *, team_id: str, counter: Counter) -> int:
    """Take the next number of a workspace counter; the row lock keeps numbers unique."""
    taken = _bump(session, team_id=team_id, counter=counter)
    if taken is None:
        raise LookupError(f"no workspace {team_id}")
    return taken


def take_number(session: Session, *, team_id: str, counter: Counter, now: datetime) -> int:
    """Take the next number of a workspace counter, making the workspace's row the first time.

    One UPDATE when the workspace is known, which is every time but the first: the INSERT
    that makes the row runs only when the UPDATE found none.
    """
    taken = _bump(session, team_id=team_id, counter=counter)
    if taken is None:
        ensure_workspace(session, team_id=team_id, now=now)
        taken = next_number(session, team_id=team_id, counter=counter)
    return taken


def _bump(session: Session, *, team_id: str, counter: Counter) -> int | None:
    column = getattr(Workspace, counter)
    statement = (
        update(Workspace)
        .where(Workspace.team_id == team_id)
        .values({column: column + 1})
        .returning(column)
    )
    taken = session.execute(statement).scalar_one_or_none()
    return None if taken is None else int(taken)


def workspace_ids(session: Session) -> list[str]:
    """List the team ids of every workspace Backbone knows."""
    return list(session.scalars(select(Workspace.team_id).order_by(Workspace.team_id)))


def still_installed(team_id: InstrumentedAttribute[str]) -> ColumnElement[bool]:
    """Return a filter on a table's team_id that leaves out workspaces that removed Backbone.

    NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join, where NOT IN (which must
    allow for NULLs) made it scan every due row once there were a few hundred of them.
    """
    removed = select(Workspace.team_id).where(
        Workspace.team_id == team_id, Workspace.uninstalled_at.is_not(None)
    )
    return ~removed.exists()


def uninstalled_ids(session: Session) -> set[str]:
    """Return the team ids of workspaces marked as having removed Backbone."""
    statement = select(Workspace.team_id).where(Workspace.uninstalled_at.is_not(None))
    return set(session.scalars(statement))


def mark_uninstalled(session: Session, *, team_id: str, now: datetime, reason: str) -> bool:
    """Stop scheduled work for a workspace and give up what it was waiting to send.

    Returns False when it was already marked. Its records are kept for when it comes back.
    """
    ensure_workspace(session, team_id=team_id, now=now)
    marked = session.execute(
        update(Workspace)
        .where(Workspace.team_id == team_id, Workspace.uninstalled_at.is_(None))
        .values(uninstalled_at=now)
        .returning(Workspace.team_id)
    ).scalar_one_or_none()
    pending = (NudgeState.CLAIMED, NudgeState.FAILED)
    for ledger in (Nudge, DigestPost):
        session.execute(
            update(ledger)
            .where(ledger.team_id == team_id, ledger.state.in_(pending))
            .values(state=NudgeState.GAVE_UP, last_error=reason[:200], lease_until=None)
        )
    return marked is not None


def mark_installed(session: Session, *, team_id: str, name: str, now: datetime) -> None:
    """Record that Backbone is installed in a workspace (again): scheduled work resumes."""
    ensure_workspace(session, team_id=team_id, now=now, name=name)
    values: dict[str, object] = {"uninstalled_at": None}
    if name:
        values["name"] = name
    session.execute(update(Workspace).where(Workspace.team_id == team_id).values(values))
