"""Tests of change written straight to the database, for the reports that read them.

The reports (digest, learning log, run charts, export) are tested from stored cycles; how a
cycle comes to be stored (the `/pdsa` form, Study, Act) is tested with those commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ActionItem, Cycle, CycleOwner, Goal, Workspace
from storage.workspaces import ensure_workspace

MADE = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


@dataclass
class Seed:
    """One cycle to store; only what a test cares about needs saying."""

    number: int
    change_idea: str
    channel_id: str
    owners: tuple[str, ...]
    starts_on: date
    ends_on: date
    status: str = "doing"
    prediction: str = "More landlords will call back"
    question: str = "Will landlords call back sooner?"
    measure: str | None = None
    plan: str | None = None
    created_by: str | None = None
    created_at: datetime = MADE
    tz: str = "America/New_York"
    goal: int | None = None  # a goal's number
    follows: int | None = None  # a cycle's number
    scaled_from: int | None = None
    study: dict[str, object] = field(default_factory=dict)
    decision: dict[str, object] = field(default_factory=dict)
    tasks: tuple[int, ...] = ()  # items' numbers


def store_cycle(session: Session, *, team_id: str, seed: Seed) -> Cycle:
    """Store a cycle as the `/pdsa` commands would have left it."""
    ensure_workspace(session, team_id=team_id, now=seed.created_at)
    workspace = session.get(Workspace, team_id)
    assert workspace is not None
    workspace.cycle_seq = max(workspace.cycle_seq or 0, seed.number)  # /pdsa numbers on from here
    cycle = Cycle(
        team_id=team_id, number=seed.number, channel_id=seed.channel_id,
        goal_id=_id(session, Goal, team_id, seed.goal), change_idea=seed.change_idea,
        question=seed.question, prediction=seed.prediction, measure=seed.measure,
        plan=seed.plan, starts_on=seed.starts_on, ends_on=seed.ends_on, tz=seed.tz,
        status=seed.status, created_by=seed.created_by or seed.owners[0],
        created_at=seed.created_at, updated_at=seed.created_at,
        follows_id=_id(session, Cycle, team_id, seed.follows),
        scaled_from_id=_id(session, Cycle, team_id, seed.scaled_from),
        **seed.study, **seed.decision,
    )  # fmt: skip
    session.add(cycle)
    session.flush()
    for position, person in enumerate(seed.owners):
        session.add(CycleOwner(cycle_id=cycle.id, user_id=person, position=position))
    for number in seed.tasks:
        item = session.scalars(
            select(ActionItem).where(ActionItem.team_id == team_id, ActionItem.number == number)
        ).one()
        item.cycle_id = cycle.id
    session.flush()
    return cycle


def _id(session: Session, model: type[Goal] | type[Cycle], team_id: str, number: int | None):
    if number is None:
        return None
    return session.scalars(
        select(model.id).where(model.team_id == team_id, model.number == number)
    ).one()
