"""Upgrading keeps the data: a database made at each revision, with rows in every table, upgraded.

For each revision Alembic knows (0001 to head), a fresh database is migrated to it, every table
that exists then gets rows — a generic row made from the reflected schema, plus meaningful ones
(an item with two owners and its history, a decision, a poll) — and is upgraded to head. Every
row is still there with the same values (strings as long as their column then allowed), every
workspace is on Slack (0011 added the platform), and the app's own queries read them. The same
runs on PostgreSQL in the PostgreSQL pass.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from bot.services.export import export_records
from storage import actions
from storage.db import make_engine, make_session_factory, transaction
from storage.migrate import MIGRATIONS, upgrade

TEAM = "T0UPGRADE"
WHEN = datetime(2026, 11, 2, 15, 0)  # naive UTC, as instants are stored
Row = dict[str, Any]
Strings = Callable[[sa.Column[Any]], str]


def revisions() -> list[str]:
    """Every revision, oldest first, as Alembic's script directory lists them."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    return [found.revision for found in reversed(list(script.walk_revisions()))]


# Rows that mean something to the app; any column a revision lacks is left out, any it needs
# and these don't give is filled in like the generic rows.
# fmt: off
MEANINGFUL: dict[str, list[Row]] = {
    "workspaces": [{"team_id": TEAM, "name": "Upgrade", "action_seq": 1, "decision_seq": 1,
                    "poll_seq": 1, "created_at": WHEN, "platform": "slack"}],
    "people": [
        {"team_id": TEAM, "user_id": "UJOE", "name": "Joe", "tz": "America/Los_Angeles",
         "is_admin": False, "is_bot": False, "deactivated": False, "refreshed_at": WHEN},
    ],
    "action_items": [
        {"id": 1, "team_id": TEAM, "number": 1, "title": "Call the shelter about 3 beds",
         "creator_id": "UMARIA", "channel_id": "CCASE", "due_at": WHEN + timedelta(days=4),
         "due_all_day": True, "due_tz": "America/New_York", "status": "open",
         "created_at": WHEN, "updated_at": WHEN, "needs_help": False, "needs_owner": False},
    ],
    "action_owners": [
        {"action_id": 1, "user_id": "UJOE", "position": 0, "next_nudge_at": WHEN},
        {"action_id": 1, "user_id": "UPAT", "position": 1, "next_nudge_at": None},
    ],
    "action_events": [
        {"id": 1, "action_id": 1, "team_id": TEAM, "kind": "created", "actor_id": "UMARIA",
         "at": WHEN, "detail": {}},
        {"id": 2, "action_id": 1, "team_id": TEAM, "kind": "snoozed", "actor_id": "UJOE",
         "at": WHEN + timedelta(hours=1), "detail": {"until": "2026-11-05"}},
    ],
    "decisions": [
        {"id": 1, "team_id": TEAM, "number": 1, "text": "We hold 3 beds for veterans",
         "recorder_id": "UMARIA", "channel_id": "CCASE", "created_at": WHEN},
    ],
    "polls": [
        {"id": 1, "team_id": TEAM, "number": 1, "question": "Which evening?",
         "options": ["Tuesday", "Thursday"], "mode": "emoji", "multi": False, "hidden": False,
         "tz": "UTC", "channel_id": "CCASE", "creator_id": "UMARIA", "created_at": WHEN,
         "closed_at": WHEN, "results": {"counts": [2, 1], "voters": 3}, "counts_stale": False},
    ],
}
# fmt: on


def kept(column: sa.Column[Any]) -> str:
    """A string as long as the column allows: the widest value a revision held must survive."""
    if column.name == "team_id":
        return TEAM
    length = getattr(column.type, "length", None) or 100
    return (f"{column.name}-kept-" * 30)[:length]


