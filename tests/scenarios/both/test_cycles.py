"""Tests of change on both platforms: `/pdsa`'s form, the cycle's post, its tasks, the list,
a cycle in full, its edit and who may make it, and `/action … for T-3`."""

from __future__ import annotations

from datetime import date

import pytest

from bot.ids import CycleField
from storage.models import CycleStatus
from tests.scenarios.both.conftest import World
from tests.support.pdsa_forms import PLAN, cycles, open_command_form, people, plan_cycle, said_to

PLATFORMS = pytest.mark.parametrize("platform", ["slack", "teams"])
TASKS = "- Write the text message by Friday\n\n• Print the call list\n"


def posted(world: World, code: str) -> list[str]:
    return [s.text for s in world.posts() if code in s.text]


@PLATFORMS
def test_a_cycle_is_planned_in_the_form_and_posted_with_its_prediction_and_tasks(
    world: World,
) -> None:
    assert plan_cycle(world, {CycleField.TASKS: TASKS}) is None
    (cycle,) = cycles(world)
    assert (cycle.code, cycle.owner_ids, cycle.created_by, cycle.status) == (
        "T-1", [world.id("joe")], world.id("maria"), CycleStatus.DOING
    )  # fmt: skip
    assert (cycle.change_idea, cycle.prediction, cycle.starts_on, cycle.ends_on) == (
        "Text clients the day before intake 📱", "Missed intakes drop from 8 a week to 4",
        date(2026, 11, 30), date(2026, 12, 11),
    )  # fmt: skip
    assert cycle.tz == "America/New_York"  # why: Maria's zone, where its dates are read
    tasks = [(i.code, i.title, i.owner_ids, i.cycle_id, i.due_at is not None)
             for i in world.items()]  # fmt: skip
    assert tasks == [
        ("A-1", "Write the text message", [world.id("joe")], cycle.id, True),  # why: "by Friday"
        ("A-2", "Print the call list", [world.id("joe")], cycle.id, False),  # why: no date said
    ]
    (post,) = posted(world, "T-1")
    for said in ("Text clients the day before intake 📱", "Missed intakes drop from 8 a week to 4",
                 "Mon Nov 30 → Fri Dec 11", "A-1", "Write the text message", "A-2",
                 "· due Fri Nov 27"):  # fmt: skip
        assert said in world.displayed(world.posts()[-1]) or said in post, said


@PLATFORMS
def test_the_list_and_a_cycle_in_full_are_answered_privately(world: World) -> None:
    plan_cycle(world)
    plan_cycle(world, {CycleField.CHANGE_IDEA: "Meet clients at the library"})
    world.command("list", command="pdsa", by="pat")
    listing = said_to(world, "pat")
    assert "Tests of change in this channel (2)" in listing
    assert listing.index("T-2") < listing.index("T-1")  # why: the newest first
    world.command("t1", command="pdsa", by="pat")  # why: typed without the dash
    shown = said_to(world, "pat")
    assert "Missed intakes drop from 8 a week to 4" in shown and "Main St" in shown


@PLATFORMS
def test_an_item_for_a_cycle_is_its_task_and_an_unknown_code_saves_nothing(world: World) -> None:
    plan_cycle(world)
    world.command("Call the shelter about texts for T-1 by Friday", by="joe")
    (item,) = world.items()
    (cycle,) = cycles(world)
    assert (item.title, item.cycle_id, item.due_at is not None) == (
        "Call the shelter about texts",
        cycle.id,
        True,
    )  # why: "for T-1" is taken out of the title, the date still read
    assert any("Call the shelter about texts" in text for text in posted(world, "T-1"))
    world.command("done A-1", by="joe")
    (post,) = posted(world, "T-1")
    tasks = [one for one in post.splitlines() if "A-1" in one and "Call the shelter" in one]
    assert tasks and all(one.startswith("✅") for one in tasks)  # why: its post shows it done
    world.command("Print flyers for T-9", by="joe")
    assert len(world.items()) == 1
    assert "There is no T-9 in this workspace, so I didn't save the item." in said_to(world, "joe")


