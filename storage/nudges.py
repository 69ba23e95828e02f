"""Queries of the nudge engine: what to plan, the ledger it claims, and what it delivered.

These run for every workspace at once (the scheduler serves them all); rows still carry their
team_id and everything read back is grouped by it. On PostgreSQL, rows are locked with
FOR UPDATE SKIP LOCKED so that several processes share the work; on SQLite every transaction
already holds the write lock (BEGIN IMMEDIATE), which serializes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, Table, and_, insert, or_, select, update
from sqlalchemy.orm import Session, lazyload

from storage.bulk import among, insert_new, update_each
from storage.models import (
    ActionEvent,
    ActionItem,
    ActionOwner,
    Nudge,
    NudgeState,
    Person,
    Workspace,
    needs_help_untold,
    needs_owner_untold,
)
from storage.workspaces import still_installed, uninstalled_ids

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 6


def _table(model: Any) -> Table:
    """Return a model's table, for Core statements run many times over (executemany)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _skip_locked(session: Session, statement: Select[Any], *of: Any) -> Select[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return statement.with_for_update(skip_locked=True, of=of or None)
    return statement


def owners_to_plan(session: Session, *, now: datetime, limit: int) -> list[ActionOwner]:
    """Return owner rows whose next look has come, soonest first, locked for this process.

    Workspaces that removed Backbone wait, their rows untouched, until it is installed again.
    They are read first and left out by id: a subquery here (NOT IN, or NOT EXISTS) led
    PostgreSQL to read every item instead of the range of due owners.
    """
    statement = (
        select(ActionOwner)
        .join(ActionItem, ActionItem.id == ActionOwner.action_id)
        .where(ActionOwner.next_nudge_at <= now)
        .order_by(ActionOwner.next_nudge_at)
        .limit(limit)
    )
    removed = uninstalled_ids(session)
    if removed:
        statement = statement.where(ActionItem.team_id.not_in(sorted(removed)))
    return list(session.scalars(_skip_locked(session, statement, ActionOwner)))


def people_by_key(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], Person]:
    """Return stored people by (team_id, user_id): one query per workspace, on the key's index."""
    by_team: dict[str, set[str]] = {}
    for team_id, user_id in keys:
        by_team.setdefault(team_id, set()).add(user_id)
    found: dict[tuple[str, str], Person] = {}
    for team_id, user_ids in sorted(by_team.items()):
        statement = select(Person).where(
            Person.team_id == team_id, among(session, Person.user_id, user_ids)
        )
        found.update(((p.team_id, p.user_id), p) for p in session.scalars(statement))
    return found


def workspaces_by_id(session: Session, team_ids: Iterable[str]) -> dict[str, Workspace]:
    """Return workspaces by team_id."""
    statement = select(Workspace).where(Workspace.team_id.in_(set(team_ids)))
    return {w.team_id: w for w in session.scalars(statement)}


@dataclass(frozen=True)
class StepClaim:
    """One owner's ladder step that a run means to send."""

    team_id: str
    action_id: int
    user_id: str
    step: str
    at: datetime


def claim_steps(session: Session, claims: Sequence[StepClaim], *, token: str, now: datetime) -> int:
    """Claim steps for this run in one INSERT; return how many no run had written before."""
    if not claims:
        return 0
    rows = [
        {"team_id": c.team_id, "action_id": c.action_id, "user_id": c.user_id, "step": c.step,
         "scheduled_at": c.at, "state": NudgeState.CLAIMED, "claim_token": token,
         "lease_until": now + LEASE, "attempts": 0}
        for c in sorted(claims, key=lambda c: (c.action_id, c.user_id, c.step))
    ]  # fmt: skip
    table = _table(Nudge)
    unique = ["action_id", "user_id", "step"]
    return len(insert_new(session, table, rows, unique=unique, returning=table.c.id))


