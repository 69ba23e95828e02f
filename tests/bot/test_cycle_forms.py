"""The test of change form: empty for `/pdsa`, prefilled for the next cycle of a ramp (Adapt)."""

from __future__ import annotations

import json
from datetime import date

from bot.ids import CallbackId, CycleField
from bot.messages.cycle_forms import CycleValues, edit_form, new_form
from bot.messages.parts import ChoiceField, DateField, Paragraph, PeopleField, TextField
from bot.messages.spans import plain
from bot.services.cycle_forms import cycle_form_values
from storage.models import Cycle, CycleOwner, Goal
from tests.conftest import NOW


def _cycle(**changes: object) -> Cycle:
    cycle = Cycle(id=7, team_id="T1", number=3, channel_id="C1", goal_id=11,
                  change_idea="Text clients the day before intake", question="Fewer no-shows?",
                  prediction="8 a week to 4", measure="Missed intakes a week", plan="Joe texts",
                  starts_on=date(2026, 11, 30), ends_on=date(2026, 12, 11), tz="UTC",
                  created_by="U1", created_at=NOW, updated_at=NOW)  # fmt: skip
    cycle.owners = [CycleOwner(user_id="UJOE", position=0), CycleOwner(user_id="UPAT", position=1)]
    for key, value in changes.items():
        setattr(cycle, key, value)
    return cycle


def _goal(number: int, id_: int) -> Goal:
    return Goal(id=id_, team_id="T1", number=number, channel_id="C1", title=f"Measure {number}")


def test_nothing_to_start_from_is_an_empty_form() -> None:
    assert cycle_form_values(None) == CycleValues()


def test_the_next_cycle_keeps_goal_owners_and_measure_and_leaves_dates_and_prediction() -> None:
    values = cycle_form_values(_cycle())
    assert values == CycleValues(
        change_idea="Text clients the day before intake (next cycle)",
        measure="Missed intakes a week", goal_id=11, owners=("UJOE", "UPAT"), follows=3,
        follows_idea="Text clients the day before intake",
    )  # fmt: skip


def test_a_third_cycle_does_not_say_next_cycle_twice_and_fits_the_field() -> None:
    long = "x" * 200
    assert cycle_form_values(_cycle(change_idea="Texts (next cycle)")).change_idea == (
        "Texts (next cycle)"
    )  # why: T-5 after T-4 after T-3
    assert len(cycle_form_values(_cycle(change_idea=long)).change_idea) == 200


def test_the_prefilled_form_follows_its_cycle_and_picks_its_goal() -> None:
    form = new_form(cycle_form_values(_cycle()), [_goal(1, 10), _goal(2, 11)], channel_id="C1")
    assert (form.key, form.title, json.loads(form.state)) == (
        CallbackId.CYCLE_NEW, "Plan a test of change", {"c": "C1", "f": 3}
    )  # fmt: skip
    fields = {i.key: i for i in form.items if not isinstance(i, Paragraph) and hasattr(i, "key")}
    goal, owners = fields[CycleField.GOAL], fields[CycleField.OWNERS]
    assert isinstance(goal, ChoiceField) and goal.initial == "2"
    assert isinstance(owners, PeopleField) and owners.initial == ("UJOE", "UPAT")
    starts = fields[CycleField.STARTS_ON]
    assert isinstance(starts, DateField) and starts.initial is None  # why: dates left to pick
    lead = form.items[0]
    assert isinstance(lead, Paragraph)
    assert plain(lead.lines[0]) == "Next cycle after T-3 Text clients the day before intake"


def test_a_channel_without_goals_has_no_goal_picker_and_the_edit_has_no_tasks() -> None:
    form = edit_form(3, CycleValues(change_idea="Texts"), [])
    keys = [getattr(i, "key", None) for i in form.items]
    assert CycleField.GOAL not in keys and CycleField.TASKS not in keys
    limits = {i.key: i.max_length for i in form.items if isinstance(i, TextField)}
    assert limits[CycleField.CHANGE_IDEA] == 200 and limits[CycleField.PREDICTION] == 2000
