"""Is the schema up to date? Answered without loading Alembic, which most starts do not need.

Every `serve`, `tick` and `export` brings the schema up to date before it works. Almost always it
already is, and loading Alembic (with Mako and Pygments behind it) only to hear "nothing to do"
was most of a cold `backbone tick`. So the newest revision is read from the migration files'
own `revision = "…"` / `down_revision = "…"` lines, and the database's from its
`alembic_version` table: when they agree, nothing more happens. In every other case (a new or
older database, or migration files this reader is unsure of, such as a merge of two branches)
Alembic runs the migrations exactly as before (`storage/migrate.py`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text

VERSIONS = Path(__file__).with_name("migrations") / "versions"
VERSION_TABLE = "alembic_version"  # Alembic's default; migrations/env.py does not change it
_REVISION = re.compile(r'^revision\s*(?::\s*str\s*)?=\s*"([^"]+)"\s*$', re.MULTILINE)
_DOWN = re.compile(r'^down_revision\s*(?::[^=]+)?=\s*(?:None|"([^"]+)")\s*$', re.MULTILINE)


class SchemaFromNewerCode(Exception):
    """The database was migrated by a newer Backbone than this one: its revision is unknown here."""

    def __init__(self, revision: str, head: str) -> None:
        super().__init__(revision, head)
        self.revision = revision
        self.head = head


@cache
def known_revisions() -> tuple[str, ...] | None:
    """Return the code's revisions, oldest first; None unless they form one simple chain."""
    return revisions_in(VERSIONS)


def revisions_in(folder: Path) -> tuple[str, ...] | None:
    """Return the revisions of a folder of migrations, oldest first; None unless one chain."""
    parents: dict[str, str | None] = {}
    for path in sorted(folder.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN.findall(source)
        if len(revision) != 1 or len(down) != 1 or revision[0] in parents:
            return None
        parents[revision[0]] = down[0] or None
    return _chain(parents)


def _chain(parents: dict[str, str | None]) -> tuple[str, ...] | None:
    """Order revisions from the root by their parents; None for a branch, a gap or a loop."""
    children = {parent: child for child, parent in parents.items()}
    if len(children) != len(parents):  # two revisions share a parent: a branch
        return None
    order: list[str] = []
    revision = children.get(None)
    while revision is not None and len(order) < len(parents):
        order.append(revision)
        revision = children.get(revision)
    return tuple(order) if order and len(order) == len(parents) else None


def stored_revisions(engine: Engine) -> set[str]:
    """Return the revisions the database says it is at; none for a new database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return set()
        rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
        return {str(revision) for revision in rows.scalars()}


def bring_up_to_date(engine: Engine) -> None:
    """Migrate the database to the newest revision, loading Alembic only when there is work.

    Raises SchemaFromNewerCode when the database is at a revision this code does not know.
    """
    known = known_revisions()
    if known is not None:
        stored = stored_revisions(engine)
        if stored == {known[-1]}:
            return
        newer = sorted(stored - set(known))
        if newer:
            raise SchemaFromNewerCode(newer[0], known[-1])
    from storage.migrate import upgrade

    upgrade(engine)
