"""web pages: the stored signing key, and polls answered by link

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04

`web_keys` keeps one random secret that signs links and form tokens, so that every process
agrees. `poll_links` gives a poll its web address (an unguessable code) and the language of its
page; `poll_link_people` holds the labels of one-person links ("Advisor 1", never a client).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None
ID = sa.String(255)


def upgrade() -> None:
    op.create_table(
        "web_keys",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
    )
    op.create_table(
        "poll_links",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "poll_id",
            sa.Integer(),
            sa.ForeignKey("polls.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("open_votes", sa.Boolean(), nullable=False),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
    )
    op.create_table(
        "poll_link_people",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "link_id",
            sa.Integer(),
            sa.ForeignKey("poll_links.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("label", sa.String(80), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_poll_link_people_link", "poll_link_people", ["link_id"])


def downgrade() -> None:
    op.drop_index("ix_poll_link_people_link", table_name="poll_link_people")
    op.drop_table("poll_link_people")
    op.drop_table("poll_links")
    op.drop_table("web_keys")
