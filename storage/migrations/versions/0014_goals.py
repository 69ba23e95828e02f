"""goals: north stars, goals and their values, and the ledger of check-in DMs

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

`workspaces` gains `goal_seq` (G-1, G-2… per workspace) and `small_count` (counts under it are
shown as "fewer than N"; 11 by default). Goals hold numbers only, never people. Adding columns
with a server default needs no table rebuild on SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ID = sa.String(length=255)


def upgrade() -> None:
    op.add_column(
        "workspaces", sa.Column("goal_seq", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column(
        "workspaces", sa.Column("small_count", sa.Integer(), server_default="11", nullable=False)
    )
    op.create_table(
        "north_stars",
        sa.Column("team_id", ID, nullable=False),
        sa.Column("channel_id", ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("set_by", ID, nullable=False),
        sa.Column("set_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_north_stars_team_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("team_id", "channel_id", name=op.f("pk_north_stars")),
    )
    _goals()
    _values()
    _checkins()


def _goals() -> None:
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("channel_id", ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("template", sa.String(length=64), nullable=True),
        sa.Column("higher_is_better", sa.Boolean(), nullable=False),
        sa.Column("is_count", sa.Boolean(), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("owner_id", ID, nullable=True),
        sa.Column("cadence", sa.String(length=16), nullable=False),
        sa.Column("cadence_day", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("baseline_points", sa.Integer(), nullable=True),
        sa.Column("idle_days", sa.Integer(), nullable=True),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("stopped_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("next_checkin_at", storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_goals_team_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
        sa.UniqueConstraint("team_id", "number", name=op.f("uq_goals_team_id")),
    )
    op.create_index("ix_goals_team_channel", "goals", ["team_id", "channel_id"])
    op.create_index("ix_goals_next_checkin", "goals", ["next_checkin_at"])


def _values() -> None:
    op.create_table(
        "goal_values",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reported_by", ID, nullable=False),
        sa.Column("reported_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_goal_values_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_values")),
        sa.UniqueConstraint("goal_id", "period", name=op.f("uq_goal_values_goal_id")),
    )


def _checkins() -> None:
    op.create_table(
        "goal_checkins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("scheduled_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("claim_token", sa.String(length=36), nullable=True),
        sa.Column("lease_until", storage.models.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("sent_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goals.id"],
            name=op.f("fk_goal_checkins_goal_id_goals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_checkins")),
        sa.UniqueConstraint("goal_id", "period", "step", name=op.f("uq_goal_checkins_goal_id")),
    )
    op.create_index("ix_goal_checkins_state_lease", "goal_checkins", ["state", "lease_until"])


def downgrade() -> None:
    op.drop_table("goal_checkins")
    op.drop_table("goal_values")
    op.drop_index("ix_goals_next_checkin", table_name="goals")
    op.drop_index("ix_goals_team_channel", table_name="goals")
    op.drop_table("goals")
    op.drop_table("north_stars")
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("small_count")
        batch.drop_column("goal_seq")
