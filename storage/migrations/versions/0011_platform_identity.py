"""platform identity: a workspace says which platform it is on; ids of any platform fit

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

`workspaces.platform` is 'slack' or 'teams'; every workspace before this revision is on Slack.

Every column that holds an id a platform gave (workspace, person, channel, message, event) was
sized for Slack (32 characters; 64 for event ids). Teams ids are longer: people `29:…`,
channels `19:…@thread.tacv2`, 60 to 150 characters and more, and PostgreSQL refuses a value
longer than its column. They all become VARCHAR(255), one bounded size for every id rather than
TEXT, because most of them are keys or indexed; 255 leaves room over the longest id either
platform hands out. Message links (`source_url`) are no key, and a Teams link carries a channel
id, a tenant, a team and names: they become TEXT.

SQLite ignores lengths, but its tables are rebuilt (batch mode) so that the schema says what the
models say; env.py turns SQLite's foreign keys off while migrations run and checks every
reference before they commit.

Downgrading narrows the columns again. It refuses, changing nothing, while a stored value is
longer than its column was or a workspace is on another platform than Slack: nothing is cut.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ID_LENGTH = 255
SLACK_ID = 32
SLACK_EVENT_ID = 64
LINK_LENGTH = 500

# Each table's columns that hold a platform's id, with the length they had before.
IDS: dict[str, dict[str, int]] = {
    "workspaces": {"team_id": SLACK_ID},
    "people": {"team_id": SLACK_ID, "user_id": SLACK_ID},
    "channels": {"team_id": SLACK_ID, "channel_id": SLACK_ID},
    "action_items": dict.fromkeys(
        (
            "team_id",
            "creator_id",
            "channel_id",
            "announce_channel",
            "announce_ts",
            "source_channel",
            "source_ts",
        ),
        SLACK_ID,
    ),
    "action_owners": {"user_id": SLACK_ID},
    "action_events": {"team_id": SLACK_ID, "actor_id": SLACK_ID},
    "decisions": dict.fromkeys(
        ("team_id", "recorder_id", "channel_id", "source_channel", "source_ts"), SLACK_ID
    ),
    "processed_events": {"team_id": SLACK_ID, "event_id": SLACK_EVENT_ID},
    "message_captures": dict.fromkeys(
        ("team_id", "channel_id", "message_ts", "reply_ts"), SLACK_ID
    ),
    "nudges": dict.fromkeys(("team_id", "user_id", "dm_channel", "dm_ts"), SLACK_ID),
    "digest_schedules": dict.fromkeys(("team_id", "channel_id", "set_by"), SLACK_ID),
    "digest_posts": dict.fromkeys(("team_id", "channel_id", "message_ts"), SLACK_ID),
    "polls": dict.fromkeys(
        ("team_id", "channel_id", "message_ts", "creator_id", "closed_by", "results_ts"),
        SLACK_ID,
    ),
    "poll_votes": {"user_id": SLACK_ID, "team_id": SLACK_ID},
    "poll_ballots": {"team_id": SLACK_ID},
    "coordinators": dict.fromkeys(("team_id", "user_id", "added_by"), SLACK_ID),
}
# Tables whose message link becomes TEXT.
LINKS = ("action_items", "decisions", "polls")
# SQLite rebuilds a table from what it reflects, which does not include WITHOUT ROWID (0008).
TABLE_KWARGS: dict[str, dict[str, object]] = {"poll_ballots": {"sqlite_with_rowid": False}}


def _batch(table: str) -> AbstractContextManager[BatchOperations]:
    """Open a batch on a table, keeping the table options SQLite's reflection does not see."""
    return op.batch_alter_table(table, table_kwargs=TABLE_KWARGS.get(table, {}))


def upgrade() -> None:
    for table, columns in IDS.items():
        with _batch(table) as batch:
            for column, length in columns.items():
                batch.alter_column(
                    column, existing_type=sa.String(length), type_=sa.String(ID_LENGTH)
                )
            if table in LINKS:
                batch.alter_column(
                    "source_url", existing_type=sa.String(LINK_LENGTH), type_=sa.Text()
                )
            if table == "workspaces":
                platform = sa.Column(
                    "platform", sa.String(16), nullable=False, server_default="slack"
                )
                batch.add_column(platform)
                batch.create_check_constraint(
                    op.f("ck_workspaces_platform"), "platform IN ('slack', 'teams')"
                )


def downgrade() -> None:
    _refuse_what_would_not_fit()
    for table, columns in reversed(IDS.items()):
        with _batch(table) as batch:
            if table == "workspaces":
                batch.drop_constraint(op.f("ck_workspaces_platform"), type_="check")
                batch.drop_column("platform")
            if table in LINKS:
                batch.alter_column(
                    "source_url", existing_type=sa.Text(), type_=sa.String(LINK_LENGTH)
                )
            for column, length in columns.items():
                batch.alter_column(
                    column, existing_type=sa.String(ID_LENGTH), type_=sa.String(length)
                )


def _refuse_what_would_not_fit() -> None:
    """Stop the downgrade, changing nothing, when narrowing would cut a value or lose a platform."""
    too_long = [
        f"{table}.{column}"
        for table, columns in IDS.items()
        for column, length in columns.items()
        if _longest(table, column) > length
    ]
    too_long += [
        f"{table}.source_url" for table in LINKS if _longest(table, "source_url") > LINK_LENGTH
    ]
    if too_long:
        raise RuntimeError(
            "Cannot downgrade below 0011: these columns hold values longer than they could "
            f"before (ids from another platform): {', '.join(too_long)}"
        )
    other = sa.select(sa.func.count()).select_from(sa.table("workspaces", sa.column("platform")))
    count = op.get_bind().scalar(other.where(sa.column("platform") != "slack"))
    if count:
        raise RuntimeError(
            f"Cannot downgrade below 0011: {count} workspace(s) are not on Slack, and revisions "
            "before 0011 only know Slack."
        )


def _longest(table: str, column: str) -> int:
    """Return the length of the longest value in a column (0 when it has none)."""
    value: sa.ColumnClause[Any] = sa.column(column)
    statement = sa.select(sa.func.coalesce(sa.func.max(sa.func.length(value)), 0))
    return int(op.get_bind().scalar(statement.select_from(sa.table(table, value))) or 0)
