"""People: who they are, their zone, whether they are admins or deactivated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Person
from storage.upsert import insert_for


@dataclass(frozen=True)
class Profile:
    """What Slack told us about a person."""

    user_id: str
    name: str
    tz: str
    is_admin: bool
    is_bot: bool
    deactivated: bool


def get_person(session: Session, *, team_id: str, user_id: str) -> Person | None:
    """Return the stored person, or None."""
    return session.get(Person, (team_id, user_id))


def save_profile(session: Session, *, team_id: str, profile: Profile, now: datetime) -> Person:
    """Store what Slack said about a person and when we asked."""
    fields = {
        "name": profile.name,
        "tz": profile.tz,
        "is_admin": profile.is_admin,
        "is_bot": profile.is_bot,
        "deactivated": profile.deactivated,
        "refreshed_at": now,
    }
    statement = insert_for(session, Person).values(
        team_id=team_id, user_id=profile.user_id, **fields
    )
    # An upsert, because two requests may meet the same new person at once.
    session.execute(
        statement.on_conflict_do_update(index_elements=["team_id", "user_id"], set_=fields)
    )
    person = session.get(Person, (team_id, profile.user_id), populate_existing=True)
    assert person is not None
    return person


def save_profiles(
    session: Session, *, profiles: Sequence[tuple[str, Profile]], now: datetime
) -> None:
    """Store many (team_id, profile) pairs and when we asked, in one statement."""
    if not profiles:
        return
    latest = {(team_id, p.user_id): p for team_id, p in profiles}  # one row per key
    rows = [_profile_row(team_id, p, now) for (team_id, _), p in sorted(latest.items())]
    statement = insert_for(session, Person)
    fields = ("name", "tz", "is_admin", "is_bot", "deactivated", "refreshed_at")
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["team_id", "user_id"],
            set_={name: statement.excluded[name] for name in fields},
        ),
        rows,
    )


def _profile_row(team_id: str, profile: Profile, now: datetime) -> dict[str, object]:
    return {"team_id": team_id, "user_id": profile.user_id, "name": profile.name,
            "tz": profile.tz, "is_admin": profile.is_admin, "is_bot": profile.is_bot,
            "deactivated": profile.deactivated, "refreshed_at": now}  # fmt: skip


def mark_deactivated(session: Session, *, team_id: str, user_id: str, now: datetime) -> None:
    """Record that a person's account was deactivated (or cannot be found any more)."""
    person = get_person(session, team_id=team_id, user_id=user_id)
    if person is None:
        profile = Profile(user_id, user_id, "UTC", False, False, True)
        save_profile(session, team_id=team_id, profile=profile, now=now)
        return
    person.deactivated = True
    person.refreshed_at = now


def deactivated_among(session: Session, *, team_id: str, user_ids: Sequence[str]) -> list[str]:
    """Return which of these people are known to be deactivated, in the order given."""
    statement = select(Person.user_id).where(
        Person.team_id == team_id, Person.user_id.in_(user_ids), Person.deactivated.is_(True)
    )
    gone = set(session.scalars(statement))
    return [uid for uid in user_ids if uid in gone]


def mark_home_opened(session: Session, *, team_id: str, user_id: str, now: datetime) -> None:
    """Remember that a person opened the Home tab, so later changes refresh it."""
    person = get_person(session, team_id=team_id, user_id=user_id)
    if person is not None:
        person.home_opened_at = now


def home_viewers(session: Session, *, team_id: str, user_ids: Sequence[str]) -> list[Person]:
    """Return those of these people who have opened the Home tab."""
    statement = select(Person).where(
        Person.team_id == team_id, Person.user_id.in_(user_ids), Person.home_opened_at.is_not(None)
    )
    return list(session.scalars(statement))
