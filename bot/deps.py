"""What every listener needs, handed over through Bolt's context by one middleware."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.chart_worker import Drawer, draw_chart
from bot.coalesce import Coalescer
from bot.work import Lane, Slot, WorkQueue
from storage.db import transaction

CONTEXT_KEY = "backbone"
# Where the app's middleware leaves the name of a signed delivery (see handlers.slack.once).
REPLAY_KEY = "backbone_replay_key"
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
    work: WorkQueue | None = None
    # Home redraws asked for and not yet drawn, by (workspace, person): see bot/services/homes.
    homes: Coalescer[tuple[str, str], Any] = field(default_factory=Coalescer, compare=False)
    # Draws pictures: in a worker process (serve), or in this one (a one-shot tick).
    charts: Drawer = draw_chart
    # Where people reach the web pages (BACKBONE_PUBLIC_URL): every link shared starts with it.
    public_url: str = "http://localhost:3000"

    def later(self, job: Callable[[], None], lane: Lane = Lane.PERSON) -> bool:
        """Queue work to run after the ack; False when its lane is full (nothing was queued)."""
        if self.work is None:
            job()
            return True
        return self.work.submit(job, lane)

    def reserve(self, lane: Lane = Lane.PERSON) -> Slot | None:
        """Hold a place for work decided later (a form's save); None when its lane is full."""
        return Slot(None, lane) if self.work is None else self.work.reserve(lane)

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
