"""Shared fixtures: a fresh database per test, the Slack emulator, and the app running on HTTP.

Set BACKBONE_TEST_DATABASE=postgres (with BACKBONE_TEST_POSTGRES_URL) to run the same tests on
PostgreSQL: each test then gets a fresh database cloned from a migrated template.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from storage.db import make_engine
from storage.migrate import upgrade

if TYPE_CHECKING:
    from tests.support.harness import Harness

POSTGRES_URL = os.environ.get("BACKBONE_TEST_POSTGRES_URL")
# The browser tests' `chromium` and `browser` fixtures: tests/support/browser.py.
pytest_plugins = ["tests.support.browser_fixtures"]
ON_POSTGRES = os.environ.get("BACKBONE_TEST_DATABASE") == "postgres"
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # a Tuesday: 10:00 in New York


class FakeClock:
    """A clock tests set by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _admin_engine() -> Engine:
    assert POSTGRES_URL
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str | None]:
    """Migrate one template database per run; tests clone it."""
    if not ON_POSTGRES:
        yield None
        return
    if not POSTGRES_URL:
        pytest.exit("BACKBONE_TEST_DATABASE=postgres needs BACKBONE_TEST_POSTGRES_URL", 2)
    name = f"backbone_tmpl_{uuid.uuid4().hex[:8]}"
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(POSTGRES_URL).set(database=name).render_as_string(False))
    upgrade(engine)
    engine.dispose()
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(tmp_path: Path, postgres_template: str | None) -> Iterator[str]:
    """A fresh, migrated database for one test."""
    if postgres_template is None:
        url = f"sqlite:///{tmp_path / 'backbone.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        return
    name = f"backbone_t_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"'))
    assert POSTGRES_URL
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def backbone(database_url: str, clock: FakeClock) -> Iterator[Harness]:
    """Backbone on HTTP with the emulator as its Slack, a fresh database and a fixed clock."""
    from tests.support.harness import running_backbone

    with running_backbone(database_url, clock) as harness:
        yield harness


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
