"""INSERT … ON CONFLICT for the two databases Backbone runs on."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session


def insert_for(session: Session, table: Any) -> Any:
    """Return the dialect's INSERT construct, which knows ON CONFLICT."""
    # Imported here: a process loads only its own database's dialect (PostgreSQL's is large).
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)
