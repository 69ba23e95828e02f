"""goals: the point-in-time count a chronic Built for Zero population is measured against

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

Functional zero for chronic homelessness allows at most 3 people or 0.1% of the individuals in
the most recent point-in-time count, whichever is greater; the count is a community's one yearly
figure, kept on the Built for Zero measures of a channel (null: unknown, and 3 applies).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("goals") as batch:
        batch.add_column(sa.Column("point_in_time_count", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("goals") as batch:
        batch.drop_column("point_in_time_count")
