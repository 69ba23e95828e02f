"""Reading a channel's items and decisions for its digest: a few queries, however many items."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from storage.models import ActionItem, ActionOwner, Decision, Status


@dataclass(frozen=True)
class ItemFacts:
    """What a digest needs to know about one item: plain values, no database session."""

    number: int
    title: str
    status: str
    owners: tuple[str, ...]
    created_at: datetime
    closed_at: datetime | None  # done_at, or when it was dropped
    due_at: datetime | None
    due_all_day: bool
    due_tz: str | None
    source_url: str | None
    needs_help: bool
    needs_owner: bool

    @property
    def code(self) -> str:
        """The code people use for the item, like A-12."""
        return f"A-{self.number}"


COLUMNS = (
    ActionItem.id, ActionItem.number, ActionItem.title, ActionItem.status, ActionItem.created_at,
    ActionItem.done_at, ActionItem.updated_at, ActionItem.due_at, ActionItem.due_all_day,
    ActionItem.due_tz, ActionItem.source_url, ActionItem.needs_help, ActionItem.needs_owner,
)  # fmt: skip


def _in_view(team_id: str, channel_id: str, since: datetime) -> ColumnElement[bool]:
    # Open items, and closed ones that may still count: nothing closed before `since` can,
    # except an item done early that falls due in the weeks shown (it counts as on time).
    # A dropped item cannot change again, so its updated_at is when it was dropped.
    return and_(
        ActionItem.team_id == team_id,
        ActionItem.channel_id == channel_id,
        or_(
            ActionItem.status == Status.OPEN,
            ActionItem.done_at >= since,
            and_(ActionItem.status == Status.DONE, ActionItem.due_at >= since),
            and_(ActionItem.status == Status.DROPPED, ActionItem.updated_at >= since),
        ),
    )


def channel_items(
    session: Session, *, team_id: str, channel_id: str, since: datetime
) -> list[ItemFacts]:
    """Return a channel's open items and those closed since `since`, by number: two queries."""
    where = _in_view(team_id, channel_id, since)
    owners: dict[int, list[str]] = defaultdict(list)
    owner_rows = (
        select(ActionOwner.action_id, ActionOwner.user_id)
        .join(ActionItem, ActionItem.id == ActionOwner.action_id)
        .where(where)
        .order_by(ActionOwner.action_id, ActionOwner.position)
    )
    for action_id, user_id in session.execute(owner_rows):
        owners[action_id].append(user_id)
    rows = session.execute(select(*COLUMNS).where(where).order_by(ActionItem.number))
    return [_facts(row, tuple(owners[row.id])) for row in rows]


def _facts(row: Any, owners: tuple[str, ...]) -> ItemFacts:
    closed = row.done_at if row.status == Status.DONE else None
    if row.status == Status.DROPPED:
        closed = row.updated_at
    return ItemFacts(
        number=row.number, title=row.title, status=row.status, owners=owners,
        created_at=row.created_at, closed_at=closed, due_at=row.due_at,
        due_all_day=row.due_all_day, due_tz=row.due_tz, source_url=row.source_url,
        needs_help=row.needs_help, needs_owner=row.needs_owner,
    )  # fmt: skip


def decisions_between(
    session: Session, *, team_id: str, channel_id: str, start: datetime, end: datetime
) -> list[Decision]:
    """Return a channel's decisions recorded in (start, end], oldest first."""
    statement = (
        select(Decision)
        .where(
            Decision.team_id == team_id,
            Decision.channel_id == channel_id,
            Decision.created_at > start,
            Decision.created_at <= end,
        )
        .order_by(Decision.number)
    )
    return list(session.scalars(statement))


def channel_began(session: Session, *, team_id: str, channel_id: str) -> datetime | None:
    """Return when a channel's first item was made, or None when it has none."""
    statement = select(func.min(ActionItem.created_at)).where(
        ActionItem.team_id == team_id, ActionItem.channel_id == channel_id
    )
    began = session.scalar(statement)
    return began if began is None or began.tzinfo else began.replace(tzinfo=UTC)
