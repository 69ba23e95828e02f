"""Backups: SQLite's online backup, which copies a consistent snapshot while Backbone runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.errors import ConfigError

PG_ADVICE = (
    "Backbone is using PostgreSQL; back it up with pg_dump, for example: "
    'pg_dump --format=custom --file=backbone.dump "$DATABASE_URL" (drop the +psycopg part).'
)


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy a live SQLite database to `target`; return the number of pages copied."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise ConfigError(PG_ADVICE)
    source_path = Path(url.database or "")
    if not url.database or not source_path.is_file():
        raise ConfigError(f"there is no database at {source_path} to back up yet.")
    if target.exists():
        raise ConfigError(
            f"{target} already exists; pick a new file name so nothing is overwritten."
        )
    if not target.parent.is_dir():
        raise ConfigError(f"the folder {target.parent} does not exist.")
    copied = 0

    def progress(_status: int, remaining: int, total: int) -> None:
        nonlocal copied
        copied = total - remaining

    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy, pages=256, progress=progress)
    return copied
