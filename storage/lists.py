"""Bounded reads of open items: the first few of a list, and how many the whole list holds.

Lists and the Home tab show a few dozen rows, so they read a few dozen: a COUNT for the
"(N)" and "…and N more", then the first rows in order, from indexes. Soonest due first,
undated last, by number within a day; the undated rows come from a second query, so each
query walks its index in order and stops at its LIMIT.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import Session

from storage.models import ActionItem, ActionOwner, Status


@dataclass(frozen=True)
class Shown:
    """The first items of a list, in order, and how many the whole list holds."""

    items: list[ActionItem]
    total: int


def owned_by(user_id: str) -> ColumnElement[bool]:
    """Select items that a person owns."""
    owned = select(ActionOwner.action_id).where(ActionOwner.user_id == user_id)
    return ActionItem.id.in_(owned)


def not_owned_by(user_id: str) -> ColumnElement[bool]:
    """Select items that a person does not own."""
    owned = select(ActionOwner.action_id).where(ActionOwner.user_id == user_id)
    return ActionItem.id.not_in(owned)


def visible_to(user_id: str, *, channel_id: str) -> ColumnElement[bool]:
    """Select items a person may see anyway: in this channel, asked by them, or theirs."""
    return or_(
        ActionItem.channel_id == channel_id,
        ActionItem.creator_id == user_id,
        owned_by(user_id),
    )


def count_open(session: Session, *, team_id: str, where: Sequence[ColumnElement[bool]]) -> int:
    """Count a workspace's open items that match."""
    statement = select(func.count()).select_from(ActionItem).where(*_open(team_id), *where)
    return session.scalar(statement) or 0


def first_open(
    session: Session,
    *,
    team_id: str,
    where: Sequence[ColumnElement[bool]],
    limit: int,
    total: int | None = None,
) -> Shown:
    """Return the first `limit` open items that match, soonest due first, and their number.

    Pass `total` when it is already known, to save its COUNT.
    """
    if total is None:
        total = count_open(session, team_id=team_id, where=where)
    items: list[ActionItem] = []
    if total and limit > 0:
        dated = _first(team_id, [*where, ActionItem.due_at.is_not(None)], limit, dated=True)
        items = list(session.scalars(dated))
        if len(items) < min(limit, total):
            rest = _first(team_id, [*where, ActionItem.due_at.is_(None)], limit - len(items))
            items += session.scalars(rest)
    return Shown(items, total)


def counts_by_when(
    session: Session, *, team_id: str, user_id: str, now: datetime, week_end: datetime
) -> tuple[int, int, int, int]:
    """Count a person's open items: overdue, due before `week_end`, later, and undated."""
    due = ActionItem.due_at
    statement = select(
        func.count(case((due < now, 1))),
        func.count(case(((due >= now) & (due < week_end), 1))),
        func.count(case((due >= week_end, 1))),
        func.count(case((due.is_(None), 1))),
    ).where(*_open(team_id), owned_by(user_id))
    row = session.execute(statement).one()
    return (row[0], row[1], row[2], row[3])


def _open(team_id: str) -> tuple[ColumnElement[bool], ...]:
    return (ActionItem.team_id == team_id, ActionItem.status == Status.OPEN)


def _first(
    team_id: str, where: Sequence[ColumnElement[bool]], limit: int, *, dated: bool = False
) -> Select[ActionItem]:
    order = (ActionItem.due_at, ActionItem.number) if dated else (ActionItem.number,)
    return select(ActionItem).where(*_open(team_id), *where).order_by(*order).limit(limit)
