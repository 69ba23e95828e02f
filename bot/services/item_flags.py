"""Who changes an item, and the flags Backbone itself puts on one: its owner left, it needs help.

Kept apart from `bot.services.actions` (which reads what people type) so that scheduled work,
a tick's reminders, loads none of the readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from storage import actions as store
from storage.models import ActionItem

SYSTEM = "backbone"  # the actor in history for what Backbone itself did


@dataclass(frozen=True)
class Actor:
    """Who is asking for a change, and whether they administer the workspace."""

    user_id: str
    is_admin: bool = False


def flag_needs_owner(session: Session, *, item: ActionItem, now: datetime) -> None:
    """Mark an item whose owner left Slack: the digest lists it, its creator is told once."""
    if not item.needs_owner:
        item.needs_owner = True
        store.record_event(session, item=item, kind="needs_owner", actor_id=SYSTEM, now=now)


def mark_needs_help(session: Session, *, item: ActionItem, now: datetime, by: str) -> None:
    """Mark an item as needing help: the digest lists it under Needs help."""
    if not item.needs_help:
        item.needs_help = True
        store.record_event(session, item=item, kind="needs_help", actor_id=by, now=now)