def claim_for_delivery(
    session: Session, *, token: str, now: datetime, limit: int = 500
) -> list[Nudge]:
    """Take this run's claims, plus abandoned claims and failures due for another try."""
    stale = select(Nudge.id).where(
        or_(
            and_(Nudge.state == NudgeState.CLAIMED, Nudge.lease_until < now),
            and_(Nudge.state == NudgeState.FAILED, Nudge.next_try_at <= now),
        )
    )
    stale_ids = list(session.scalars(_skip_locked(session, stale.limit(limit), Nudge)))
    if stale_ids:
        session.execute(
            update(Nudge)
            .where(among(session, Nudge.id, stale_ids))
            .values(state=NudgeState.CLAIMED, claim_token=token, lease_until=now + LEASE)
        )
    mine = select(Nudge).where(Nudge.claim_token == token, Nudge.state == NudgeState.CLAIMED)
    return list(session.scalars(mine.order_by(Nudge.id)))


def renew_claims(
    session: Session, *, ids: Sequence[int], token: str, lease_until: datetime
) -> set[int]:
    """Extend this run's claims just before a send; return the ids it still holds.

    The claim token is the fencing token: a run whose lease ran out while it was busy finds that
    another run took its claims over, and sends nothing for them.
    """
    if not ids:
        return set()
    renewed = session.execute(
        update(Nudge)
        .where(
            among(session, Nudge.id, ids),
            Nudge.claim_token == token,
            Nudge.state == NudgeState.CLAIMED,
        )
        .values(lease_until=lease_until)
        .returning(Nudge.id)
    )
    return set(renewed.scalars())


def mark_sent(
    session: Session, *, ids: Sequence[int], token: str, now: datetime, channel: str, ts: str
) -> None:
    """Record reminders this run holds as delivered, with the DM that carried them."""
    session.execute(
        update(Nudge)
        .where(among(session, Nudge.id, ids), Nudge.claim_token == token)
        .values(state=NudgeState.SENT, sent_at=now, dm_channel=channel, dm_ts=ts, lease_until=None)
    )


def mark_sent_each(
    session: Session, *, sent: Sequence[tuple[int, str, str]], token: str, now: datetime
) -> None:
    """Record many delivered reminders, each with its (id, channel, ts), in one statement."""
    table = _table(Nudge)
    rows = [{"id": i, "dm_channel": channel, "dm_ts": ts} for i, channel, ts in sent]
    update_each(session, table, rows, match=["id"], where=[table.c.claim_token == token],
                fixed={"state": NudgeState.SENT, "sent_at": now, "lease_until": None})  # fmt: skip


def mark_failed(
    session: Session, *, ids: Sequence[int], token: str, now: datetime, error: str
) -> None:
    """Record a failed delivery of claims this run holds: try again later, up to a limit."""
    mark_failed_each(session, errors=dict.fromkeys(ids, error), token=token, now=now)


def mark_failed_each(
    session: Session, *, errors: Mapping[int, str], token: str, now: datetime
) -> None:
    """Record failed deliveries, each with its reason: try again later, up to a limit."""
    if not errors:
        return
    held = select(Nudge).where(among(session, Nudge.id, errors), Nudge.claim_token == token)
    for nudge in session.scalars(held):
        record_failure(nudge, now=now, error=errors[nudge.id])


def record_failure(row: Any, *, now: datetime, error: str) -> None:
    """Note one failed delivery on a ledger row: try again after a growing wait, up to a limit.

    Shared by every ledger with attempts, last_error, lease_until, state and next_try_at
    (reminders, digest posts, goal check-ins).
    """
    row.attempts += 1
    row.last_error, row.lease_until = error[:200], None
    if row.attempts >= MAX_ATTEMPTS:
        row.state = NudgeState.GAVE_UP
    else:
        row.state = NudgeState.FAILED
        row.next_try_at = now + timedelta(minutes=2**row.attempts)


