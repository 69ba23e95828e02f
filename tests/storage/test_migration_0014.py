"""Migration 0014: goals' tables and the workspace's goal counter come and go cleanly."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine, inspect

from storage.migrate import alembic_config, upgrade
from tests.conftest import NOW

GOAL_TABLES = {"north_stars", "goals", "goal_values", "goal_checkins"}


def columns(engine: Engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def test_0014_adds_and_removes_the_goal_tables_keeping_workspaces(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO workspaces (team_id, platform, name, action_seq, decision_seq, "
                "poll_seq, created_at, workday_start, workday_end, workdays) VALUES "
                "('T1', 'slack', 'One', 3, 1, 0, :at, 540, 1020, '12345')"
            ),
            {"at": NOW.replace(tzinfo=None)},
        )
    assert set(inspect(engine).get_table_names()) >= GOAL_TABLES
    command.downgrade(alembic_config(engine), "0011")
    assert not GOAL_TABLES & set(inspect(engine).get_table_names())
    assert not {"goal_seq", "small_count"} & columns(engine, "workspaces")
    upgrade(engine)
    with engine.connect() as connection:
        row = connection.execute(
            sa.text("SELECT action_seq, goal_seq, small_count FROM workspaces")
        ).one()
    assert tuple(row) == (3, 0, 11)  # why: every workspace starts at G-1, hiding counts under 11
    unique = inspect(engine).get_unique_constraints("goal_checkins")
    assert [c["column_names"] for c in unique] == [["goal_id", "period", "step"]]
