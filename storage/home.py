"""Queries behind a person's Home tab: what they asked of others, and their channels' decisions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from storage.lists import unindexed
from storage.models import ActionItem, ActionOwner, Decision


@dataclass(frozen=True)
class DecisionsShown:
    """The newest decisions of some channels, and how many there are in all."""

    decisions: list[Decision]
    total: int


def channels_of(session: Session, *, team_id: str, user_id: str) -> set[str]:
    """Return the channels where a person owns or asked for items, or recorded decisions."""
    # Three selects, each from its own index, rather than one scan for an OR.
    asked = select(ActionItem.channel_id).where(
        ActionItem.team_id == team_id, ActionItem.creator_id == user_id
    )
    owned = (
        select(ActionItem.channel_id)
        .join(ActionOwner, ActionOwner.action_id == ActionItem.id)
        .where(ActionOwner.user_id == user_id, unindexed(ActionItem.team_id) == team_id)
    )
    decisions = select(Decision.channel_id).where(
        Decision.team_id == team_id, Decision.recorder_id == user_id
    )
    return set(session.scalars(union(asked, owned, decisions)))


def recent_decisions(
    session: Session,
    *,
    team_id: str,
    channel_ids: Collection[str],
    since: datetime,
    limit: int,
) -> DecisionsShown:
    """Return the newest `limit` decisions in these channels since a moment, and their number."""
    if not channel_ids:
        return DecisionsShown([], 0)
    where = (
        Decision.team_id == team_id,
        Decision.channel_id.in_(sorted(channel_ids)),
        Decision.created_at >= since,
    )
    total = session.scalar(select(func.count()).select_from(Decision).where(*where)) or 0
    if not total:
        return DecisionsShown([], 0)
    newest = (
        select(Decision)
        .where(*where)
        .order_by(Decision.created_at.desc(), Decision.number.desc())
        .limit(limit)
    )
    return DecisionsShown(list(session.scalars(newest)), total)
