"""`/healthz` of a real `backbone serve`: 503 while the database refuses writes, 200 after.

Each answer comes within the client's timeout (the check gives up after a few seconds), so a load
balancer never waits on a replica whose database hangs. SQLite and PostgreSQL.

(SQLite in WAL mode keeps writing to a main file made read-only while its -wal file exists, so
a read-only file is no refusal there; a write lock nobody lets go of is.)
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.sandbox.server import SlackEmulator
from storage.db import make_engine
from tests.support.harness import seed
from tests.support.processes import Served, start_serve


def health(served: Served) -> tuple[int, object]:
    """GET /healthz; a hang fails the test through the timeout."""
    url = f"http://127.0.0.1:{served.port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


@contextmanager
def read_only_postgres(database_url: str) -> Iterator[None]:
    """Make every new session of a PostgreSQL database read-only, as on a standby."""
    parsed = make_url(database_url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = parsed.database
    try:
        with admin.connect() as connection:
            connection.execute(
                text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            )
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" RESET default_transaction_read_only'))
        admin.dispose()


@contextmanager
def write_lock_held(database_url: str) -> Iterator[None]:
    """Hold the lock a write needs, as a stuck migration or backup would."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("SELECT 1")  # the engine begins with BEGIN IMMEDIATE
            else:
                connection.execute(text("LOCK TABLE health_checks IN ACCESS EXCLUSIVE MODE"))
            yield
            connection.rollback()
    finally:
        engine.dispose()


def test_healthz_is_503_while_the_database_refuses_writes_and_200_after(
    database_url: str, tmp_path: Path
) -> None:
    with SlackEmulator() as emulator:
        seed(emulator)
        served = start_serve(emulator, database_url, tmp_path)
        try:
            assert health(served) == (200, {"ok": True})
            with write_lock_held(database_url):
                assert health(served) == (503, {"ok": False})
                assert health(served) == (503, {"ok": False})
            assert health(served) == (200, {"ok": True})
            if not database_url.startswith("sqlite"):
                with read_only_postgres(database_url):
                    assert health(served) == (503, {"ok": False})
                assert health(served) == (200, {"ok": True})
        finally:
            assert served.stop() == 0
    warnings = [line for line in served.log if "health check" in line]
    refusals = 2 if database_url.startswith("sqlite") else 3
    assert len(warnings) == refusals and all("refused a write" in w for w in warnings), warnings
    assert not any("Traceback" in line for line in served.log), served.log
