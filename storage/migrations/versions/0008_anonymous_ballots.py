"""anonymous ballots: no rowid on SQLite, so ballot rows carry no order

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

SQLite gives every ordinary table a rowid that grows with each insert: for poll_ballots it gave
the order in which people voted. The table is rebuilt WITHOUT ROWID (rows keyed by poll and hash
only), keeping the open polls' ballots. PostgreSQL has no rowid: nothing changes there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _rebuild(*, with_rowid: bool) -> None:
    """Copy poll_ballots into a table made with or without a rowid, and put it in its place."""
    op.create_table(
        "poll_ballots_rebuilt",
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
        sqlite_with_rowid=with_rowid,
    )
    op.execute(
        "INSERT INTO poll_ballots_rebuilt (poll_id, voter, team_id, options) "
        "SELECT poll_id, voter, team_id, options FROM poll_ballots"
    )
    op.drop_table("poll_ballots")  # secure_delete (storage/db.py) zeroes the old pages
    op.rename_table("poll_ballots_rebuilt", "poll_ballots")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(with_rowid=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(with_rowid=True)
