"""Deleted ballots leave the database files: SQLite zeroes and checkpoints, PostgreSQL vacuums."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from bot.poll_text import PollDraft
from bot.services import polls
from storage import polls as store
from storage.db import make_engine, make_session_factory, transaction
from storage.migrate import upgrade
from tests.conftest import NOW, ON_POSTGRES

MARKER = "f00dfeedcafe" * 5 + "abcd"  # 64 hex characters, like a voter hash


def sqlite_engine(tmp_path: Path) -> tuple[Engine, Path]:
    """A migrated SQLite database whose connections start with secure_delete OFF.

    Some SQLite builds turn secure_delete on by default: a listener that runs before Backbone's
    own turns it off, so only storage/db.py's pragma can turn it back on.
    """
    path = tmp_path / "scrub.db"
    engine = make_engine(f"sqlite:///{path}")

    def insecure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA secure_delete=OFF")

    event.listen(engine, "connect", insecure, insert=True)
    upgrade(engine)
    return engine, path


def cast_and_delete(engine: Engine) -> None:
    """Store one ballot with MARKER as its hash, then delete it, as a close does."""
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        draft = PollDraft(question="Q?", options=["A", "B"], anonymous=True)
        poll = polls.create_poll(
            session, team_id="T1", creator_id="UMARIA", channel_id="C1", draft=draft, now=NOW
        )
        store.save_ballot(session, poll=poll, voter=MARKER, options=[1])
    with transaction(factory) as session:
        store.forget_ballots(session, poll_id=poll.id)


def files_of(path: Path) -> bytes:
    """The database, its write-ahead log and its shared-memory index, as bytes."""
    found = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return b"".join(p.read_bytes() for p in found if p.exists())


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's files")
def test_sqlite_connections_turn_secure_delete_on(tmp_path: Path) -> None:
    engine, _path = sqlite_engine(tmp_path)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar_one() == 1
    engine.dispose()


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's files")
def test_sqlite_a_deleted_ballot_is_gone_from_every_file_after_the_scrub(tmp_path: Path) -> None:
    engine, path = sqlite_engine(tmp_path)
    cast_and_delete(engine)
    assert MARKER.encode() in files_of(path)  # still in the log, as the page was after the vote
    assert store.scrub_deleted(engine) is True
    assert Path(f"{path}-wal").stat().st_size == 0
    assert MARKER.encode() not in files_of(path)
    engine.dispose()


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's files")
def test_sqlite_an_open_reader_holds_the_scrub_back_briefly_then_it_reports_so(
    tmp_path: Path,
) -> None:
    engine, path = sqlite_engine(tmp_path)
    cast_and_delete(engine)
    reader = sqlite3.connect(path)  # another process, in the middle of a read
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM polls").fetchone()
    try:
        assert store.scrub_deleted(engine) is False  # gave up after a short wait
        with engine.connect() as connection:  # and left the usual busy timeout behind
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 30_000
    finally:
        reader.rollback()
        reader.close()
    assert store.scrub_deleted(engine) is True  # the next tick's try
    assert MARKER.encode() not in files_of(path)
    engine.dispose()


@pytest.mark.serial  # why: VACUUM frees pages only when no other test holds a snapshot
@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL's VACUUM")
def test_postgres_the_scrub_leaves_no_page_of_deleted_ballots(engine: Engine) -> None:
    cast_and_delete(engine)
    with engine.connect() as connection:
        dead = connection.execute(text("SELECT pg_relation_size('poll_ballots')")).scalar_one()
    assert dead > 0  # the deleted row is still in its page
    assert store.scrub_deleted(engine) is True
    with engine.connect() as connection:
        assert connection.execute(text("SELECT pg_relation_size('poll_ballots')")).scalar_one() == 0


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL's locks")
def test_postgres_a_lock_held_elsewhere_makes_the_scrub_wait_briefly_and_say_so(
    engine: Engine,
) -> None:
    cast_and_delete(engine)
    holding, done = threading.Event(), threading.Event()

    def hold_lock() -> None:
        with engine.connect() as other:  # another process's transaction, still open
            other.execute(text("LOCK TABLE poll_ballots IN ACCESS SHARE MODE"))
            holding.set()
            done.wait(10)
            other.rollback()

    worker = threading.Thread(target=hold_lock)
    worker.start()
    holding.wait(10)
    try:
        assert store.scrub_deleted(engine) is False
    finally:
        done.set()
        worker.join()
    assert store.scrub_deleted(engine) is True
