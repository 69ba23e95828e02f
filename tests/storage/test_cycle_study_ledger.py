"""The Study reminders' ledger: one run claims each step; a late failure undoes nothing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.cycle_studies import (
    StudyClaim,
    asked_before,
    claim_studies,
    claimed_studies,
    ledger_of,
    mark_failed,
    mark_sent,
)
from storage.cycles import CyclePlan, add_cycle
from storage.db import make_session_factory, transaction
from storage.nudges import LEASE
from storage.workspaces import ensure_workspace
from tests.conftest import NOW


def _cycle(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as session:
        ensure_workspace(session, team_id="T1", now=NOW)
        plan = CyclePlan(channel_id="C1", change_idea="Same-day callbacks", question="Faster?",
                         prediction="Half come back", starts_on=date(2026, 11, 2),
                         ends_on=date(2026, 11, 13), tz="UTC", owner_ids=["U1", "U2"])  # fmt: skip
        return add_cycle(session, team_id="T1", plan=plan, created_by="U1", now=NOW).id


def test_one_run_wins_each_step(engine: Engine) -> None:
    factory = make_session_factory(engine)
    cycle_id = _cycle(factory)
    claims = [
        StudyClaim("T1", cycle_id, "U1", "ask", NOW),
        StudyClaim("T1", cycle_id, "U2", "ask", NOW),
    ]

    def run(token: str) -> int:
        with transaction(factory) as session:
            return claim_studies(session, claims, token=token, now=NOW)

    with ThreadPoolExecutor(4) as pool:
        won = list(pool.map(run, ["a", "b", "c", "d"]))
    assert sorted(won) == [0, 0, 0, 2]
    with transaction(factory) as session:
        assert ledger_of(session, cycle_id=cycle_id) == [
            ("U1", "ask", "claimed"), ("U2", "ask", "claimed")
        ]  # fmt: skip


def test_a_late_failure_does_not_undo_a_send(engine: Engine) -> None:
    """Run a's lease ran out; run b took the reminder over and sent it; then a's DM fails."""
    factory = make_session_factory(engine)
    cycle_id = _cycle(factory)
    with transaction(factory) as session:
        claim_studies(session, [StudyClaim("T1", cycle_id, "U1", "ask", NOW)], token="a", now=NOW)
        (nudge,) = claimed_studies(session, token="a", now=NOW)
        nudge_id = nudge.id
    later = NOW + LEASE + timedelta(minutes=1)
    with transaction(factory) as session:
        assert [n.id for n in claimed_studies(session, token="b", now=later)] == [nudge_id]
        mark_sent(session, nudge_id=nudge_id, token="b", now=later)
    with transaction(factory) as session:
        mark_failed(session, nudge_id=nudge_id, token="a", now=later, error="timeout")
    with transaction(factory) as session:
        assert ledger_of(session, cycle_id=cycle_id) == [("U1", "ask", "sent")]
        assert claimed_studies(session, token="c", now=later + timedelta(hours=1)) == []


def test_a_step_after_a_sent_one_is_a_reminder(engine: Engine) -> None:
    factory = make_session_factory(engine)
    cycle_id = _cycle(factory)
    with transaction(factory) as session:
        claim_studies(session, [StudyClaim("T1", cycle_id, "U1", "ask", NOW)], token="a", now=NOW)
        (first,) = claimed_studies(session, token="a", now=NOW)
        assert not asked_before(session, nudge=first)
        mark_sent(session, nudge_id=first.id, token="a", now=NOW)
        later = NOW + timedelta(days=1)
        claim_studies(session, [StudyClaim("T1", cycle_id, "U1", "again-1", later),
                                StudyClaim("T1", cycle_id, "U2", "again-1", later)],
                      token="b", now=later)  # fmt: skip
        mine, theirs = claimed_studies(session, token="b", now=later)
        assert (asked_before(session, nudge=mine), asked_before(session, nudge=theirs)) == (
            True, False
        )  # fmt: skip
