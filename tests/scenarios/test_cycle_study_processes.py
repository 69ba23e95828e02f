"""Two `backbone tick` processes at once on PostgreSQL: each Study reminder goes exactly once.

Twelve cycles ended last Friday, each owned by two of four people in three zones; two tick
processes run at the same instant, then again a working day later. Every owner whose working
day has begun gets one "T-n ended. What happened?" per cycle, never two, and the ledger holds
one sent row per cycle, owner and step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from storage.db import make_engine, make_session_factory, transaction
from storage.models import CycleStudyNudge
from tests.conftest import POSTGRES_URL, FakeClock
from tests.support.cycles import known, planned
from tests.support.databases import fresh_postgres
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness, running_backbone
from tests.support.processes import start_tick

CYCLES = 12
PAIRS = [(JOE, MARIA), (MARIA, ADMIN), (ADMIN, PAT), (PAT, JOE)]
# Monday 17:30 UTC: 9:30 in Los Angeles, 11:30 in Chicago, 12:30 in New York; 17:30 in London
# is past Pat's working day.
MONDAY = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)
TUESDAY = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
WEDNESDAY_LONDON = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
REACHED = (JOE, MARIA, ADMIN)
ZONES = {JOE: "America/Los_Angeles", MARIA: "America/New_York", ADMIN: "America/Chicago",
         PAT: "Europe/London"}  # fmt: skip


@pytest.fixture
def on_postgres(clock: FakeClock) -> Iterator[Harness]:
    if not POSTGRES_URL:
        pytest.skip("two processes on PostgreSQL: set BACKBONE_TEST_POSTGRES_URL to run it")
    with (
        fresh_postgres(POSTGRES_URL, prefix="backbone_study") as url,
        running_backbone(url, clock) as harness,
    ):
        yield harness


def ledger(database_url: str) -> Counter[tuple[str, str]]:
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            rows = session.execute(select(CycleStudyNudge.step, CycleStudyNudge.state))
            return Counter((step, state) for step, state in rows)
    finally:
        engine.dispose()


def ticks(backbone: Harness, at: datetime) -> None:
    started = [start_tick(backbone.emulator, backbone.database_url, at) for _ in range(2)]
    outputs = [tick.communicate(timeout=120) for tick in started]
    assert [tick.returncode for tick in started] == [0, 0], outputs


def asked(backbone: Harness, user: str, words: str) -> list[str]:
    return [text for text in backbone.dms(user) if words in text]


def test_two_tick_processes_send_each_study_reminder_once(on_postgres: Harness) -> None:
    backbone = on_postgres
    known(backbone.database_url, team_id=TEAM, zones=ZONES, now=backbone.clock.now)
    for n in range(CYCLES):
        planned(backbone.database_url, team_id=TEAM, channel=CASE, owners=PAIRS[n % 4],
                created_by=MARIA, starts_on=date(2026, 11, 16), ends_on=date(2026, 11, 27),
                now=backbone.clock.now)  # fmt: skip
    ticks(backbone, MONDAY)
    first = {user: asked(backbone, user, "ended. What happened?") for user in (*REACHED, PAT)}
    assert {user: len(texts) for user, texts in first.items()} == {
        JOE: 6, MARIA: 6, ADMIN: 6, PAT: 0
    }  # fmt: skip
    assert all(len(set(texts)) == len(texts) for texts in first.values())  # none twice
    ticks(backbone, TUESDAY)  # a working day later: one reminder each
    again = {user: asked(backbone, user, "A reminder:") for user in (*REACHED, PAT)}
    assert {user: len(texts) for user, texts in again.items()} == {
        JOE: 6, MARIA: 6, ADMIN: 6, PAT: 0
    }  # fmt: skip
    # Wednesday 10:00 in London: Pat's first working hour since the end. The two steps he
    # missed are one DM per cycle, a first ask (no "A reminder"), never a flood.
    ticks(backbone, WEDNESDAY_LONDON)
    pats = backbone.dms(PAT)
    assert len(pats) == 6 and all("ended. What happened?" in t and "reminder" not in t
                                  for t in pats), pats  # fmt: skip
    assert ledger(backbone.database_url) == Counter({("ask", "sent"): 18, ("again-1", "sent"): 24})
