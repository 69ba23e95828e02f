"""feedback polls

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Polls (P-<n>), emoji votes (public reactions) and anonymous ballots (keyed hashes, no ids).
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("multi", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("closes_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("repeat", sa.String(length=16), nullable=True),
        sa.Column("repeat_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("creator_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("closed_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=32), nullable=True),
        sa.Column("results", sa.JSON(), nullable=True),
        sa.Column("results_ts", sa.String(length=32), nullable=True),
        sa.Column("ballot_salt", sa.String(length=64), nullable=True),
        sa.Column("counts_stale", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("counts_shown_at", storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_polls_team_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
        sa.UniqueConstraint("team_id", "number", name=op.f("uq_polls_team_id")),
    )
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.create_index("ix_polls_closes", ["closed_at", "closes_at"], unique=False)
        batch_op.create_index(
            "ix_polls_message", ["team_id", "channel_id", "message_ts"], unique=False
        )
        batch_op.create_index("ix_polls_repeat", ["repeat_at"], unique=False)
        batch_op.create_index(
            "ix_polls_team_channel_closed", ["team_id", "channel_id", "closed_at"], unique=False
        )
    op.create_table(
        "poll_ballots",
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("voter", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_poll_ballots_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("poll_id", "voter", name=op.f("pk_poll_ballots")),
    )
    op.create_table(
        "poll_votes",
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("option", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("reacted_at", storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_poll_votes_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("poll_id", "user_id", "option", name=op.f("pk_poll_votes")),
    )
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("poll_seq", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("poll_seq")
    op.drop_table("poll_votes")
    op.drop_table("poll_ballots")
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.drop_index("ix_polls_team_channel_closed")
        batch_op.drop_index("ix_polls_repeat")
        batch_op.drop_index("ix_polls_message")
        batch_op.drop_index("ix_polls_closes")
    op.drop_table("polls")
