"""tests of change: PDSA cycles, their owners, the Study reminders' ledger, and their tasks

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04

`workspaces` gains `cycle_seq` (T-1, T-2… per workspace). A cycle's tasks are ordinary action
items whose `cycle_id` points at it; deleting a cycle leaves its tasks, unlinked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ID = sa.String(length=255)
WHEN = storage.models.UTCDateTime


def upgrade() -> None:
    op.add_column(
        "workspaces", sa.Column("cycle_seq", sa.Integer(), server_default="0", nullable=False)
    )
    _cycles()
    _owners()
    _study_nudges()
    with op.batch_alter_table("action_items") as batch:
        batch.add_column(sa.Column("cycle_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_action_items_cycle_id_cycles"), "cycles", ["cycle_id"], ["id"],
            ondelete="SET NULL",
        )  # fmt: skip
        batch.create_index("ix_action_items_team_cycle", ["team_id", "cycle_id"])


def _cycles() -> None:
    op.create_table(
        "cycles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("channel_id", ID, nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("change_idea", sa.Text(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("prediction", sa.Text(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=True),
        sa.Column("plan", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("updated_at", WHEN(), nullable=False),
        sa.Column("announce_channel", ID, nullable=True),
        sa.Column("announce_ts", ID, nullable=True),
        *_study_and_act(),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_cycles_team_id_workspaces")
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_cycles_goal_id_goals"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["follows_id"],
            ["cycles.id"],
            name=op.f("fk_cycles_follows_id_cycles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["scaled_from_id"],
            ["cycles.id"],
            name=op.f("fk_cycles_scaled_from_id_cycles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycles")),
        sa.UniqueConstraint("team_id", "number", name=op.f("uq_cycles_team_id")),
    )
    op.create_index("ix_cycles_team_channel", "cycles", ["team_id", "channel_id"])
    op.create_index("ix_cycles_next_study", "cycles", ["next_study_at"])


def _study_and_act() -> list[sa.Column[object]]:
    """The Study and Act columns, and the scheduler's next look."""
    return [
        sa.Column("observations", sa.Text(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("surprise", sa.Text(), nullable=True),
        sa.Column("learning", sa.Text(), nullable=True),
        sa.Column("studied_by", ID, nullable=True),
        sa.Column("studied_at", WHEN(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_by", ID, nullable=True),
        sa.Column("decided_at", WHEN(), nullable=True),
        sa.Column("follows_id", sa.Integer(), nullable=True),
        sa.Column("scaled_from_id", sa.Integer(), nullable=True),
        sa.Column("next_study_at", WHEN(), nullable=True),
    ]


def _owners() -> None:
    op.create_table(
        "cycle_owners",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_cycle_owners_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cycle_id", "user_id", name=op.f("pk_cycle_owners")),
    )
    op.create_index("ix_cycle_owners_user", "cycle_owners", ["user_id"])


def _study_nudges() -> None:
    op.create_table(
        "cycle_study_nudges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("scheduled_at", WHEN(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("claim_token", sa.String(length=36), nullable=True),
        sa.Column("lease_until", WHEN(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", WHEN(), nullable=True),
        sa.Column("sent_at", WHEN(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_cycle_study_nudges_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_study_nudges")),
        sa.UniqueConstraint(
            "cycle_id", "user_id", "step", name=op.f("uq_cycle_study_nudges_cycle_id")
        ),
    )
    op.create_index(
        "ix_cycle_study_nudges_state_lease", "cycle_study_nudges", ["state", "lease_until"]
    )


def downgrade() -> None:
    with op.batch_alter_table("action_items") as batch:
        batch.drop_index("ix_action_items_team_cycle")
        batch.drop_constraint(op.f("fk_action_items_cycle_id_cycles"), type_="foreignkey")
        batch.drop_column("cycle_id")
    op.drop_table("cycle_study_nudges")
    op.drop_table("cycle_owners")
    op.drop_index("ix_cycles_next_study", table_name="cycles")
    op.drop_index("ix_cycles_team_channel", table_name="cycles")
    op.drop_table("cycles")
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("cycle_seq")
