"""digest schedules and ledger

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A weekly digest per channel, and the ledger that lets each week's go out once.
    op.create_table(
        "digest_posts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("slot_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("claim_token", sa.String(length=36), nullable=True),
        sa.Column("lease_until", storage.models.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("posted_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_posts")),
        sa.UniqueConstraint("team_id", "channel_id", "week", name=op.f("uq_digest_posts_team_id")),
    )
    with op.batch_alter_table("digest_posts", schema=None) as batch_op:
        batch_op.create_index("ix_digest_posts_state_lease", ["state", "lease_until"], unique=False)
        batch_op.create_index("ix_digest_posts_state_retry", ["state", "next_try_at"], unique=False)

    op.create_table(
        "digest_schedules",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("set_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("next_run_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_digest_schedules_team_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("team_id", "channel_id", name=op.f("pk_digest_schedules")),
    )
    with op.batch_alter_table("digest_schedules", schema=None) as batch_op:
        batch_op.create_index("ix_digest_schedules_next_run", ["next_run_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("digest_schedules", schema=None) as batch_op:
        batch_op.drop_index("ix_digest_schedules_next_run")

    op.drop_table("digest_schedules")
    with op.batch_alter_table("digest_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_digest_posts_state_retry")
        batch_op.drop_index("ix_digest_posts_state_lease")

    op.drop_table("digest_posts")
