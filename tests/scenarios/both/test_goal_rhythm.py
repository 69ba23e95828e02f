"""A goal's week on both platforms: check-ins in the owner's hours, and the digest's Goals.

Check-ins come by DM (Teams: the personal chat, opened for it) in the owner's working hours,
once per step however many `backbone tick` processes run; the digest says each goal, its
signals under it, flags capacity left unused, and shares the run charts in its thread.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from bot.ids import ActionId, GoalField
from tests.scenarios.both.conftest import World
from tests.scenarios.both.test_goals import goal, report_year, values_of
from tests.scenarios.both.test_shared_behaviours import MEDIAN_DAYS, MONDAY_9_NY, said_with

PLATFORMS = pytest.mark.parametrize("platform", ["slack", "teams"])
LA = ZoneInfo("America/Los_Angeles")
ASKED = "📈 What was G-1 for November? Median days from match to move-in"
AGAIN = "📈 A reminder: What was G-1 for November? Median days from match to move-in"


def la(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=LA).astimezone(UTC)


def asks(world: World) -> list[str]:
    """The check-ins in Joe's direct messages, by their first line."""
    return [t.splitlines()[0] for t in world.told("joe") if "What was G-1" in t]


@PLATFORMS
def test_a_check_in_comes_once_in_working_hours_from_two_tick_processes(world: World) -> None:
    goal(world, MEDIAN_DAYS)
    world.tick(la(1, 8, 30))  # Tuesday Dec 1, before Joe's day
    assert asks(world) == []
    ran = world.tick_processes(la(1, 9), count=2)
    assert [code for code, _, _ in ran] == [0, 0], ran
    assert asks(world) == [ASKED]
    world.tick(la(1, 16))  # the same step is never sent twice
    assert asks(world) == [ASKED]
    world.tick(la(2, 9))
    assert asks(world) == [ASKED, AGAIN]


@PLATFORMS
def test_the_check_ins_hint_works_where_it_is_read(world: World) -> None:
    # why: the ask says "type … here": in the DM (Teams: the personal chat) it must work
    goal(world, MEDIAN_DAYS)
    world.tick(la(1, 9))
    (asked,) = [t for t in world.told("joe") if "What was G-1" in t]
    code = f"{world.slash}goal report G-1 62 for November"
    shown = f"`{code}`" if world.platform == "slack" else f"“{code}”"  # Teams cards: no code
    assert asked.splitlines()[-1] == f"Or type {shown} here or in #channel."
    world.command_in_dm("report G-1 62 for November", by="joe", command="goal")
    assert world.told("joe")[-1] == "✅ Saved G-1 for November: 62."
    assert values_of(world) == [("2026-11", 62)]


@PLATFORMS
def test_check_ins_missed_while_backbone_was_down_come_as_one_ask(world: World) -> None:
    # why: the first the owner hears of November is no "reminder" of an ask never sent
    goal(world, MEDIAN_DAYS)
    world.tick(la(3, 10))  # Thursday: the ask (Tuesday) and one reminder (Wednesday) missed
    assert asks(world) == [ASKED]
    world.tick(la(4, 9))
    assert asks(world) == [ASKED, AGAIN]


@PLATFORMS
def test_a_value_reported_before_the_ask_and_a_stopped_goal_mean_no_ask(world: World) -> None:
    goal(world, MEDIAN_DAYS)
    goal(world, 'add "Households housed" higher is better, {joe} reports monthly')
    world.clock.now = datetime(2026, 11, 30, 16, tzinfo=LA).astimezone(UTC)
    goal(world, "report G-1 61", by="joe")  # Nov 30: the current period, November
    goal(world, "stop G-2", by="joe")
    world.tick(la(1, 9))
    assert [t for t in world.told("joe") if "What was" in t] == []


