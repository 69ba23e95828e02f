"""indexes for bounded lists: the first rows of a channel's, a creator's and a person's items

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

Lists and the Home tab read a COUNT and the first few dozen rows of a group, soonest due first.
These indexes let each such query walk an index range in order and stop at its LIMIT, so its
cost follows what is shown, not how many items a workspace holds:

- a channel's open items (`/action list channel`, `/action list overdue`);
- the open items a person asked of others (Home, "You asked others");
- the items a person owns, read from the owners table without visiting its rows;
- decisions by channel and time (Home, "Decisions in your channels"), and by who recorded them.
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_action_items_channel_open", "action_items",
     ["team_id", "channel_id", "status", "due_at", "number"]),
    ("ix_action_items_creator_open", "action_items",
     ["team_id", "creator_id", "status", "due_at", "number"]),
    ("ix_action_owners_user_item", "action_owners", ["user_id", "action_id"]),
    ("ix_decisions_team_channel_created", "decisions", ["team_id", "channel_id", "created_at"]),
    ("ix_decisions_team_recorder", "decisions", ["team_id", "recorder_id"]),
]  # fmt: skip


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
