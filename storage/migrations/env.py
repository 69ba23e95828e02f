"""Alembic environment: runs migrations on the engine handed over by storage.migrate."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Engine, text

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


def run_migrations_online() -> None:
    """Run the migrations in one transaction, one process at a time."""
    engine: Engine = context.config.attributes["engine"]
    with engine.connect() as connection:
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


run_migrations_online()