@PLATFORMS
def test_the_check_in_form_refuses_a_phone_number_and_a_blocker_becomes_an_item(
    world: World,
) -> None:
    goal(world, MEDIAN_DAYS)
    world.tick(la(1, 9))
    (asked,) = said_with(world.dms("joe"), "What was G-1 for November?")
    form = world.open_form(asked, ActionId.GOAL_REPORT, by="joe")
    phoned: dict[str, str] = {GoalField.VALUE: "62", GoalField.NOTE: "Call her at (555) 201-3344"}
    again = world.submit_form(form, phoned)
    assert again is not None
    assert "Not saved: it looks like a phone number." in again.text
    assert values_of(world) == []
    note = "Waiting on the landlord for two units 🏠"
    assert world.submit_form(again, {GoalField.VALUE: "62", GoalField.NOTE: note}) is None
    assert values_of(world) == [("2026-11", 62)]
    (told,) = said_with(world.dms("joe"), "Saved G-1 for November: 62.")
    item_form = world.open_form(told, ActionId.GOAL_ACTION_ITEM, by="joe")
    assert world.submit_form(item_form, {}) is None
    (item,) = world.items()
    assert (item.title, item.channel_id, item.owner_ids) == (
        f"G-1: {note}", world.channel, [world.id("joe")]
    )  # fmt: skip
    world.tick(la(2, 9))  # reported: no reminder follows
    assert asks(world) == [ASKED]


def goals_section(world: World, text: str) -> list[str]:
    lines = world.seen(text).splitlines()
    start = lines.index("🎯 Goals")
    return lines[start + 1 : start + 7]


@PLATFORMS
def test_the_digest_says_each_goal_with_its_signals_under_it_and_charts_them(
    world: World,
) -> None:
    goal(world, MEDIAN_DAYS)
    report_year(world)
    goal(world, 'add "Households housed" higher is better, monthly')
    goal(world, "report G-2 14 for October")
    world.command("on Monday 9am", command="digest")
    world.tick(MONDAY_9_NY)
    (digest,) = said_with(world.posts(), "Weekly digest")
    assert goals_section(world, digest.text) == [
        "G-1 Median days from match to move-in — 65 for October · 20 to go to the target · "
        "📈 a signal",
        "    A shift: from November 2025 to April, 6 points are all above the median — a real "
        "change, and not the way you want: worth a look together.",
        "    Too few runs: the line crossed the median only once in 12 points (2 runs; fewer "
        "than 3 is unusual). The points stay on one side for long stretches: something has "
        "likely changed.",
        "    A trend: from February to July, 6 points kept going down — a real change, and it is "
        "the way you want.",
        "    A shift: the last 6 points are all below the median — a real change, and it is the "
        "way you want.",
        "G-2 Households housed — 14 for October · no target set",
    ]
    (alt,) = [a for a in world.alt_texts() if a.startswith("Run chart of G-1")]
    assert alt.startswith(
        "Run chart of G-1: Median days from match to move-in, 12 values, lower is better. "
        "Median 84.5. Target 45. November 2025: 90."
    )
    charts = said_with(world.replies(digest.native), "Run chart of G-1")
    if world.platform == "teams":  # a card in the thread (on Slack, a file shared there)
        assert len(charts) == 1
    for png in world.pictures():
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG"


@PLATFORMS
def test_capacity_unused_past_its_threshold_is_flagged_and_becomes_an_item(world: World) -> None:
    goal(world, 'capacity "Open rapid re-housing slots" weekly, flag after 14 days')
    for week, open_slots in (("Nov 2", 4), ("Nov 9", 3), ("Nov 16", 5)):
        goal(world, f"report G-1 {open_slots} for the week of {week}")
    world.command("now", command="digest")
    (digest,) = said_with(world.posts(), "Weekly digest")
    flag = "⚠️ G-1 Open rapid re-housing slots: unused for 22 days. Who can put it to use?"
    assert flag in world.seen(digest.text).splitlines()
    form = world.open_form(digest, ActionId.GOAL_ACTION_ITEM, by="maria")
    assert world.submit_form(form, {}) is None
    (item,) = world.items()
    assert (item.title, item.channel_id) == (
        "G-1: put Open rapid re-housing slots to use", world.channel
    )  # fmt: skip
