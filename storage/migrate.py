"""Apply Backbone's Alembic migrations (`backbone db upgrade`, and at start of serve and tick)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
# Tables of slack_sdk's installation and OAuth state stores: migration 0006 creates them from the
# stores' own definitions (not from our models), for several workspaces.
STORE_TABLES = frozenset({"slack_bots", "slack_installations", "slack_oauth_states"})


def alembic_config(engine: Engine) -> Config:
    """Build an Alembic config bound to an engine, with no ini file needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to a revision (the newest by default)."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or None when it has none yet."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """Return the newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
