"""The check-in ledger: a period's step is claimed by one run only, however many tick."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_session_factory, transaction
from storage.goal_checkins import (
    CheckinClaim,
    claim_checkins,
    claimed_checkins,
    ledger_of,
    mark_failed,
    mark_sent,
)
from storage.models import Goal
from storage.nudges import LEASE
from storage.workspaces import ensure_workspace
from tests.conftest import NOW


def test_one_run_wins_each_step(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        ensure_workspace(session, team_id="T1", now=NOW)
        goal = Goal(team_id="T1", number=1, channel_id="C1", title="Households housed",
                    higher_is_better=True, is_count=True, cadence="monthly", method="ihi",
                    tz="UTC", created_by="U1", created_at=NOW, kind="goal")  # fmt: skip
        session.add(goal)
        session.flush()
        goal_id = goal.id
    claim = CheckinClaim("T1", goal_id, "2026-11", "ask", "U1", NOW)

    def run(token: str) -> int:
        with transaction(factory) as session:
            return claim_checkins(session, [claim], token=token, now=NOW)

    with ThreadPoolExecutor(4) as pool:
        won = list(pool.map(run, ["a", "b", "c", "d"]))
    assert sorted(won) == [0, 0, 0, 1]
    with transaction(factory) as session:
        assert ledger_of(session, goal_id=goal_id) == [("2026-11", "ask", "claimed")]


def _goal(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as session:
        ensure_workspace(session, team_id="T1", now=NOW)
        goal = Goal(team_id="T1", number=1, channel_id="C1", title="Households housed",
                    higher_is_better=True, is_count=True, cadence="monthly", method="ihi",
                    tz="UTC", created_by="U1", created_at=NOW, kind="goal")  # fmt: skip
        session.add(goal)
        session.flush()
        return goal.id


def test_a_late_failure_does_not_undo_a_send(engine: Engine) -> None:
    """Run a's lease ran out; run b took the check-in over and sent it; then a's DM fails."""
    factory = make_session_factory(engine)
    goal_id = _goal(factory)
    claim = CheckinClaim("T1", goal_id, "2026-11", "ask", "U1", NOW)
    with transaction(factory) as session:
        claim_checkins(session, [claim], token="a", now=NOW)
        (checkin,) = claimed_checkins(session, token="a", now=NOW)
        checkin_id = checkin.id
    later = NOW + LEASE + timedelta(minutes=1)
    with transaction(factory) as session:
        assert [c.id for c in claimed_checkins(session, token="b", now=later)] == [checkin_id]
        mark_sent(session, checkin_id=checkin_id, token="b", now=later)
    with transaction(factory) as session:
        mark_failed(session, checkin_id=checkin_id, token="a", now=later, error="timeout")
    with transaction(factory) as session:
        assert ledger_of(session, goal_id=goal_id) == [("2026-11", "ask", "sent")]
        assert claimed_checkins(session, token="c", now=later + timedelta(hours=1)) == []


def test_a_failure_of_a_claim_taken_over_is_not_counted(engine: Engine) -> None:
    """A run that lost its claim to another must not note a failure on the other's try."""
    factory = make_session_factory(engine)
    goal_id = _goal(factory)
    claim = CheckinClaim("T1", goal_id, "2026-11", "ask", "U1", NOW)
    with transaction(factory) as session:
        claim_checkins(session, [claim], token="a", now=NOW)
    later = NOW + LEASE + timedelta(minutes=1)
    with transaction(factory) as session:
        (checkin,) = claimed_checkins(session, token="b", now=later)
        checkin_id = checkin.id
        mark_failed(session, checkin_id=checkin_id, token="a", now=later, error="timeout")
    with transaction(factory) as session:
        assert ledger_of(session, goal_id=goal_id) == [("2026-11", "ask", "claimed")]
        mark_failed(session, checkin_id=checkin_id, token="b", now=later, error="timeout")
    with transaction(factory) as session:
        assert ledger_of(session, goal_id=goal_id) == [("2026-11", "ask", "failed")]
