"""The database layer: migrations, SQLite settings, per-workspace counters, UTC instants."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from storage import db
from storage.db import make_engine, make_session_factory, transaction
from storage.migrate import STORE_TABLES, current_revision, head_revision, upgrade
from storage.models import Base, Workspace
from storage.people import Profile, get_person, save_profile
from storage.workspaces import ensure_workspace, next_number, workspace_ids
from tests.conftest import NOW, ON_POSTGRES


def test_migrations_build_every_table_the_models_declare(engine: Engine) -> None:
    assert current_revision(engine) == head_revision(engine)
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables) | STORE_TABLES  # why: slack_sdk's stores


def test_the_migrated_schema_is_the_one_the_models_declare(engine: Engine) -> None:
    # Types and lengths too: a column the models widen must be widened by a migration.
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": ours}
        )
        assert compare_metadata(context, Base.metadata) == []


def ours(name: str | None, type_: str, parent_names: dict[str, str | None]) -> bool:
    """Leave slack_sdk's store tables out: migration 0006 makes them from the stores' code."""
    table = name if type_ == "table" else parent_names.get("table_name")
    return table not in STORE_TABLES


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30000}


def test_counters_count_per_workspace(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        for team in ("T1", "T2"):
            ensure_workspace(session, team_id=team, now=NOW)
        numbers = [
            next_number(session, team_id=t, counter="action_seq") for t in ["T1", "T1", "T2"]
        ]
        numbers.append(next_number(session, team_id="T1", counter="decision_seq"))
    assert numbers == [1, 2, 1, 1]


def test_ensure_workspace_is_idempotent(engine: Engine) -> None:
    factory = make_session_factory(engine)
    for _ in range(2):
        with transaction(factory) as session:
            ensure_workspace(session, team_id="T1", now=NOW)
    with transaction(factory) as session:
        assert workspace_ids(session) == ["T1"]


def test_concurrent_counters_never_repeat_a_number(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        ensure_workspace(session, team_id="T1", now=NOW)

    def take(_: int) -> int:
        with transaction(factory) as session:
            return next_number(session, team_id="T1", counter="action_seq")

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = sorted(pool.map(take, range(40)))
    assert numbers == list(range(1, 41))


def test_instants_come_back_aware_and_in_utc(engine: Engine) -> None:
    factory = make_session_factory(engine)
    stamp = datetime(2026, 3, 8, 1, 30, tzinfo=timezone(timedelta(hours=-5)))
    with transaction(factory) as session:
        ensure_workspace(session, team_id="T1", now=stamp)
    with transaction(factory) as session:
        workspace = session.get(Workspace, "T1")
        assert workspace is not None
        assert workspace.created_at == datetime(2026, 3, 8, 6, 30, tzinfo=UTC)
        assert workspace.created_at.tzinfo is UTC


def test_naive_instants_are_refused(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with pytest.raises(Exception, match="naive"), transaction(factory) as session:
        ensure_workspace(session, team_id="T1", now=datetime(2026, 1, 1))


def test_saving_a_profile_twice_updates_it(engine: Engine) -> None:
    factory = make_session_factory(engine)
    profile = Profile("U1", "Maria", "America/New_York", False, False, False)
    with transaction(factory) as session:
        ensure_workspace(session, team_id="T1", now=NOW)
        save_profile(session, team_id="T1", profile=profile, now=NOW)
    moved = Profile("U1", "Maria", "America/Chicago", True, False, True)
    with transaction(factory) as session:
        save_profile(session, team_id="T1", profile=moved, now=NOW + timedelta(days=2))
    with transaction(factory) as session:
        person = get_person(session, team_id="T1", user_id="U1")
        assert person is not None
        assert (person.tz, person.is_admin, person.deactivated, person.refreshed_at) == (
            "America/Chicago",
            True,
            True,
            NOW + timedelta(days=2),
        )


def test_every_table_but_the_version_table_carries_a_workspace(engine: Engine) -> None:
    # Every row belongs to a workspace; owners reach theirs through their item or cycle. The health
    # check's one row holds nobody's data: it is rewritten to learn the database takes writes;
    # the web pages' signing key is the server's own, shared by every workspace's links.
    for table in Base.metadata.sorted_tables:
        if table.name in {
            "action_owners",
            "cycle_owners",
            "workspaces",
            "health_checks",
            "web_keys",
        }:
            continue
        assert "team_id" in table.columns, table.name
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM workspaces")).scalar() == 0


def test_the_suite_runs_on_the_database_it_was_asked_for(engine: Engine) -> None:
    assert engine.dialect.name == ("postgresql" if ON_POSTGRES else "sqlite")


def _kill_pooled_connection(engine: Engine) -> None:
    """End the server side of the connection waiting in the pool, as a server restart does."""
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    admin = make_engine(engine.url.render_as_string(hide_password=False), poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


@pytest.mark.skipif(not ON_POSTGRES, reason="a server that drops connections")
def test_a_connection_dropped_while_idle_is_replaced(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.0)
    pooled = make_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    _kill_pooled_connection(pooled)
    with pooled.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
    pooled.dispose()


@pytest.mark.skipif(not ON_POSTGRES, reason="a server that drops connections")
def test_a_connection_used_a_moment_ago_is_not_pinged(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No round trip for a connection just handed back: a dead one shows at its first use."""
    monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 3600.0)
    pooled = make_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    _kill_pooled_connection(pooled)
    with pytest.raises(OperationalError), pooled.connect() as connection:
        connection.execute(text("SELECT 1"))
    with pooled.connect() as connection:  # the pool replaced it
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
    pooled.dispose()


@pytest.mark.parametrize(
    ("dialect", "where"),
    [
        ("sqlite", "needs_help IS 1 AND escalated_at IS NULL"),  # why: SQLite stores booleans as 1
        ("postgresql", "needs_help IS true AND escalated_at IS NULL"),  # why: a real boolean
    ],
)
def test_each_database_gets_the_partial_index_in_its_own_terms(dialect: str, where: str) -> None:
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex

    from storage.models import PARTIAL_INDEXES, declare_for_database

    declare_for_database(dialect)
    compiled = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}[dialect]
    index = next(i for i in PARTIAL_INDEXES if i.name == "ix_action_items_help_untold")
    assert str(CreateIndex(index).compile(dialect=compiled)) == (
        f"CREATE INDEX ix_action_items_help_untold ON action_items (id) WHERE {where}"
    )
