"""progress pages: a channel's public page of its progress, at an unguessable address

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04

One row per published channel. The code is the page's address and only key; unpublishing
deletes the row, so the address stops working at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ID = sa.String(length=255)


def upgrade() -> None:
    op.create_table(
        "progress_pages",
        sa.Column("team_id", ID, nullable=False),
        sa.Column("channel_id", ID, nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("show_titles", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("published_by", ID, nullable=False),
        sa.Column("published_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_progress_pages_team_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("team_id", "channel_id", name=op.f("pk_progress_pages")),
        sa.UniqueConstraint("code", name=op.f("uq_progress_pages_code")),
    )


def downgrade() -> None:
    op.drop_table("progress_pages")