def give_up(session: Session, *, ids: Sequence[int], reason: str) -> None:
    """Record reminders that will never be sent (the item closed, the owner left)."""
    if not ids:
        return
    session.execute(
        update(Nudge)
        .where(among(session, Nudge.id, ids))
        .values(state=NudgeState.GAVE_UP, last_error=reason[:200], lease_until=None)
    )


def items_by_id(
    session: Session, ids: Iterable[int], *, with_owners: bool = True
) -> dict[int, ActionItem]:
    """Return items by their row id, with their owners unless told they are not needed."""
    wanted = set(ids)
    if not wanted:
        return {}
    statement = select(ActionItem).where(among(session, ActionItem.id, wanted))
    if not with_owners:  # loading owners is half the cost of loading items
        statement = statement.options(lazyload(ActionItem.owners))
    return {item.id: item for item in session.scalars(statement)}


def set_next_looks(session: Session, looks: Sequence[tuple[int, str, datetime | None]]) -> None:
    """Record when to look at each (item, owner) again, in one statement."""
    rows = [{"action_id": item, "user_id": owner, "next_nudge_at": look}
            for item, owner, look in looks]  # fmt: skip
    update_each(session, _table(ActionOwner), rows, match=["action_id", "user_id"])


def mark_needing_help(
    session: Session, *, item_ids: Sequence[int], now: datetime, by: str
) -> list[int]:
    """Flag items as needing help, with a history line each; return those not flagged before."""
    if not item_ids:
        return []
    flagged = session.execute(
        update(_table(ActionItem))
        .where(among(session, ActionItem.id, item_ids), ActionItem.needs_help.is_(False))
        .values(needs_help=True)
        .returning(ActionItem.id, ActionItem.team_id)
    ).all()
    events = [{"action_id": item_id, "team_id": team_id, "kind": "needs_help", "actor_id": by,
               "at": now, "detail": {}} for item_id, team_id in flagged]  # fmt: skip
    if events:
        session.connection().execute(insert(_table(ActionEvent)), events)
    return sorted(item_id for item_id, _ in flagged)


def claim_once(session: Session, *, item_id: int, column: str, now: datetime) -> bool:
    """Set a once-only timestamp on an item; False when another run already set it."""
    field = getattr(ActionItem, column)
    updated = session.execute(
        update(ActionItem)
        .where(ActionItem.id == item_id, field.is_(None))
        .values({field: now})
        .returning(ActionItem.id)
    )
    return updated.scalar_one_or_none() is not None


def claim_once_each(
    session: Session, *, item_ids: Sequence[int], column: str, now: datetime
) -> set[int]:
    """Set a once-only timestamp on many items; return those no other run had set."""
    if not item_ids:
        return set()
    field = getattr(ActionItem, column)
    updated = session.execute(
        update(ActionItem)
        .where(among(session, ActionItem.id, item_ids), field.is_(None))
        .values({field: now})
        .returning(ActionItem.id)
    )
    return set(updated.scalars())


def items_to_tell_creators(session: Session, *, limit: int = 200) -> list[ActionItem]:
    """Return items flagged (needs help, needs a new owner) whose creators were not yet told.

    Each flag is read through its own partial index, which holds only the items still owing
    their note: the query costs what is flagged, not the whole history.
    """
    found: dict[int, ActionItem] = {}
    for untold in (needs_help_untold(), needs_owner_untold()):
        if len(found) >= limit:
            break
        statement = select(ActionItem).where(untold, still_installed(ActionItem.team_id))
        for item in session.scalars(statement.order_by(ActionItem.id).limit(limit)):
            found.setdefault(item.id, item)
    return list(found.values())[:limit]


def sent_steps(session: Session, *, item_id: int) -> list[tuple[str, str, str]]:
    """Return (user, step, state) of an item's ledger, for tests and operators."""
    statement = (
        select(Nudge.user_id, Nudge.step, Nudge.state)
        .where(Nudge.action_id == item_id)
        .order_by(Nudge.id)
    )
    return [tuple(row) for row in session.execute(statement)]  # type: ignore[misc]
