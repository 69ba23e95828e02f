"""Teams conversation references: where Backbone can speak, and through which service URL.

Bot Framework reaches a conversation only through the service URL its activities came from, so
every activity the adapter receives leaves its reference here; a personal chat is how Backbone
sends a person a DM. Rows are keyed by tenant (the core's workspace) and conversation id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import TeamsConversation
from storage.upsert import insert_for

Kind = Literal["personal", "channel", "groupChat"]
KINDS: frozenset[str] = frozenset({"personal", "channel", "groupChat"})


def remember_conversation(
    session: Session,
    *,
    tenant_id: str,
    conversation_id: str,
    kind: Kind,
    service_url: str,
    person_id: str | None = None,
    teams_team_id: str | None = None,
    name: str | None = None,
    now: datetime,
) -> None:
    """Store or refresh a conversation reference and mark it active (what is not said is kept)."""
    if kind not in KINDS:
        raise ValueError(f"not a Teams conversation type: {kind!r}")
    fields: dict[str, object] = {"kind": kind, "service_url": service_url, "active": True}
    fields["updated_at"] = now
    said = {"person_id": person_id, "teams_team_id": teams_team_id, "name": name}
    fields |= {key: value for key, value in said.items() if value is not None}
    statement = insert_for(session, TeamsConversation).values(
        tenant_id=tenant_id, conversation_id=conversation_id, **fields
    )
    # An upsert: two activities of a new conversation may arrive at once.
    session.execute(
        statement.on_conflict_do_update(index_elements=["team_id", "conversation_id"], set_=fields)
    )


def conversation(
    session: Session, *, tenant_id: str, conversation_id: str
) -> TeamsConversation | None:
    """Return a stored conversation reference, or None."""
    statement = select(TeamsConversation).where(
        TeamsConversation.tenant_id == tenant_id,
        TeamsConversation.conversation_id == conversation_id,
    )
    # Fresh from the database: an upsert in this session does not refresh loaded rows.
    return session.scalars(statement.execution_options(populate_existing=True)).one_or_none()


def personal_conversation(
    session: Session, *, tenant_id: str, person_id: str
) -> TeamsConversation | None:
    """Return a person's personal chat with Backbone (the newest, if several), or None."""
    statement = (
        select(TeamsConversation)
        .where(
            TeamsConversation.tenant_id == tenant_id,
            TeamsConversation.person_id == person_id,
            TeamsConversation.kind == "personal",
        )
        .order_by(TeamsConversation.active.desc(), TeamsConversation.updated_at.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )
    return session.scalars(statement).one_or_none()


def latest_service_url(session: Session, *, tenant_id: str) -> str | None:
    """Return the service URL of the tenant's most recent activity, or None before any."""
    statement = (
        select(TeamsConversation.service_url)
        .where(TeamsConversation.tenant_id == tenant_id)
        .order_by(TeamsConversation.updated_at.desc(), TeamsConversation.id.desc())
        .limit(1)
    )
    return session.scalars(statement).one_or_none()


def set_active(
    session: Session,
    *,
    tenant_id: str,
    active: bool,
    now: datetime,
    teams_team_id: str | None = None,
    conversation_id: str | None = None,
) -> int:
    """Mark a team's conversations, or one conversation, (in)active; return how many changed.

    With neither a team nor a conversation every conversation of the tenant changes (the app
    was removed from the whole tenant).
    """
    statement = update(TeamsConversation).where(TeamsConversation.tenant_id == tenant_id)
    if teams_team_id is not None:
        statement = statement.where(TeamsConversation.teams_team_id == teams_team_id)
    if conversation_id is not None:
        statement = statement.where(TeamsConversation.conversation_id == conversation_id)
    result = session.execute(statement.values(active=active, updated_at=now))
    return int(getattr(result, "rowcount", 0) or 0)


def set_home_activity(
    session: Session, *, tenant_id: str, conversation_id: str, activity_id: str | None
) -> None:
    """Remember which card in a personal chat shows the person's Home."""
    session.execute(
        update(TeamsConversation)
        .where(
            TeamsConversation.tenant_id == tenant_id,
            TeamsConversation.conversation_id == conversation_id,
        )
        .values(home_activity_id=activity_id)
    )


def team_conversations(session: Session, *, tenant_id: str) -> list[TeamsConversation]:
    """Return the tenant's active channels, by name."""
    statement = (
        select(TeamsConversation)
        .where(
            TeamsConversation.tenant_id == tenant_id,
            TeamsConversation.kind == "channel",
            TeamsConversation.active.is_(True),
        )
        .order_by(TeamsConversation.name, TeamsConversation.id)
    )
    return list(session.scalars(statement))