def value_for(column: sa.Column[Any], inserted: dict[str, Row], strings: Strings) -> Any:
    """A value a column can hold: its referenced row's key, or one made from its type."""
    for key in column.foreign_keys:
        if key.column.table.name == column.table.name:
            return None  # why: a row pointing at itself (a ramp's cycle) has none to point at yet
        return inserted[key.column.table.name][key.column.name]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.Integer):
        return 7
    if isinstance(kind, sa.DateTime):
        return WHEN
    if isinstance(kind, sa.Date):
        return date(2026, 11, 2)
    if isinstance(kind, sa.JSON):
        return {"kept": ["as", "it", "was"]}
    if isinstance(kind, sa.Float | sa.Numeric):
        return 1.5
    if isinstance(kind, sa.LargeBinary):
        return b"kept"
    if isinstance(kind, sa.String) or column.name == "team_id":
        return strings(column)
    raise AssertionError(f"no sample value for {column.table.name}.{column.name} ({kind!r})")


def complete(
    table: sa.Table, given: Row, inserted: dict[str, Row], strings: Strings, *, every: bool
) -> Row:
    """A row for the table: what is given (for columns it has), then values for the others."""
    row = {name: value for name, value in given.items() if name in table.c}
    for column in table.columns:
        if column.name not in row and (every or not column.nullable):
            row[column.name] = value_for(column, inserted, strings)
    return row


def fill(
    engine: Engine, meaningful: dict[str, list[Row]] = MEANINGFUL, strings: Strings = kept
) -> dict[str, list[Row]]:
    """Put rows in every table there is now; return them by table."""
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    inserted: dict[str, Row] = {}
    rows: dict[str, list[Row]] = {}
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            given = meaningful.get(table.name)
            made = [
                complete(table, row, inserted, strings, every=given is None)
                for row in given or [{}]
            ]
            connection.execute(table.insert(), made)
            inserted[table.name], rows[table.name] = made[0], made
    return rows


def read_back(engine: Engine, rows: dict[str, list[Row]]) -> dict[str, list[Row]]:
    """The same rows as they are now, only the columns they were written with."""
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    found: dict[str, list[Row]] = {}
    with engine.connect() as connection:
        for name, written in rows.items():
            table = metadata.tables[name]
            found[name] = []
            for row in written:
                where = [table.c[key] == row[key] for key in _key_of(table, row)]
                result = connection.execute(sa.select(table).where(*where)).mappings().one()
                found[name].append({key: result[key] for key in row})
    return found


def _key_of(table: sa.Table, row: Row) -> list[str]:
    keys = [column.name for column in table.primary_key.columns if column.name in row]
    return keys or list(row)


@pytest.mark.parametrize("revision", revisions())
def test_upgrading_from_each_revision_keeps_every_row(empty_database: str, revision: str) -> None:
    engine = make_engine(empty_database)
    try:
        upgrade(engine, revision)
        rows = fill(engine)
        upgrade(engine)
        assert read_back(engine, rows) == rows
        assert workspace_platforms(engine) == [(TEAM, "slack")]
        assert_the_app_reads_them(engine, has_polls="polls" in rows)
    finally:
        engine.dispose()


def workspace_platforms(engine: Engine) -> list[tuple[str, str]]:
    """Each workspace and its platform: before 0011 every workspace was on Slack."""
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT team_id, platform FROM workspaces"))
        return [(team_id, platform) for team_id, platform in rows]


def assert_the_app_reads_them(engine: Engine, *, has_polls: bool) -> None:
    with transaction(make_session_factory(engine)) as session:
        records = export_records(session, team_id=TEAM)
        item = actions.get_item(session, team_id=TEAM, number=1)
        assert item is not None
        history = [(e.kind, e.actor_id) for e in actions.history(session, item=item)]
    (action,) = records["actions"]
    assert (action["code"], action["title"], action["owners"], action["due"]) == (
        "A-1",
        "Call the shelter about 3 beds",
        ["UJOE", "UPAT"],
        "2026-11-06",
    )
    assert action["created_at"] == WHEN.replace(tzinfo=UTC).isoformat()
    assert history == [("created", "UMARIA"), ("snoozed", "UJOE")]
    assert [(d["code"], d["text"]) for d in records["decisions"]] == [
        ("D-1", "We hold 3 beds for veterans")
    ]
    polls = [(p["code"], p["options"], p["counts"]) for p in records["polls"]]
    assert polls == ([("P-1", ["Tuesday", "Thursday"], [2, 1])] if has_polls else [])
