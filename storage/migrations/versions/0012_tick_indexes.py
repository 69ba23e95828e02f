"""tick indexes: partial indexes on the items whose creators are still owed a note

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

Every tick looks for items that need help, or lost their owner, and whose creator was not told
yet. Without an index that reads every item ever made; these partial indexes hold only the items
still owing their note, so the look costs what is flagged. Their conditions are written as
SQLAlchemy renders the query's (`IS 1` on SQLite, `IS true` on PostgreSQL): SQLite uses a partial
index only when the query carries the index's condition term for term.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# index name -> (flag column, once-only timestamp column)
UNTOLD = {
    "ix_action_items_help_untold": ("needs_help", "escalated_at"),
    "ix_action_items_owner_untold": ("needs_owner", "owner_flagged_at"),
}


def upgrade() -> None:
    for name, (flag, told) in UNTOLD.items():
        op.create_index(
            name,
            "action_items",
            ["id"],
            sqlite_where=sa.text(f"{flag} IS 1 AND {told} IS NULL"),
            postgresql_where=sa.text(f"{flag} IS true AND {told} IS NULL"),
        )


def downgrade() -> None:
    for name in UNTOLD:
        op.drop_index(name, table_name="action_items")
