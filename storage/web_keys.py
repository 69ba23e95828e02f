"""The web pages' signing key: made once, at random, and kept in the database.

Every `serve` process reads the same key, so a link or a form token signed by one is good in
another. Whoever makes it first wins (an insert that does nothing on a conflict); the others
read the winner's. The key is never logged or shown.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.upsert import insert_for
from storage.web_models import WebKey

PAGES = "pages"  # the key that signs links and form tokens


def web_key(session: Session, *, now: datetime, name: str = PAGES) -> bytes:
    """Return the stored key called `name`, making it first if there is none."""
    found = session.scalar(select(WebKey.secret).where(WebKey.name == name))
    if found is None:
        made = insert_for(session, WebKey).values(
            name=name, secret=secrets.token_hex(32), created_at=now
        )
        session.execute(made.on_conflict_do_nothing())
        found = session.scalar(select(WebKey.secret).where(WebKey.name == name))
    assert found is not None
    return bytes.fromhex(found)
