"""Planning reminders: for each owner whose next look has come, claim the step due now.

Planning only writes to the database; delivery (Slack-specific) reads the claims afterwards.
A step is claimed by inserting its ledger row, whose unique key lets exactly one run win it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session, sessionmaker

from bot.services.item_flags import flag_needs_owner
from bot.services.ladder import Hours, decide
from storage import nudges as ledger
from storage.db import transaction
from storage.models import ActionItem, ActionOwner, Person, Status, Workspace

PLAN_BATCH = 500


@dataclass(frozen=True)
class Context:
    """What planning needs to know about the people and workspaces of one batch."""

    people: dict[tuple[str, str], Person]
    workspaces: dict[str, Workspace]
    fallback_zone: ZoneInfo


def zone_named(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    """Return a zone by name, or the fallback when the name is missing or unknown."""
    try:
        return ZoneInfo(name) if name else fallback
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def hours_of(workspace: Workspace | None) -> Hours:
    """Return a workspace's working hours (the defaults when unknown)."""
    if workspace is None:
        return Hours()
    return Hours.from_minutes(workspace.workday_start, workspace.workday_end, workspace.workdays)


def plan_batch(
    session: Session, *, now: datetime, token: str, fallback_zone: ZoneInfo
) -> tuple[int, int]:
    """Plan one batch of owners; return (owners looked at, steps claimed)."""
    owners = ledger.owners_to_plan(session, now=now, limit=PLAN_BATCH)
    items = ledger.items_by_id(session, (o.action_id for o in owners), with_owners=False)
    context = Context(
        people=ledger.people_by_key(session, ((i.team_id, o.user_id) for o in owners
                                              for i in [items[o.action_id]])),
        workspaces=ledger.workspaces_by_id(session, (i.team_id for i in items.values())),
        fallback_zone=fallback_zone,
    )  # fmt: skip
    plans = [_plan_owner(session, owner, items[owner.action_id], context, now=now)
             for owner in owners]  # fmt: skip
    # One statement each for the whole batch: a statement per owner made ticks slow.
    looks = [(o.action_id, o.user_id, look) for o, (look, _) in zip(owners, plans, strict=True)]
    ledger.set_next_looks(session, looks)
    claims = [claim for _, claim in plans if claim is not None]
    return len(owners), ledger.claim_steps(session, claims, token=token, now=now)


def _plan_owner(
    session: Session,
    owner: ActionOwner,
    item: ActionItem,
    context: Context,
    *,
    now: datetime,
) -> tuple[datetime | None, ledger.StepClaim | None]:
    """Return when to look at this owner again, and the step to claim now, if one is due."""
    if item.status != Status.OPEN:
        return None, None
    person = context.people.get((item.team_id, owner.user_id))
    if person is not None and person.deactivated:
        flag_needs_owner(session, item=item, now=now)
        return None, None
    pauses = [t for t in (item.snoozed_until, person.away_until if person else None) if t]
    decision = decide(
        due_at=item.due_at, created_at=item.created_at, paused_until=max(pauses, default=None),
        zone=zone_named(person.tz if person else None, context.fallback_zone),
        hours=hours_of(context.workspaces.get(item.team_id)), now=now,
    )  # fmt: skip
    if decision.step is None:
        return decision.look_again, None
    return decision.look_again, ledger.StepClaim(
        item.team_id, owner.action_id, owner.user_id, decision.step.name, decision.step.at
    )


def plan_nudges(
    factory: sessionmaker[Session], *, now: datetime, token: str, fallback_zone: ZoneInfo
) -> int:
    """Plan every owner whose next look has come, batch by batch; return the steps claimed."""
    claimed = 0
    while True:
        with transaction(factory) as session:
            looked, won = plan_batch(session, now=now, token=token, fallback_zone=fallback_zone)
        claimed += won
        if looked < PLAN_BATCH:
            return claimed
