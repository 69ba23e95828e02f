"""Alembic environment: runs migrations on the engine handed over by storage.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, text

from storage.models import Base

# Any fixed number works; it only has to be the same in every Backbone process.
PG_MIGRATION_LOCK = 7_040_221


def run_migrations_online() -> None:
    """Run the migrations in one transaction, one process at a time."""
    engine: Engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=engine.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            if engine.dialect.name == "postgresql":
                # Processes that start together queue here; the later ones find nothing to do.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK}
                )
            context.run_migrations()


run_migrations_online()
