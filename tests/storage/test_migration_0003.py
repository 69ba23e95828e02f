"""Migration 0003: people remember when they opened the Home tab; existing rows keep working."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from storage.db import make_engine
from storage.migrate import alembic_config, upgrade
from tests.conftest import ON_POSTGRES, POSTGRES_URL, _admin_engine


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    """A database with no schema at all, on the database the suite runs on."""
    if not ON_POSTGRES:
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        yield engine
        engine.dispose()
        return
    name = f"backbone_m_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    assert POSTGRES_URL
    engine = make_engine(make_url(POSTGRES_URL).set(database=name).render_as_string(False))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("people")}


def test_0003_adds_home_opened_at_and_keeps_people(empty_engine: Engine) -> None:
    upgrade(empty_engine, "0002")
    with empty_engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO workspaces (team_id, name, action_seq, decision_seq, created_at) "
            "VALUES ('T1', '', 0, 0, '2026-11-24 15:00:00')"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO people (team_id, user_id, name, tz, is_admin, is_bot, deactivated, "
            "refreshed_at) VALUES ('T1', 'U1', 'Maria', 'UTC', false, false, false, "
            "'2026-11-24 15:00:00')"
        ))  # fmt: skip
    assert "home_opened_at" not in columns(empty_engine)
    upgrade(empty_engine, "0003")
    assert "home_opened_at" in columns(empty_engine)
    with empty_engine.connect() as connection:
        rows = connection.execute(text("SELECT user_id, home_opened_at FROM people")).all()
    assert [tuple(row) for row in rows] == [("U1", None)]
    command.downgrade(alembic_config(empty_engine), "0002")
    assert "home_opened_at" not in columns(empty_engine)
