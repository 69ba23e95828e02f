"""Queries behind a person's Home tab: what they asked of others, and their channels' decisions."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from storage.models import ActionItem, ActionOwner, Decision, Status


def open_items_asked_by(session: Session, *, team_id: str, user_id: str) -> list[ActionItem]:
    """Return open items a person asked of others (they are not an owner), soonest due first."""
    owned = select(ActionOwner.action_id).where(ActionOwner.user_id == user_id)
    statement = (
        select(ActionItem)
        .where(
            ActionItem.team_id == team_id,
            ActionItem.status == Status.OPEN,
            ActionItem.creator_id == user_id,
            ActionItem.id.not_in(owned),
        )
        .order_by(ActionItem.due_at.is_(None), ActionItem.due_at, ActionItem.number)
    )
    return list(session.scalars(statement))


def channels_of(session: Session, *, team_id: str, user_id: str) -> set[str]:
    """Return the channels where a person owns or asked for items, or recorded decisions."""
    owned = select(ActionOwner.action_id).where(ActionOwner.user_id == user_id)
    items = select(ActionItem.channel_id).where(
        ActionItem.team_id == team_id,
        (ActionItem.creator_id == user_id) | ActionItem.id.in_(owned),
    )
    decisions = select(Decision.channel_id).where(
        Decision.team_id == team_id, Decision.recorder_id == user_id
    )
    return set(session.scalars(union(items, decisions)))


def recent_decisions(
    session: Session, *, team_id: str, channel_ids: Collection[str], since: datetime
) -> list[Decision]:
    """Return the decisions recorded in these channels since a moment, newest first."""
    if not channel_ids:
        return []
    statement = (
        select(Decision)
        .where(
            Decision.team_id == team_id,
            Decision.channel_id.in_(channel_ids),
            Decision.created_at >= since,
        )
        .order_by(Decision.created_at.desc(), Decision.number.desc())
    )
    return list(session.scalars(statement))
