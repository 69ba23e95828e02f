"""Fresh, migrated databases outside the per-test fixtures (several processes, benchmarks)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.db import make_engine
from storage.migrate import upgrade


def migrated(url: str) -> str:
    """Bring a database's schema up to date and return its URL."""
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@contextmanager
def fresh_postgres(server_url: str, prefix: str = "backbone_x") -> Iterator[str]:
    """Create a migrated database on a PostgreSQL server, and drop it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield migrated(make_url(server_url).set(database=name).render_as_string(False))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
