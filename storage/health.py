"""The health check's question to the database: do you still take writes, and quickly?

A database that answers reads but refuses writes (a full disk, a read-only file or file system,
a PostgreSQL standby after a failover, a lock nobody lets go of) cannot do Backbone's work, so
`/healthz` asks with a real write: one row, rewritten and committed. Each check opens a new
connection with short timeouts, so a check never hangs and sees a recovery at once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from storage.db import OPEN_FAILURES, make_engine, make_session_factory, transaction
from storage.models import HealthCheck

log = logging.getLogger("backbone")
CHECK_TIMEOUT_S = 2


def health_engine(url: str) -> Engine:
    """Return an engine for health checks: a fresh connection each time, nothing waits long."""
    if make_url(url).get_backend_name() == "sqlite":
        return make_engine(url, busy_timeout_ms=CHECK_TIMEOUT_S * 1000, poolclass=NullPool)
    limit = f"{CHECK_TIMEOUT_S * 1000}ms"
    options = f"-c lock_timeout={limit} -c statement_timeout={limit}"
    return make_engine(
        url,
        poolclass=NullPool,
        connect_args={"connect_timeout": CHECK_TIMEOUT_S, "options": options},
    )


def accepts_writes(engine: Engine, *, now: datetime) -> bool:
    """Tell whether the database takes (and commits) a write within a few seconds."""
    try:
        with transaction(make_session_factory(engine)) as session:
            session.merge(HealthCheck(id=1, checked_at=now))
    except OPEN_FAILURES as error:
        log.warning("health check: the database refused a write (%s)", type(error).__name__)
        return False
    return True
