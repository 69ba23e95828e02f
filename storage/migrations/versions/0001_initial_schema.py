"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("action_seq", sa.Integer(), nullable=False),
        sa.Column("decision_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_workspaces")),
    )
    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("creator_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("announce_channel", sa.String(length=32), nullable=True),
        sa.Column("announce_ts", sa.String(length=32), nullable=True),
        sa.Column("due_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("due_all_day", sa.Boolean(), nullable=False),
        sa.Column("due_tz", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("snoozed_until", storage.models.UTCDateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("done_at", storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_action_items_team_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
        sa.UniqueConstraint("team_id", "number", name=op.f("uq_action_items_team_id")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_action_items_team_channel", ["team_id", "channel_id"], unique=False
        )
        batch_op.create_index(
            "ix_action_items_team_status_due", ["team_id", "status", "due_at"], unique=False
        )

    op.create_table(
        "channels",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_archived", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_channels_team_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("team_id", "channel_id", name=op.f("pk_channels")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorder_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_decisions_team_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("team_id", "number", name=op.f("uq_decisions_team_id")),
    )
    op.create_table(
        "people",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("is_bot", sa.Boolean(), nullable=False),
        sa.Column("deactivated", sa.Boolean(), nullable=False),
        sa.Column("refreshed_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_people_team_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_people")),
    )
    op.create_table(
        "action_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=32), nullable=False),
        sa.Column("at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action_items.id"],
            name=op.f("fk_action_events_action_id_action_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_events")),
    )
    with op.batch_alter_table("action_events", schema=None) as batch_op:
        batch_op.create_index("ix_action_events_action_at", ["action_id", "at"], unique=False)

    op.create_table(
        "action_owners",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action_items.id"],
            name=op.f("fk_action_owners_action_id_action_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", "user_id", name=op.f("pk_action_owners")),
    )
    with op.batch_alter_table("action_owners", schema=None) as batch_op:
        batch_op.create_index("ix_action_owners_user", ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("action_owners", schema=None) as batch_op:
        batch_op.drop_index("ix_action_owners_user")

    op.drop_table("action_owners")
    with op.batch_alter_table("action_events", schema=None) as batch_op:
        batch_op.drop_index("ix_action_events_action_at")

    op.drop_table("action_events")
    op.drop_table("people")
    op.drop_table("decisions")
    op.drop_table("channels")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index("ix_action_items_team_status_due")
        batch_op.drop_index("ix_action_items_team_channel")

    op.drop_table("action_items")
    op.drop_table("workspaces")
