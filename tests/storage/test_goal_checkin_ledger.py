"""The check-in ledger: a period's step is claimed by one run only, however many tick."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

from storage.db import make_session_factory, transaction
from storage.goal_checkins import CheckinClaim, claim_checkins, ledger_of
from storage.models import Goal
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
