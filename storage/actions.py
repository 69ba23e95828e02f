"""Queries for action items, their owners and their history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from storage.models import ActionEvent, ActionItem, ActionOwner, Status


def add_item(
    session: Session,
    *,
    item: ActionItem,
    owner_ids: Sequence[str],
    next_nudge_at: datetime | None = None,
) -> ActionItem:
    """Store a new item with its owners, in the order given, each to be looked at `next_nudge_at`.

    The owner rows are inserted with their next look already set: no UPDATE after the INSERT.
    """
    item.owners = [
        ActionOwner(user_id=uid, position=i, next_nudge_at=next_nudge_at)
        for i, uid in enumerate(owner_ids)
    ]
    session.add(item)
    session.flush()
    return item


def set_owners(session: Session, *, item: ActionItem, owner_ids: Sequence[str]) -> None:
    """Replace an item's owners, keeping the order given."""
    item.owners = [ActionOwner(user_id=uid, position=i) for i, uid in enumerate(owner_ids)]
    session.flush()


def set_columns(session: Session, *, item_id: int, **values: object) -> None:
    """Write some columns of one stored item in a single UPDATE, without loading it."""
    session.execute(
        update(ActionItem)
        .where(ActionItem.id == item_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def get_item(session: Session, *, team_id: str, number: int) -> ActionItem | None:
    """Return the workspace's item with that number, or None."""
    statement = select(ActionItem).where(ActionItem.team_id == team_id, ActionItem.number == number)
    return session.scalars(statement).one_or_none()


def record_event(
    session: Session,
    *,
    item: ActionItem,
    kind: str,
    actor_id: str,
    now: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add a line to an item's history."""
    session.add(
        ActionEvent(
            action_id=item.id,
            team_id=item.team_id,
            kind=kind,
            actor_id=actor_id,
            at=now,
            detail=detail or {},
        )
    )


def history(session: Session, *, item: ActionItem) -> list[ActionEvent]:
    """Return an item's history, oldest first."""
    statement = (
        select(ActionEvent)
        .where(ActionEvent.team_id == item.team_id, ActionEvent.action_id == item.id)
        .order_by(ActionEvent.at, ActionEvent.id)
    )
    return list(session.scalars(statement))


def _open_items(team_id: str) -> Select[Any]:
    return (
        select(ActionItem)
        .where(ActionItem.team_id == team_id, ActionItem.status == Status.OPEN)
        .order_by(ActionItem.due_at.is_(None), ActionItem.due_at, ActionItem.number)
    )


def open_items_owned_by(session: Session, *, team_id: str, user_id: str) -> list[ActionItem]:
    """Return a person's open items, soonest due first, undated last."""
    owned = select(ActionOwner.action_id).where(ActionOwner.user_id == user_id)
    return list(session.scalars(_open_items(team_id).where(ActionItem.id.in_(owned))))


def open_items_in_channel(session: Session, *, team_id: str, channel_id: str) -> list[ActionItem]:
    """Return a channel's open items, soonest due first."""
    statement = _open_items(team_id).where(ActionItem.channel_id == channel_id)
    return list(session.scalars(statement))


def overdue_items_in_channel(
    session: Session, *, team_id: str, channel_id: str, now: datetime
) -> list[ActionItem]:
    """Return a channel's open items whose due time has passed."""
    statement = _open_items(team_id).where(
        ActionItem.channel_id == channel_id, ActionItem.due_at < now
    )
    return list(session.scalars(statement))


def all_items(session: Session, *, team_id: str) -> list[ActionItem]:
    """Return every item of a workspace, by number."""
    statement = select(ActionItem).where(ActionItem.team_id == team_id).order_by(ActionItem.number)
    return list(session.scalars(statement))


def replan_person(session: Session, *, team_id: str, user_id: str, now: datetime) -> None:
    """Ask the nudge engine to look again at every open item a person owns."""
    for item in open_items_owned_by(session, team_id=team_id, user_id=user_id):
        for owner in item.owners:
            if owner.user_id == user_id:
                owner.next_nudge_at = now


def overdue_items(session: Session, *, team_id: str, now: datetime) -> list[ActionItem]:
    """Return every open item of a workspace whose due time has passed, in every channel."""
    statement = _open_items(team_id).where(ActionItem.due_at < now)
    return list(session.scalars(statement))
