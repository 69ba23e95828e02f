"""teams: conversation references, the ledger of what Backbone posted, and shared pictures

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

Three tables of the Teams adapter alone; no shared table changes. Each row's workspace is in
`team_id`, as everywhere: for Teams it holds the tenant id.

- `teams_conversations`: where Backbone can speak (a personal chat, a channel, a group chat),
  with the service URL its activities came from, one row per tenant and conversation.
- `teams_posts`: Bot Framework cannot read messages back, so Backbone keeps its own posts'
  plain text and tag to read them again and find tagged ones.
- `teams_pictures`: PNGs shared in Teams, served at an unguessable address (a Teams message
  holds about 28 KB, too little for a chart inline).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

ID = sa.String(length=255)
WHEN = storage.models.UTCDateTime


def upgrade() -> None:
    _conversations()
    _posts()
    _pictures()


def _conversations() -> None:
    op.create_table(
        "teams_conversations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("service_url", sa.String(length=500), nullable=False),
        sa.Column("person_id", ID, nullable=True),
        sa.Column("teams_team_id", ID, nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("home_activity_id", ID, nullable=True),
        sa.Column("updated_at", WHEN(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_conversations")),
        sa.UniqueConstraint(
            "team_id", "conversation_id", name=op.f("uq_teams_conversations_team_id")
        ),
    )
    op.create_index(
        "ix_teams_conversations_person", "teams_conversations", ["team_id", "person_id"]
    )


def _posts() -> None:
    op.create_table(
        "teams_posts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("activity_id", ID, nullable=False),
        sa.Column("thread_id", ID, nullable=True),
        sa.Column("tag_kind", sa.String(length=64), nullable=True),
        sa.Column("tag_values", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("posted_at", WHEN(), nullable=False),
        sa.Column("updated_at", WHEN(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_posts")),
        sa.UniqueConstraint(
            "team_id", "conversation_id", "activity_id", name=op.f("uq_teams_posts_team_id")
        ),
    )
    op.create_index(
        "ix_teams_posts_tagged",
        "teams_posts",
        ["team_id", "conversation_id", "tag_kind", "posted_at"],
    )


def _pictures() -> None:
    op.create_table(
        "teams_pictures",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("png", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_pictures")),
    )
    op.create_index("ix_teams_pictures_team_created", "teams_pictures", ["team_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_teams_pictures_team_created", table_name="teams_pictures")
    op.drop_table("teams_pictures")
    op.drop_index("ix_teams_posts_tagged", table_name="teams_posts")
    op.drop_table("teams_posts")
    op.drop_index("ix_teams_conversations_person", table_name="teams_conversations")
    op.drop_table("teams_conversations")
