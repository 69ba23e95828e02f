"""Engines and sessions: the one place that knows how Backbone talks to its database.

SQLite (the embedded default) runs in WAL mode with foreign keys on and a busy timeout, and every
transaction starts with BEGIN IMMEDIATE so that concurrent writers queue instead of failing with
"database is locked" when a read turns into a write. `secure_delete` makes SQLite overwrite what
it deletes with zeros (some builds do by default, not all), so a deleted anonymous ballot leaves
no bytes behind in the file (docs/security.md). PostgreSQL needs none of that.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000
# A PostgreSQL server that does not answer is given up on after this long, not waited on forever.
POSTGRES_CONNECT_TIMEOUT_S = 10
# A pooled connection idle for longer than this is checked with a ping before it is used.
PING_AFTER_IDLE_S = 2.0
_IDLE_SINCE = "backbone_idle_since"
# What opening or reaching a database can raise: the driver's refusals, a URL that names no
# driver SQLAlchemy knows, and a driver that is not installed.
OPEN_FAILURES = (DBAPIError, ArgumentError, NoSuchModuleError, ImportError)


def make_engine(
    url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS, **kwargs: Any
) -> Engine:
    """Create an engine for a database URL, with Backbone's SQLite settings where it applies."""
    parsed = make_url(url)
    _declare_for(parsed.get_backend_name())
    if parsed.get_backend_name() != "sqlite":
        if parsed.get_backend_name() == "postgresql":
            connect_args = kwargs.setdefault("connect_args", {})
            connect_args.setdefault("connect_timeout", POSTGRES_CONNECT_TIMEOUT_S)
        engine = create_engine(url, **kwargs)
        if not kwargs.get("pool_pre_ping"):
            _ping_after_idle(engine)
        return engine
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("check_same_thread", False)
    connect_args.setdefault("timeout", busy_timeout_ms / 1000)
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    _configure_sqlite(engine, busy_timeout_ms)
    return engine


def _declare_for(backend: str) -> None:
    """Say the schema's options in this database's terms (see storage.models)."""
    from storage.models import declare_for_database  # here: the models need no engine

    declare_for_database(backend)


def _ping_after_idle(engine: Engine) -> None:
    """Check a pooled connection is alive before use, when it sat idle long enough to be dead.

    A server restart, a proxy's idle timeout or a network drop kills connections while they
    wait in the pool. SQLAlchemy's `pool_pre_ping` asks the server on every checkout, a round
    trip per transaction; a connection handed back a moment ago is asked nothing. One found
    dead is replaced, and the transaction runs on a fresh connection.
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return  # just opened, or used a moment ago
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
            dbapi_connection.rollback()  # leave no transaction open from the ping
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(str(error)) from error


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below open transactions, not the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory every boundary (request, job, command) opens its work with."""
    return sessionmaker(engine, expire_on_commit=False)


def engine_of(factory: sessionmaker[Session]) -> Engine:
    """Return the engine a session factory opens its sessions on."""
    bind = factory.kw.get("bind")
    assert isinstance(bind, Engine), "session factories are made by make_session_factory"
    return bind


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Open a session in a transaction that commits on success and rolls back on error."""
    with factory.begin() as session:
        yield session


def is_sqlite(engine: Engine) -> bool:
    """Tell whether the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def why_unavailable(url: str, error: Exception) -> str:
    """Say in a sentence why a database could not be opened, naming no password."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return "it is not a database address."
    if isinstance(error, (NoSuchModuleError, ImportError)):
        return f"its driver ({parsed.drivername}) is not installed here."
    detail = _driver_detail(error)
    if parsed.get_backend_name() == "sqlite":
        return _why_sqlite(parsed, detail)
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"
    return f"could not connect to the PostgreSQL database at {where} ({detail})."


def _why_sqlite(parsed: URL, detail: str) -> str:
    path = Path(parsed.database or "")
    if not path.parent.is_dir():
        return f"the folder of {path} does not exist."
    if "not a database" in detail:
        return f"{path} is not a SQLite database."
    return f"could not open the SQLite database {path} ({detail})."


def _driver_detail(error: Exception) -> str:
    """Return the driver's own reason, on one line, without SQLAlchemy's wrapping."""
    original = getattr(error, "orig", None) or error
    first = (
        str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    )
    # psycopg: 'connection failed: connection to server at "h", port 1 failed: FATAL:  reason'
    reason = first.rsplit(" failed: ", 1)[-1]
    return re.sub(r"^(FATAL|ERROR):\s+", "", reason).strip()