@PLATFORMS
def test_problems_in_the_form_are_named_under_their_fields_and_nothing_is_saved(
    world: World,
) -> None:
    again = plan_cycle(world, {
        CycleField.ENDS_ON: "2026-11-20",  # why: before it starts
        CycleField.PREDICTION: "Client SSN 123-45-6789 comes back",  # why: personal data
        CycleField.QUESTION: "   ",  # why: only spaces
        CycleField.TASKS: "Call back by Fridy",  # why: a near-miss of a date word
    })  # fmt: skip
    assert again is not None
    for said in ("It ends before it starts", "Social Security number", "what you want to learn",
                 "Fridy"):  # fmt: skip
        assert said in again.text, (said, again.text)
    assert cycles(world) == [] and world.items() == []


@PLATFORMS
def test_only_owners_the_creator_or_a_coordinator_may_edit_a_cycle(world: World) -> None:
    plan_cycle(world)
    world.command("edit T-1", command="pdsa", by="pat")
    assert ("Only T-1's owners, the person who started it, or a coordinator can change it. "
            "Nothing was changed.") in said_to(world, "pat")  # fmt: skip
    form = open_command_form(world, "edit T-1", by="joe")
    changes = {
        **PLAN,
        CycleField.PREDICTION: "Missed intakes drop to 3",
        CycleField.ENDS_ON: "2026-12-18",
        CycleField.OWNERS: people(world, "joe", "pat"),
    }
    assert world.submit_form(form, {str(k): v for k, v in changes.items()}) is None
    (cycle,) = cycles(world)
    assert (cycle.prediction, cycle.ends_on, cycle.owner_ids) == (
        "Missed intakes drop to 3", date(2026, 12, 18), [world.id("joe"), world.id("pat")]
    )  # fmt: skip
    assert any("Missed intakes drop to 3" in text for text in posted(world, "T-1"))


@PLATFORMS
def test_every_field_at_its_longest_still_makes_a_post_and_a_detail_the_platform_takes(
    world: World,
) -> None:
    longest = dict.fromkeys(PLAN, ("Reminder texts help 📱 " * 100)[:2000])
    longest |= {
        CycleField.CHANGE_IDEA: "Ü" * 200,
        CycleField.STARTS_ON: "2026-11-30",
        CycleField.ENDS_ON: "2026-12-11",
        CycleField.TASKS: "Call the shelter\n" * 20,
    }
    assert plan_cycle(world, longest) is None  # why: the most each field holds, 20 tasks
    world.command("T-1", command="pdsa", by="pat")
    assert "Ü" * 200 in said_to(world, "pat")  # why: the change idea, whole, in the detail
    assert len(world.items()) == 20 and len(posted(world, "T-1")) == 1


@PLATFORMS
def test_a_cycle_serves_one_of_the_channels_goals_picked_in_the_form(world: World) -> None:
    world.command('add "Missed intakes a week" lower is better, monthly', command="goal")
    (goal,) = world.goals()
    assert plan_cycle(world, {CycleField.GOAL: "1"}) is None
    (cycle,) = cycles(world)
    assert cycle.goal_id == goal.id
    (post,) = posted(world, "T-1")
    assert "G-1" in post and "Missed intakes a week" in post


@PLATFORMS
def test_meeting_notes_lines_for_a_cycle_are_its_tasks_and_an_unknown_code_stays_words(
    world: World,
) -> None:
    plan_cycle(world)
    world.paste("Case conferencing\nACTION: {joe} print the flyers for T-1 by Friday\n"
                "TODO: order T-shirts for T-7 volunteers")  # fmt: skip
    (cycle,) = cycles(world)
    assert [(i.title, i.cycle_id) for i in world.items()] == [
        ("print the flyers", cycle.id),  # why: a task of T-1, the date still read
        ("order T-shirts for T-7 volunteers", None),  # why: no T-7 here: the words stay
    ]
    assert any("print the flyers" in text for text in posted(world, "T-1"))
