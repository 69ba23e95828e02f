"""A test of change as a team would have planned it, stored straight in a test's database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from storage import cycles as store
from storage.cycles import CyclePlan
from storage.db import make_engine, make_session_factory, transaction
from storage.models import Cycle
from storage.people import Profile, save_profile
from storage.workspaces import ensure_workspace

IDEA = "Call each new intake within 48 hours"
QUESTION = "Do quicker calls keep more people engaged?"
PREDICTION = "At least 8 of 10 people we call within 48 hours come to their second meeting"
MEASURE = "Second meetings kept, out of calls made"


def planned(
    database_url: str,
    *,
    team_id: str,
    channel: str,
    owners: Sequence[str],
    created_by: str,
    starts_on: date,
    ends_on: date,
    now: datetime,
    tz: str = "America/Los_Angeles",
) -> int:
    """Store a cycle in the database (its creator typed `/pdsa`); return its number."""
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            ensure_workspace(session, team_id=team_id, now=now)
            plan = CyclePlan(channel_id=channel, change_idea=IDEA, question=QUESTION,
                             prediction=PREDICTION, starts_on=starts_on, ends_on=ends_on, tz=tz,
                             owner_ids=list(owners), measure=MEASURE,
                             plan="Maria calls, Tuesdays and Thursdays")  # fmt: skip
            return store.add_cycle(session, team_id=team_id, plan=plan, created_by=created_by,
                                   now=now).number  # fmt: skip
    finally:
        engine.dispose()


def known(
    database_url: str,
    *,
    team_id: str,
    zones: dict[str, str],
    now: datetime,
    gone: Sequence[str] = (),
) -> None:
    """Store people with their zones (and who left), as the form's owner check does."""
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            ensure_workspace(session, team_id=team_id, now=now)
            for user_id, tz in zones.items():
                profile = Profile(user_id, user_id.lower(), tz, is_admin=False, is_bot=False,
                                  deactivated=user_id in gone)  # fmt: skip
                save_profile(session, team_id=team_id, profile=profile, now=now)
    finally:
        engine.dispose()


def cycles(session: Session, team_id: str) -> list[Cycle]:
    """Return a workspace's cycles in number order, detached."""
    found = store.team_cycles(session, team_id=team_id)
    for cycle in found:
        _ = cycle.owner_ids
    session.expunge_all()
    return found
