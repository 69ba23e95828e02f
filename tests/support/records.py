"""Read what scenarios stored: decisions, item histories, capture rows and claimed deliveries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services.replays import REPLAYS
from storage import actions, decisions
from storage.db import make_engine, make_session_factory, transaction
from storage.models import ActionItem, Decision, MessageCapture, ProcessedEvent
from tests.support.harness import TEAM, Harness

T = TypeVar("T")


@contextmanager
def _session(backbone: Harness) -> Iterator[Session]:
    engine = make_engine(backbone.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def read(backbone: Harness, query: Callable[[Session], T]) -> T:
    """Run a query on the scenario's database."""
    with _session(backbone) as session:
        return query(session)


def all_decisions(backbone: Harness) -> list[Decision]:
    """Every decision, by number."""
    return read(backbone, lambda s: decisions.all_decisions(s, team_id=TEAM))


def all_items(backbone: Harness) -> list[ActionItem]:
    """Every item, by number."""
    return read(backbone, lambda s: actions.all_items(s, team_id=TEAM))


def history(backbone: Harness, number: int) -> list[tuple[str, str, dict[str, Any]]]:
    """An item's history as (kind, actor, detail), oldest first."""

    def query(session: Session) -> list[tuple[str, str, dict[str, Any]]]:
        item = actions.get_item(session, team_id=TEAM, number=number)
        assert item is not None
        return [(e.kind, e.actor_id, e.detail) for e in actions.history(session, item=item)]

    return read(backbone, query)


def captures(backbone: Harness) -> list[tuple[str, str, str, str | None]]:
    """Every capture row as (channel, message_ts, kind, reply_ts)."""

    def query(session: Session) -> list[tuple[str, str, str, str | None]]:
        rows = session.scalars(select(MessageCapture).order_by(MessageCapture.id))
        return [(r.channel_id, r.message_ts, r.kind, r.reply_ts) for r in rows]

    return read(backbone, query)


def claimed_events(backbone: Harness) -> int:
    """How many Events API deliveries were claimed (not counting the claims against replays)."""
    count = select(func.count()).where(ProcessedEvent.team_id != REPLAYS)
    return read(backbone, lambda s: int(s.scalar(count) or 0))
