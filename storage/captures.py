"""Deliveries already handled and messages already captured: the rows that make capture happen once.

Both are claimed with INSERT … ON CONFLICT DO NOTHING RETURNING, and a returned row says this call
inserted it. On SQLite every transaction begins IMMEDIATE, so claims queue; on PostgreSQL the
unique key makes a second claim wait for the first to commit, then insert nothing.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import delete, literal_column, select
from sqlalchemy.orm import Session

from storage.models import ActionEvent, ActionItem, Decision, MessageCapture, ProcessedEvent
from storage.upsert import insert_for


class CaptureKind(enum.StrEnum):
    """How records were taken from a message: its ACTION/TODO/DECISION lines, or a :pushpin:."""

    LINES = "lines"
    PUSHPIN = "pushpin"


def claim_event(session: Session, *, team_id: str, event_id: str, now: datetime) -> bool:
    """Record an Events API delivery; False when it was recorded before (a retry)."""
    statement = insert_for(session, ProcessedEvent).values(
        team_id=team_id, event_id=event_id, received_at=now
    )
    return _inserted(session, statement.on_conflict_do_nothing())


def forget_claims(session: Session, *, team_id: str, before: datetime) -> int:
    """Delete one owner's delivery claims made before `before`; return how many went."""
    statement = delete(ProcessedEvent).where(
        ProcessedEvent.team_id == team_id, ProcessedEvent.received_at < before
    )
    result: Any = session.execute(statement)
    return int(result.rowcount or 0)


def claim_capture(
    session: Session, *, team_id: str, channel_id: str, message_ts: str, kind: str, now: datetime
) -> tuple[MessageCapture, bool]:
    """Return a message's capture row, locked until commit, and whether this call created it."""
    statement = insert_for(session, MessageCapture).values(
        team_id=team_id, channel_id=channel_id, message_ts=message_ts, kind=kind, created_at=now
    )
    created = _inserted(session, statement.on_conflict_do_nothing())
    found = select(MessageCapture).where(
        MessageCapture.team_id == team_id,
        MessageCapture.channel_id == channel_id,
        MessageCapture.message_ts == message_ts,
        MessageCapture.kind == kind,
    )
    return session.scalars(found.with_for_update()).one(), created


def _inserted(session: Session, statement: Any) -> bool:
    # RETURNING, not rowcount: ORM-enabled inserts report no reliable rowcount on psycopg.
    returned = session.execute(statement.returning(literal_column("1"))).first()
    return returned is not None


def get_capture(
    session: Session, *, team_id: str, channel_id: str, message_ts: str, kind: str
) -> MessageCapture | None:
    """Return a message's capture row of one kind, or None."""
    statement = select(MessageCapture).where(
        MessageCapture.team_id == team_id,
        MessageCapture.channel_id == channel_id,
        MessageCapture.message_ts == message_ts,
        MessageCapture.kind == kind,
    )
    return session.scalars(statement).one_or_none()


def captured_kinds(session: Session, *, team_id: str, channel_id: str, message_ts: str) -> set[str]:
    """Return how a message was captured so far: {"lines"}, {"pushpin"}, both, or neither."""
    statement = select(MessageCapture.kind).where(
        MessageCapture.team_id == team_id,
        MessageCapture.channel_id == channel_id,
        MessageCapture.message_ts == message_ts,
    )
    return set(session.scalars(statement))


def capture_by_reply(
    session: Session, *, team_id: str, channel_id: str, reply_ts: str
) -> MessageCapture | None:
    """Return the capture whose thread reply is the message at `reply_ts`, or None."""
    statement = select(MessageCapture).where(
        MessageCapture.team_id == team_id,
        MessageCapture.channel_id == channel_id,
        MessageCapture.reply_ts == reply_ts,
    )
    return session.scalars(statement).first()


def set_reply(session: Session, *, capture_id: int, reply_ts: str) -> None:
    """Remember where the capture's thread reply is, so edits can update it."""
    capture = session.get(MessageCapture, capture_id)
    if capture is not None:
        capture.reply_ts = reply_ts


def items_from_message(
    session: Session, *, team_id: str, channel_id: str, message_ts: str, via: str
) -> list[tuple[ActionItem, str]]:
    """Return a message's items taken one way, by number, with the words each was last read from."""
    items = session.scalars(
        select(ActionItem)
        .where(
            ActionItem.team_id == team_id,
            ActionItem.source_channel == channel_id,
            ActionItem.source_ts == message_ts,
        )
        .order_by(ActionItem.number)
    ).all()
    readings = session.scalars(
        select(ActionEvent)
        .where(
            ActionEvent.team_id == team_id,
            ActionEvent.action_id.in_([item.id for item in items]),
            ActionEvent.kind.in_(("created", "source_edited")),
        )
        .order_by(ActionEvent.at, ActionEvent.id)
    ).all()
    via_of = {e.action_id: e.detail.get("via") for e in readings if e.kind == "created"}
    line_of = {e.action_id: str(e.detail.get("line", "")) for e in readings}
    return [(item, line_of.get(item.id, "")) for item in items if via_of.get(item.id) == via]


def decisions_from_message(
    session: Session, *, team_id: str, channel_id: str, message_ts: str
) -> list[Decision]:
    """Return the decisions taken from a message's lines, by number."""
    statement = (
        select(Decision)
        .where(
            Decision.team_id == team_id,
            Decision.source_channel == channel_id,
            Decision.source_ts == message_ts,
        )
        .order_by(Decision.number)
    )
    return list(session.scalars(statement))
