"""Migration 0012: partial indexes hold only the items whose creators are still owed a note."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine

from storage import nudges as ledger
from storage.db import make_engine, make_session_factory, transaction
from storage.migrate import alembic_config, current_revision, upgrade
from storage.models import ActionItem, Workspace

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
UNTOLD = {"ix_action_items_help_untold", "ix_action_items_owner_untold"}


def untold_indexes(engine: Engine) -> set[str]:
    found = {ix["name"] for ix in sa.inspect(engine).get_indexes("action_items")}
    return UNTOLD & {name for name in found if name}


def test_the_partial_indexes_come_and_go_with_their_revision(empty_database: str) -> None:
    engine = make_engine(empty_database)
    try:
        upgrade(engine, "0011")
        assert untold_indexes(engine) == set()
        upgrade(engine, "0012")
        assert (current_revision(engine), untold_indexes(engine)) == ("0012", UNTOLD)
        command.downgrade(alembic_config(engine), "0011")
        assert (current_revision(engine), untold_indexes(engine)) == ("0011", set())
    finally:
        engine.dispose()


def _item(number: int, **flags: object) -> ActionItem:
    return ActionItem(team_id="T1", number=number, title=f"Item {number}", creator_id="UMARIA",
                      channel_id="CCASE", created_at=NOW, updated_at=NOW, **flags)  # fmt: skip


def test_only_flagged_items_not_yet_told_are_found(empty_database: str) -> None:
    engine = make_engine(empty_database)
    try:
        upgrade(engine)
        with transaction(make_session_factory(engine)) as session:
            session.add(Workspace(team_id="T1", name="", created_at=NOW))
        with transaction(make_session_factory(engine)) as session:
            session.add_all([
                _item(1),  # nothing to tell
                _item(2, needs_help=True),  # why: needs help, creator not told
                _item(3, needs_help=True, escalated_at=NOW),  # why: already told
                _item(4, needs_owner=True),  # why: owner left, creator not told
                _item(5, needs_owner=True, owner_flagged_at=NOW),  # why: already told
                _item(6, needs_help=True, needs_owner=True),  # why: both: found once
            ])  # fmt: skip
        with transaction(make_session_factory(engine)) as session:
            found = [item.number for item in ledger.items_to_tell_creators(session)]
            first = [item.number for item in ledger.items_to_tell_creators(session, limit=1)]
        assert (sorted(found), first) == ([2, 4, 6], [2])
    finally:
        engine.dispose()
