"""Rules about people, free of any chat platform: being away holds their reminders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.errors import DateError, NotFound
from bot.services.actions import flag_needs_owner, start_of
from bot.when import Due
from storage.actions import open_items_owned_by, replan_person
from storage.models import Person
from storage.people import get_person, mark_deactivated


def set_away(
    session: Session, *, team_id: str, user_id: str, until: Due, now: datetime
) -> datetime:
    """Hold a person's reminders until a moment (for a day: until that day begins)."""
    person = _person(session, team_id=team_id, user_id=user_id)
    resume = start_of(until)
    if resume <= now:
        raise DateError(
            "That's today, so your reminders would start again right away. "
            "Pick a later day, like: /action away until Monday"
        )
    person.away_until = resume
    replan_person(session, team_id=team_id, user_id=user_id, now=now)
    return resume


def clear_away(session: Session, *, team_id: str, user_id: str, now: datetime) -> bool:
    """Send a person's reminders again from now; tell whether they were away."""
    person = _person(session, team_id=team_id, user_id=user_id)
    was_away = is_away(person, now=now)
    person.away_until = None
    replan_person(session, team_id=team_id, user_id=user_id, now=now)
    return was_away


def is_away(person: Person, *, now: datetime) -> bool:
    """Tell whether a person's reminders are held at this moment."""
    return person.away_until is not None and person.away_until > now


def _person(session: Session, *, team_id: str, user_id: str) -> Person:
    person = get_person(session, team_id=team_id, user_id=user_id)
    if person is None:  # the handler looks people up first; this is a safety net
        raise NotFound("I don't know you yet in this workspace. Try again in a moment.")
    return person


def person_left(session: Session, *, team_id: str, user_id: str, now: datetime) -> int:
    """Mark a person gone (deactivated, or removed from the team) and flag their open items."""
    mark_deactivated(session, team_id=team_id, user_id=user_id, now=now)
    return flag_items_of(session, team_id=team_id, user_id=user_id, now=now)


def flag_items_of(session: Session, *, team_id: str, user_id: str, now: datetime) -> int:
    """Flag as needing an owner every open item a departed person owns; return how many."""
    items = open_items_owned_by(session, team_id=team_id, user_id=user_id)
    for item in items:
        flag_needs_owner(session, item=item, now=now)
    return len(items)
