"""Which tests of change a digest speaks of: the week's days in its zone, a cycle's end in its
own, and what the learning log keeps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.services.cycle_digest import cycle_week
from storage.cycle_reports import decided_facts
from storage.db import make_session_factory, transaction
from tests.support.cycle_seeds import Seed, store_cycle

TEAM, HERE = "T1", "C1"
END = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Monday 9:00 in New York
START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
MADE = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)
IN_WEEK = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with transaction(make_session_factory(engine)) as session:
        yield session


def studied(at: datetime, status: str = "studied") -> dict[str, Any]:
    return {"status": status, "study": {"learning": "Tuesdays work", "studied_at": at}}


def decided(at: datetime) -> dict[str, Any]:
    return {
        **studied(at, "adopted"),
        "decision": {"decision_reason": "It worked", "decided_at": at},
    }


ROWS = [
    ({"starts_on": date(2026, 11, 24)}, {"started"}),  # why: the week's first whole day
    ({"starts_on": date(2026, 11, 23)}, set()),  # why: the last digest's own day: said then
    ({"starts_on": date(2026, 11, 30)}, {"started"}),  # why: the digest's own day is in it
    ({"starts_on": date(2026, 12, 1), "created_at": IN_WEEK}, set()),  # why: planned, not begun
    ({"starts_on": date(2026, 11, 16), "created_at": IN_WEEK}, {"started"}),  # why: entered late
    ({"ends_on": date(2026, 11, 29)}, {"waiting"}),  # why: ended yesterday, not studied
    ({"ends_on": date(2026, 11, 30)}, set()),  # why: its last day is today
    ({"ends_on": date(2026, 11, 30), "tz": "Pacific/Kiritimati"}, {"waiting"}),  # why: its own
    # zone is already on Dec 1
    ({"ends_on": date(2026, 11, 20), **studied(MADE)}, {"studied"}),  # why: waits for a decision
    ({"ends_on": date(2026, 11, 20), **decided(START)}, set()),  # why: decided at the last digest
    ({"ends_on": date(2026, 11, 20), **decided(END)}, {"decided"}),  # why: the week's end is in it
    ({"follows": 1, "created_at": IN_WEEK, "starts_on": date(2026, 12, 1)}, {"linked"}),  # why: a
    # ramp made this week shows though it starts next week
    ({"follows": 1, "created_at": MADE}, set()),  # why: a ramp made in an earlier week
]


@pytest.mark.parametrize(("given", "parts"), ROWS)
def test_a_cycle_is_in_the_digest_parts_its_days_say(
    session: Session, given: dict[str, Any], parts: set[str]
) -> None:
    earlier = Seed(1, "Call landlords on Mondays", HERE, ("UJOE",), date(2026, 10, 1),
                   date(2026, 10, 9), **decided(datetime(2026, 10, 10, tzinfo=UTC)))  # fmt: skip
    store_cycle(session, team_id=TEAM, seed=earlier)
    base: dict[str, Any] = {"starts_on": date(2026, 11, 2), "ends_on": date(2026, 12, 11),
                            "created_at": MADE}  # fmt: skip
    seed = Seed(2, "Text reminders", HERE, ("UJOE",), **{**base, **given})
    store_cycle(session, team_id=TEAM, seed=seed)
    week = cycle_week(session, team_id=TEAM, channel_id=HERE, start=START, end=END, now=END,
                      zone="America/New_York")  # fmt: skip
    found = {name for name in ("started", "waiting", "studied", "decided", "linked")
             if [c.code for c in getattr(week, name)] == ["T-2"]}  # fmt: skip
    assert found == parts
    assert all(c.code == "T-2" for name in ("started", "waiting", "studied", "decided", "linked")
               for c in getattr(week, name))  # fmt: skip


def test_other_channels_and_workspaces_stay_out(session: Session) -> None:
    for number, team, channel in ((1, TEAM, "C2"), (2, "T2", HERE), (3, TEAM, HERE)):
        seed = Seed(number, "Evening intake", channel, ("UJOE",), date(2026, 11, 24),
                    date(2026, 11, 25), **decided(END))  # fmt: skip
        store_cycle(session, team_id=team, seed=seed)
    week = cycle_week(session, team_id=TEAM, channel_id=HERE, start=START, end=END, now=END,
                      zone="America/New_York")  # fmt: skip
    assert [c.code for c in week.started] == ["T-3"]
    everywhere, counts = decided_facts(session, team_id=TEAM, channel_id=None, limit=10)
    assert ([c.code for c in everywhere], counts) == (["T-3", "T-1"], {"adopted": 2})
    kept, counts = decided_facts(session, team_id=TEAM, channel_id=None, limit=1)
    assert ([c.code for c in kept], counts) == (["T-3"], {"adopted": 2})  # why: the newest
