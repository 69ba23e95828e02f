"""Storage fixtures: an empty database, for tests that migrate it to a revision of their own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.conftest import ON_POSTGRES, POSTGRES_URL


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, of the kind this pass tests."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'upgrade.db'}"
        return
    assert POSTGRES_URL
    name = f"backbone_up_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
