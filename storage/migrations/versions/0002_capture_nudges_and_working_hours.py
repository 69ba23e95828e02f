"""capture, nudges and working hours

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message_captures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reply_ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_captures")),
        sa.UniqueConstraint(
            "team_id", "channel_id", "message_ts", "kind", name=op.f("uq_message_captures_team_id")
        ),
    )
    op.create_table(
        "processed_events",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "event_id", name=op.f("pk_processed_events")),
    )
    op.create_table(
        "nudges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("scheduled_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("claim_token", sa.String(length=36), nullable=True),
        sa.Column("lease_until", storage.models.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("sent_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("dm_channel", sa.String(length=32), nullable=True),
        sa.Column("dm_ts", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action_items.id"],
            name=op.f("fk_nudges_action_id_action_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nudges")),
        sa.UniqueConstraint("action_id", "user_id", "step", name=op.f("uq_nudges_action_id")),
    )
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.create_index("ix_nudges_state_lease", ["state", "lease_until"], unique=False)
        batch_op.create_index("ix_nudges_state_retry", ["state", "next_try_at"], unique=False)

    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recurrence", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("source_channel", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("source_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("needs_help", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("help_requested_at", storage.models.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("escalated_at", storage.models.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("needs_owner", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("owner_flagged_at", storage.models.UTCDateTime(), nullable=True)
        )
        batch_op.create_index(
            "ix_action_items_source", ["team_id", "source_channel", "source_ts"], unique=False
        )

    with op.batch_alter_table("action_owners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_nudge_at", storage.models.UTCDateTime(), nullable=True))
        batch_op.create_index("ix_action_owners_next_nudge", ["next_nudge_at"], unique=False)

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_channel", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("source_ts", sa.String(length=32), nullable=True))

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("away_until", storage.models.UTCDateTime(), nullable=True))

    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("workday_start", sa.Integer(), server_default="540", nullable=False)
        )
        batch_op.add_column(
            sa.Column("workday_end", sa.Integer(), server_default="1020", nullable=False)
        )
        batch_op.add_column(
            sa.Column("workdays", sa.String(length=7), server_default="12345", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("workdays")
        batch_op.drop_column("workday_end")
        batch_op.drop_column("workday_start")

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("away_until")

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("source_ts")
        batch_op.drop_column("source_channel")

    with op.batch_alter_table("action_owners", schema=None) as batch_op:
        batch_op.drop_index("ix_action_owners_next_nudge")
        batch_op.drop_column("next_nudge_at")

    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index("ix_action_items_source")
        batch_op.drop_column("owner_flagged_at")
        batch_op.drop_column("needs_owner")
        batch_op.drop_column("escalated_at")
        batch_op.drop_column("help_requested_at")
        batch_op.drop_column("needs_help")
        batch_op.drop_column("source_ts")
        batch_op.drop_column("source_channel")
        batch_op.drop_column("recurrence")

    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_index("ix_nudges_state_retry")
        batch_op.drop_index("ix_nudges_state_lease")

    op.drop_table("nudges")
    op.drop_table("processed_events")
    op.drop_table("message_captures")
