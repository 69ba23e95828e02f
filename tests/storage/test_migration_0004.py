"""Migration 0004: the digest schedules and their ledger come and go cleanly."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect

from storage.migrate import alembic_config, upgrade

DIGEST_TABLES = {"digest_schedules", "digest_posts"}


def test_0004_adds_and_removes_the_digest_tables(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= DIGEST_TABLES
    command.downgrade(alembic_config(engine), "0003")
    assert not DIGEST_TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    unique = inspect(engine).get_unique_constraints("digest_posts")
    assert [c["column_names"] for c in unique] == [["team_id", "channel_id", "week"]]
