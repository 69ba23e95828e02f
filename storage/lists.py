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
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, String, case, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

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


def count_open(
    session: Session,
    *,
    team_id: str,
    where: Sequence[ColumnElement[bool]],
    owner: str | None = None,
) -> int:
    """Count a workspace's open items that match (and that `owner` owns, when given)."""
    statement = _of(select(func.count()).select_from(ActionItem), team_id, where, owner)
    return session.scalar(statement) or 0


def first_open(
    session: Session,
    *,
    team_id: str,
    where: Sequence[ColumnElement[bool]],
    limit: int,
    owner: str | None = None,
    total: int | None = None,
) -> Shown:
    """Return the first `limit` open items that match, soonest due first, and their number.

    `owner` keeps those a person owns, read from their owner rows first. Pass `total` when it
    is already known, to save its COUNT.
    """
    if total is None:
        total = count_open(session, team_id=team_id, where=where, owner=owner)
    items: list[ActionItem] = []
    if total and limit > 0:
        dated = _of(select(ActionItem), team_id, [*where, ActionItem.due_at.is_not(None)], owner)
        items = list(
            session.scalars(dated.order_by(ActionItem.due_at, ActionItem.number).limit(limit))
        )
        if len(items) < min(limit, total):
            rest = _of(select(ActionItem), team_id, [*where, ActionItem.due_at.is_(None)], owner)
            items += session.scalars(rest.order_by(ActionItem.number).limit(limit - len(items)))
    return Shown(items, total)


def counts_by_when(
    session: Session, *, team_id: str, user_id: str, now: datetime, week_end: datetime
) -> tuple[int, int, int, int]:
    """Count a person's open items: overdue, due before `week_end`, later, and undated."""
    due = ActionItem.due_at
    counts = select(
        func.count(case((due < now, 1))),
        func.count(case(((due >= now) & (due < week_end), 1))),
        func.count(case((due >= week_end, 1))),
        func.count(case((due.is_(None), 1))),
    ).select_from(ActionItem)
    row = session.execute(_of(counts, team_id, [], user_id)).one()
    return (row[0], row[1], row[2], row[3])


S = TypeVar("S", bound=Select)  # type: ignore[type-arg]


def _of(statement: S, team_id: str, where: Sequence[ColumnElement[bool]], owner: str | None) -> S:
    """Narrow a select to a workspace's open items that match, joined to `owner`'s rows."""
    if owner is None:
        return statement.where(
            ActionItem.team_id == team_id, ActionItem.status == Status.OPEN, *where
        )
    joined = statement.join(ActionOwner, ActionOwner.action_id == ActionItem.id)
    return joined.where(
        ActionOwner.user_id == owner,
        unindexed(ActionItem.team_id) == team_id,
        unindexed(ActionItem.status) == Status.OPEN,
        *where,
    )


class unindexed(FunctionElement[str]):
    """A column the query must not find its rows by: read the person's owner rows first.

    Without statistics SQLite guesses that a workspace's open items (one index) are as few as
    a person's owner rows (another) and walks every open item; a unary + on a term keeps it
    from using an index for it (sqlite.org/optoverview.html, "Disqualifying WHERE clause
    terms"). Elsewhere the column is left as it is: PostgreSQL plans from its statistics.
    """

    type = String()
    inherit_cache = True


@compiles(unindexed)
def _column(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(unindexed, "sqlite")
def _sqlite_column(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + compiler.process(element.clauses, **kw)
