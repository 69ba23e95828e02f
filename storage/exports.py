"""Queries `backbone export` needs beside the records: names, channels and every item's history."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ActionEvent, Channel, Person


def people_names(session: Session, *, team_id: str) -> dict[str, str]:
    """Return the names Backbone knows for a workspace's people, by user id."""
    rows = session.execute(
        select(Person.user_id, Person.name).where(Person.team_id == team_id)
    ).all()
    return {user_id: name for user_id, name in rows if name}


def channel_names(session: Session, *, team_id: str) -> dict[str, str]:
    """Return the names Backbone knows for a workspace's channels, by channel id."""
    rows = session.execute(
        select(Channel.channel_id, Channel.name).where(Channel.team_id == team_id)
    ).all()
    return {channel_id: name for channel_id, name in rows if name}


def histories(session: Session, *, team_id: str) -> dict[int, list[ActionEvent]]:
    """Return every item's history in one query, oldest first, by the item's row id."""
    statement = (
        select(ActionEvent)
        .where(ActionEvent.team_id == team_id)
        .order_by(ActionEvent.at, ActionEvent.id)
    )
    found: dict[int, list[ActionEvent]] = defaultdict(list)
    for event in session.scalars(statement):
        found[event.action_id].append(event)
    return dict(found)
