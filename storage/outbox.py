"""Items that still owe their channel post: found by an index range, claimed once per run."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import ActionItem, Poll


def owed_posts(session: Session, *, now: datetime, limit: int) -> list[ActionItem]:
    """Return items whose post is owed by `now`, oldest first."""
    statement = (
        select(ActionItem)
        .where(ActionItem.announce_pending_until <= now)
        .order_by(ActionItem.announce_pending_until, ActionItem.id)
        .limit(limit)
    )
    return list(session.scalars(statement))


def claim_post(session: Session, *, item_id: int, seen: datetime, until: datetime | None) -> bool:
    """Take an owed post for this run until `until` (None: nobody posts it); False when another
    run took it first."""
    statement = (
        update(ActionItem)
        .where(ActionItem.id == item_id, ActionItem.announce_pending_until == seen)
        .values(announce_pending_until=until)
    )
    result: Any = session.execute(statement)
    return bool(result.rowcount)


def owed_poll_posts(session: Session, *, now: datetime, limit: int) -> list[Poll]:
    """Return polls whose post is not known by `now`, oldest first."""
    statement = (
        select(Poll)
        .where(Poll.post_pending_until <= now)
        .order_by(Poll.post_pending_until, Poll.id)
        .limit(limit)
    )
    return list(session.scalars(statement))


def claim_poll_post(
    session: Session, *, poll_id: int, seen: datetime, until: datetime | None
) -> bool:
    """Take a poll's owed post for this run until `until` (None: nobody looks for it again)."""
    statement = (
        update(Poll)
        .where(Poll.id == poll_id, Poll.post_pending_until == seen)
        .values(post_pending_until=until)
    )
    result: Any = session.execute(statement)
    return bool(result.rowcount)
