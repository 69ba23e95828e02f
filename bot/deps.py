"""What every listener needs, handed over through Bolt's context by one middleware."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.chart_worker import Drawer, draw_chart
from storage.db import transaction

CONTEXT_KEY = "backbone"
UTC_ZONE = ZoneInfo("UTC")


def system_clock() -> datetime:
    """Return the current instant in UTC; the only clock production code reads."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    """The database, the clock, the fallback zone and the ballot key, shared by every listener."""

    session_factory: sessionmaker[Session]
    clock: Callable[[], datetime] = system_clock
    default_zone: ZoneInfo = UTC_ZONE
    # Keys anonymous poll ballots; derived from a server secret, never stored (services/ballots).
    ballot_key: bytes = b""
    # Where listeners' work runs after the ack; None runs it at once, in the caller's thread.
    work: Executor | None = None
    # Draws pictures: in a worker process (serve), or in this one (a one-shot tick).
    charts: Drawer = draw_chart

    def later(self, job: Callable[[], None]) -> None:
        """Run work after the ack, away from the threads that acknowledge Slack."""
        if self.work is None:
            job()
        else:
            self.work.submit(job)

    def now(self) -> datetime:
        """Read the clock once, at the boundary."""
        return self.clock()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Open one unit of work: commit on success, roll back on error."""
        with transaction(self.session_factory) as session:
            yield session


def deps_of(context: dict[str, Any]) -> Deps:
    """Return the Deps that the middleware put in a Bolt context."""
    deps = context[CONTEXT_KEY]
    assert isinstance(deps, Deps)
    return deps
