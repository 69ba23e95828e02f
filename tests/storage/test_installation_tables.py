"""Migration 0006 creates exactly the tables slack_sdk's SQLAlchemy stores read and write."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, Table, inspect

STORE = MetaData()
TABLES = [
    SQLAlchemyInstallationStore.build_installations_table(STORE, "slack_installations"),
    SQLAlchemyInstallationStore.build_bots_table(STORE, "slack_bots"),
    SQLAlchemyOAuthStateStore.build_oauth_states_table(STORE, "slack_oauth_states"),
]


def shape(column_type: Any) -> tuple[str, int | None]:
    """A column type as the database keeps it: its kind, and its length where it has one."""
    kind = type(column_type).__name__.upper()
    kind = {"VARCHAR": "STRING", "TIMESTAMP": "DATETIME", "INTEGER": "INTEGER"}.get(kind, kind)
    return kind, getattr(column_type, "length", None)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_the_migrated_table_is_the_stores_own(engine: Engine, table: Table) -> None:
    migrated = {c["name"]: c for c in inspect(engine).get_columns(table.name)}
    assert list(migrated) == [c.name for c in table.columns]  # why: a new slack_sdk column
    for column in table.columns:
        found = migrated[column.name]
        assert shape(found["type"]) == shape(column.type), column.name
        assert found["nullable"] == column.nullable, column.name
    indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes(table.name)}
    assert indexes == {i.name: [c.name for c in i.columns] for i in table.indexes}
