"""Alembic environment: runs migrations on the engine handed over by storage.migrate."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from alembic import context
from sqlalchemy import Connection, Engine, text

from storage.migrate import STORE_TABLES
from storage.models import Base

# Any fixed number works; it only has to be the same in every Backbone process.
PG_MIGRATION_LOCK = 7_040_221


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave the stores' tables (and their indexes) out of autogenerate: not in our models."""
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table not in STORE_TABLES


@contextmanager
def sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """Run SQLite's migrations with foreign keys off, so batch mode can rebuild any table.

    Rebuilding drops the old table: with foreign keys on, dropping one that other rows refer to
    deletes or refuses them. The pragma only takes effect outside a transaction, so it is set on
    the driver's connection before the migrations' transaction begins.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _refuse_broken_references(connection: Connection) -> None:
    """Roll the migrations back if, with SQLite's checks off, they left a reference dangling."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"migrations left rows that refer to nothing: {broken}")


def run_migrations_online() -> None:
    """Run the migrations in one transaction, one process at a time."""
    engine: Engine = context.config.attributes["engine"]
    with engine.connect() as connection, sqlite_foreign_keys_off(connection):
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=engine.dialect.name == "sqlite",
            compare_type=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            if engine.dialect.name == "postgresql":
                # Processes that start together queue here; the later ones find nothing to do.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK}
                )
            context.run_migrations()
            if engine.dialect.name == "sqlite":
                _refuse_broken_references(connection)


run_migrations_online()
