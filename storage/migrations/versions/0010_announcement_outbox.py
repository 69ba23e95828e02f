"""items and polls that still owe their channel post

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Records saved before this revision were posted (or told) when they were made: none owe one.
    with op.batch_alter_table("action_items") as batch:
        batch.add_column(
            sa.Column("announce_pending_until", storage.models.UTCDateTime(), nullable=True)
        )
        batch.create_index("ix_action_items_announce_pending", ["announce_pending_until"])
    with op.batch_alter_table("polls") as batch:
        batch.add_column(
            sa.Column("post_pending_until", storage.models.UTCDateTime(), nullable=True)
        )
        batch.create_index("ix_polls_post_pending", ["post_pending_until"])


def downgrade() -> None:
    with op.batch_alter_table("polls") as batch:
        batch.drop_index("ix_polls_post_pending")
        batch.drop_column("post_pending_until")
    with op.batch_alter_table("action_items") as batch:
        batch.drop_index("ix_action_items_announce_pending")
        batch.drop_column("announce_pending_until")
