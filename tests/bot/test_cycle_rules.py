"""The rules of tests of change: who may change one, and what each typed field may hold."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from bot.services.cycles import dates_problem, may_change, text_problem
from bot.services.item_flags import Actor
from storage.coordinators import add_coordinator
from storage.cycles import CyclePlan, add_cycle
from storage.db import make_session_factory, transaction
from tests.conftest import NOW

PLAN = CyclePlan(channel_id="C1", change_idea="Walk-in hours on Fridays", question="More visits?",
                 prediction="5 a week to 12", starts_on=date(2026, 12, 7),
                 ends_on=date(2026, 12, 18), tz="UTC", owner_ids=["UJOE"])  # fmt: skip


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (Actor("UJOE"), True),  # why: an owner
        (Actor("UMARIA"), True),  # why: who started it
        (Actor("UCOORD"), True),  # why: a named coordinator
        (Actor("UADMIN", is_admin=True), True),  # why: admins are coordinators by role
        (Actor("UPAT"), False),  # why: anyone else
    ],
)
def test_who_may_change_a_cycle(engine: Engine, actor: Actor, allowed: bool) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        cycle = add_cycle(session, team_id="T1", plan=PLAN, created_by="UMARIA", now=NOW)
        add_coordinator(session, team_id="T1", user_id="UCOORD", added_by="UMARIA", now=NOW)
        assert may_change(session, cycle, actor) is allowed


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Walk-in hours on Fridays 🚶", None),  # why: emoji are words too
        ("  \n ", "Say it."),  # why: only spaces and a line break
        ("x" * 201, "That is 201 characters; this can have up to 200."),  # why: one too many
        (
            "Call Ana at (503) 555-0142 first",
            "Not saved: it looks like a phone number. Leave "
            "the number out; name the office instead (“the front desk at Main St”).",
        ),
        # why: a client's phone number pasted in
    ],
)
def test_what_a_typed_field_may_hold(text: str, problem: str | None) -> None:
    assert text_problem(text, limit=200, needed="Say it.") == problem


@pytest.mark.parametrize(
    ("starts", "ends", "problem"),
    [
        (date(2026, 12, 7), date(2026, 12, 7), None),  # why: a one-day test
        (
            date(2026, 12, 7),
            date(2026, 12, 6),
            "It ends before it starts. Pick an end date on or after the start.",
        ),  # why: the dates swapped
        (
            date(2026, 12, 7),
            date(2028, 1, 1),
            "A test of change runs weeks, not years: pick an end within a year of the start.",
        ),  # why: a year typed wrong
        (
            date(2026, 11, 2),
            date(2026, 11, 20),
            "That end date has passed. Pick today or a later day.",
        ),  # why: a new cycle already over
        (None, date(2026, 12, 18), "Pick the day it starts and the day it ends."),  # why: cleared
    ],
)
def test_a_cycles_dates(starts: date | None, ends: date | None, problem: str | None) -> None:
    assert dates_problem(starts, ends, today=date(2026, 11, 24)) == problem
