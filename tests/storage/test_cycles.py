"""Tests of change on disk: numbers per workspace, codes, tasks, Study and Act, and the lists."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, inspect

from storage.cycles import (
    CyclePlan,
    add_cycle,
    awaiting_study,
    cycle_by_code,
    cycle_tasks,
    cycles_changed_between,
    cycles_for_goal,
    cycles_in_channel,
    decide,
    decided_cycles,
    following,
    number_of,
    save_study,
)
from storage.db import make_session_factory, transaction
from storage.migrate import alembic_config, upgrade
from storage.models import ActionItem, CycleStatus, Goal
from storage.workspaces import ensure_workspace
from tests.conftest import NOW

PLAN = CyclePlan(
    channel_id="C1", change_idea="Text reminders the day before intake", question="Will more come?",
    prediction="No-shows drop from 8 to 4", starts_on=date(2026, 11, 30),
    ends_on=date(2026, 12, 11), tz="America/New_York", owner_ids=["U1", "U2", "U1"],
)  # fmt: skip


@pytest.mark.parametrize(
    ("code", "number"),
    [
        ("T-3", 3),  # why: how the bot writes it
        ("t-3", 3),  # why: typed in lower case
        ("T3", 3),  # why: the dash left out
        (" T-12 ", 12),  # why: pasted with spaces
        ("A-3", None),  # why: an action item's code is not a cycle's
        ("T-", None),  # why: no number
        ("T-3x", None),  # why: more than a code
    ],
)
def test_codes_read_as_people_type_them(code: str, number: int | None) -> None:
    assert number_of(code) == number


def test_cycles_number_per_workspace_and_keep_owners_once_in_order(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        first = add_cycle(session, team_id="T1", plan=PLAN, created_by="U9", now=NOW)
        other = add_cycle(session, team_id="T2", plan=PLAN, created_by="U9", now=NOW)
        second = add_cycle(session, team_id="T1", plan=PLAN, created_by="U9", now=NOW)
        seen = [(c.code, c.owner_ids, c.status) for c in (first, other, second)]
        study = first.next_study_at
    assert seen == [
        ("T-1", ["U1", "U2"], CycleStatus.DOING),
        ("T-1", ["U1", "U2"], CycleStatus.DOING),
        ("T-2", ["U1", "U2"], CycleStatus.DOING),
    ]
    assert study == datetime(2026, 12, 12, 5, 0, tzinfo=UTC)  # why: midnight after, in New York


def test_a_cycle_is_found_by_code_only_in_its_workspace(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        add_cycle(session, team_id="T1", plan=PLAN, created_by="U9", now=NOW)
        ensure_workspace(session, team_id="T2", now=NOW)
    with transaction(factory) as session:
        found = cycle_by_code(session, team_id="T1", code="t1")
        assert (found.code if found else None) == "T-1"
        assert cycle_by_code(session, team_id="T2", code="T-1") is None
        assert cycle_by_code(session, team_id="T1", code="T-2") is None


def test_tasks_study_decision_and_ramp(engine: Engine) -> None:
    factory = make_session_factory(engine)
    later = NOW + timedelta(days=20)
    with transaction(factory) as session:
        cycle = add_cycle(session, team_id="T1", plan=PLAN, created_by="U9", now=NOW)
        session.add(_task(cycle.id, 2))
        session.add(_task(None, 3))
        session.add(_task(cycle.id, 1))
        session.flush()
        assert [t.code for t in cycle_tasks(session, cycle=cycle)] == ["A-1", "A-2"]
        assert awaiting_study(session, team_id="T1", channel_id="C1", today=date(2026, 12, 12))
        save_study(session, cycle=cycle, by="U1", now=later, observations="5 of 40 missed",
                   result="No-shows fell to 5", surprise="Texts at 6pm worked best",
                   learning="Reminders help; timing matters")  # fmt: skip
        assert (cycle.status, cycle.next_study_at) == (CycleStatus.STUDIED, None)
        decide(session, cycle=cycle, by="U1", now=later, status=CycleStatus.ADAPTED,
               reason="Try 6pm texts")  # fmt: skip
        ramp = add_cycle(session, team_id="T1", plan=_following(cycle.id), created_by="U1",
                         now=later)  # fmt: skip
        assert [c.code for c in following(session, cycle=cycle)] == [ramp.code]
        assert [c.code for c in decided_cycles(session, team_id="T1", channel_id=None)] == ["T-1"]
        week = cycles_changed_between(session, team_id="T1", channel_id="C1", start=later,
                                      end=later + timedelta(days=7))  # fmt: skip
        assert [c.code for c in week] == ["T-1", "T-2"]
        assert [c.code for c in cycles_in_channel(session, team_id="T1", channel_id="C1")] == [
            "T-2", "T-1"
        ]  # fmt: skip


def test_a_goal_lists_its_cycles_by_start_and_losing_it_keeps_them(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        ensure_workspace(session, team_id="T1", now=NOW)
        goal = Goal(team_id="T1", number=1, channel_id="C1", title="No-shows", tz="UTC",
                    created_by="U1", created_at=NOW)  # fmt: skip
        session.add(goal)
        session.flush()
        late = CyclePlan(**{**PLAN.__dict__, "goal_id": goal.id})
        early = CyclePlan(**{**late.__dict__, "starts_on": date(2026, 11, 1)})
        add_cycle(session, team_id="T1", plan=late, created_by="U9", now=NOW)
        add_cycle(session, team_id="T1", plan=early, created_by="U9", now=NOW)
        found = cycles_for_goal(session, team_id="T1", goal_id=goal.id)
        assert [c.code for c in found] == ["T-2", "T-1"]
        session.delete(goal)
    with transaction(factory) as session:
        kept = cycle_by_code(session, team_id="T1", code="T-1")
        assert (kept.goal_id if kept else "gone") is None


def test_0017_comes_off_and_back_cleanly(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0016")
    tables = set(inspect(engine).get_table_names())
    assert not {"cycles", "cycle_owners", "cycle_study_nudges"} & tables
    assert "cycle_id" not in {c["name"] for c in inspect(engine).get_columns("action_items")}
    upgrade(engine)
    assert "cycle_id" in {c["name"] for c in inspect(engine).get_columns("action_items")}


def _task(cycle_id: int | None, number: int) -> ActionItem:
    return ActionItem(team_id="T1", number=number, title="Send texts", creator_id="U9",
                      channel_id="C1", created_at=NOW, updated_at=NOW,
                      cycle_id=cycle_id)  # fmt: skip


def _following(cycle_id: int) -> CyclePlan:
    return CyclePlan(**{**PLAN.__dict__, "follows_id": cycle_id, "starts_on": date(2026, 12, 14),
                        "ends_on": date(2026, 12, 18)})  # fmt: skip
