"""What Backbone posted in Teams, and the pictures its cards show.

Bot Framework gives a bot no way to read messages back, so the Teams port keeps a ledger of
its own posts (plain text and tag) and reads that instead: enough for `read` and `find_tagged`,
which only ever look for Backbone's own posts. Pictures are kept under a random id that only
the card showing them carries.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import TeamsPicture, TeamsPost
from storage.upsert import insert_for

PICTURE_ID_BYTES = 24  # 32 characters of URL-safe base64: not to be guessed


def remember_post(
    session: Session,
    *,
    tenant_id: str,
    conversation_id: str,
    activity_id: str,
    text: str,
    tag_kind: str | None,
    tag_values: Mapping[str, str | int],
    now: datetime,
    thread_id: str | None = None,
) -> None:
    """Store what a post says; an update of a known post replaces its text and tag."""
    changed = {"text": text, "tag_kind": tag_kind, "tag_values": dict(tag_values)}
    statement = insert_for(session, TeamsPost).values(
        tenant_id=tenant_id, conversation_id=conversation_id, activity_id=activity_id,
        thread_id=thread_id, posted_at=now, updated_at=now, **changed,
    )  # fmt: skip
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["team_id", "conversation_id", "activity_id"],
            set_={**changed, "updated_at": now},
        )
    )


def post(
    session: Session, *, tenant_id: str, conversation_id: str, activity_id: str
) -> TeamsPost | None:
    """Return a post Backbone made, or None."""
    statement = select(TeamsPost).where(
        TeamsPost.tenant_id == tenant_id,
        TeamsPost.conversation_id == conversation_id,
        TeamsPost.activity_id == activity_id,
    )
    # Fresh from the database: an upsert in this session does not refresh loaded rows.
    return session.scalars(statement.execution_options(populate_existing=True)).one_or_none()


def tagged_posts(
    session: Session, *, tenant_id: str, conversation_id: str, kind: str, since: datetime
) -> list[TeamsPost]:
    """Return Backbone's posts in a conversation since `since` tagged `kind`, newest first."""
    statement = (
        select(TeamsPost)
        .where(
            TeamsPost.tenant_id == tenant_id,
            TeamsPost.conversation_id == conversation_id,
            TeamsPost.tag_kind == kind,
            TeamsPost.posted_at >= since,
        )
        .order_by(TeamsPost.posted_at.desc(), TeamsPost.id.desc())
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(statement))


def forget_post(
    session: Session, *, tenant_id: str, conversation_id: str, activity_id: str
) -> None:
    """Drop a post from the ledger (Teams said it is gone)."""
    found = post(
        session, tenant_id=tenant_id, conversation_id=conversation_id, activity_id=activity_id
    )
    if found is not None:
        session.delete(found)


def save_picture(session: Session, *, tenant_id: str, png: bytes, now: datetime) -> str:
    """Store a PNG and return the random id its address carries."""
    picture_id = secrets.token_urlsafe(PICTURE_ID_BYTES)
    session.add(TeamsPicture(id=picture_id, tenant_id=tenant_id, png=png, created_at=now))
    return picture_id


def picture_png(session: Session, *, picture_id: str) -> bytes | None:
    """Return a stored picture's PNG, or None when there is no such picture."""
    found = session.get(TeamsPicture, picture_id)
    return None if found is None else found.png
