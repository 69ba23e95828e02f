"""`goal …` on both platforms: north star, goals, reports, cards, forms, templates, capacity.

Slack types `/goal …`; Teams writes `@Backbone goal …` in the channel. What each person reads
is compared as words (`world.seen`, `world.told`), so one expectation holds on both.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy.orm import Session

from bot.ids import ActionId, GoalField
from bot.services.export import export_records
from storage import goals as goal_store
from storage.models import Goal, GoalValue
from tests.scenarios.both.conftest import World
from tests.scenarios.both.test_shared_behaviours import MEDIAN_DAYS, MONTHS, SHIFTING, said_with

PLATFORMS = pytest.mark.parametrize("platform", ["slack", "teams"])
STAR = 'northstar "Functional zero for veterans by December 2027 🎖️"'


def goal(world: World, text: str, *, by: str = "maria") -> None:
    world.command(text, by=by, command="goal")


def last_told(world: World, who: str = "maria") -> str:
    return world.told(who)[-1]


def channel_said(world: World) -> list[str]:
    """Backbone's channel posts as people read them (each post's first line, its message)."""
    return [world.seen(s.text).splitlines()[0] for s in world.posts()]


def values_of(world: World, number: int = 1) -> list[tuple[str, float]]:
    def read(session: Session) -> list[GoalValue]:
        found = goal_store.get_goal(session, team_id=world.team_id, number=number)
        assert found is not None
        return goal_store.values_of(session, goal=found)

    return [(v.period, v.value) for v in world.read(read)]


def report_year(world: World) -> None:
    for month, value in zip(MONTHS, SHIFTING, strict=True):
        goal(world, f"report G-1 {value} for {month}", by="joe")


@PLATFORMS
def test_the_north_star_is_announced_listed_and_on_the_owners_home(world: World) -> None:
    goal(world, STAR)
    assert channel_said(world) == [
        "⭐ North star: Functional zero for veterans by December 2027 🎖️ — set by @maria"
    ]
    goal(world, MEDIAN_DAYS)
    goal(world, "list", by="pat")
    assert last_told(world, "pat").splitlines() == [
        "⭐ North star: Functional zero for veterans by December 2027 🎖️",
        "Goals in this channel (1)",
        "G-1 Median days from match to move-in — no values yet",
    ]
    home = world.seen(world.home("joe"))  # Joe reports G-1 in the channel
    assert "North star: Functional zero for veterans by December 2027 🎖️" in home
    assert "North star" not in world.home("pat")  # why: Pat has no goal there


@PLATFORMS
def test_goal_list_in_a_direct_message_shows_the_goals_one_reports(world: World) -> None:
    # why: a direct message has no goals of its own; "this channel has no goals" misleads
    world.command_in_dm("list", by="joe", command="goal")
    assert last_told(world, "joe") == (
        f"Goals belong to a channel, and you report none yet. In a channel, {world.slash}goal "
        "list shows its goals."
    )
    goal(world, MEDIAN_DAYS)
    goal(world, "report G-1 62 for October", by="joe")
    world.command_in_dm("list", by="joe", command="goal")
    assert last_told(world, "joe").splitlines() == [
        "Goals you report (1)",
        "G-1 Median days from match to move-in — 62 for October · 17 to go to the target · in "
        "#channel",
    ]


@PLATFORMS
@pytest.mark.parametrize(
    "typed",
    [
        STAR,  # why: a north star is a channel's
        MEDIAN_DAYS,  # why: a goal in a private chat has no team to see it, no digest
        "template bfz veterans",
        'capacity "Open rapid re-housing slots" weekly',
    ],
)
def test_a_goal_is_not_made_in_a_direct_message(world: World, typed: str) -> None:
    world.command_in_dm(typed, by="joe", command="goal")
    assert last_told(world, "joe") == (
        "Goals belong to the channel whose work they measure, where the team sees them and the "
        "digest reports them. Type this in that channel. Nothing was saved."
    )
    assert world.goals() == []


@PLATFORMS
def test_a_north_star_of_empty_quotes_is_refused_and_nothing_is_set(world: World) -> None:
    # why: a pasted command with the words left out sets no north star of two quote marks
    goal(world, 'northstar ""')
    assert last_told(world) == (
        "What is this channel's north star? Say it in quotes, like: "
        f'{world.slash}goal northstar "Functional zero for veterans by December 2027"'
    )
    assert channel_said(world) == []


@PLATFORMS
def test_a_goal_is_announced_and_one_missing_its_direction_is_refused(world: World) -> None:
    goal(world, 'add "Households housed" baseline 12, monthly')
    assert last_told(world) == (
        "Which way is better for “Households housed”? Add “lower is better” or "
        "“higher is better”. Nothing was saved."
    )
    assert world.goals() == []
    goal(world, MEDIAN_DAYS)
    assert channel_said(world) == [
        "🎯 G-1 Median days from match to move-in — lower is better · baseline 90 · "
        "target 45 by Jun 30, 2027 · @joe reports monthly"
    ]


@PLATFORMS
@pytest.mark.parametrize(
    ("typed", "answer", "stored"),
    [
        ("report G-1 1,200 for October", "✅ Saved G-1 for October: 1,200.", [("2026-10", 1200)]),
        # why: a spreadsheet's thousands separator
        ("report G-1 62.5 for Oct", "✅ Saved G-1 for October: 62.5.", [("2026-10", 62.5)]),
        # why: a month's short name, a decimal value
        ("report g1 63 for october", "✅ Saved G-1 for October: 63.", [("2026-10", 63)]),
        # why: typed fast, in lower case, without the dash
        ("report G-1 62 🎉", "✅ Saved G-1 for November: 62.", [("2026-11", 62)]),
        # why: a celebration after the number is no period: the current month
        (
            "report G-1 sixty-two for October",
            "What value for G-1? “sixty-two” isn't a number: write it in digits, like: "
            "{slash}goal report G-1 62 for November. Nothing was saved.",
            [],
        ),  # why: a number in words is named, not read as "no value"
        (
            "report G-1 1,2,3",
            "What value for G-1? “1,2,3” isn't a number: write it in digits, like: "
            "{slash}goal report G-1 62 for November. Nothing was saved.",
            [],
        ),  # why: commas in the wrong places are a typo, never 123
        (
            "report G-1 62 for Octobr",
            "I couldn't tell which period “for Octobr” is. Try “for November”, “for November 2025” "
            "or “for 2025-11”. Nothing was saved.",
            [],
        ),  # why: a near-miss of a month changes nothing
    ],
)
def test_reports_are_read_as_people_type_them(
    world: World, typed: str, answer: str, stored: list[tuple[str, float]]
) -> None:
    goal(world, MEDIAN_DAYS)
    goal(world, typed, by="joe")
    assert last_told(world, "joe") == answer.format(slash=world.slash)
    assert values_of(world) == stored


@PLATFORMS
def test_a_second_report_replaces_the_first(world: World) -> None:
    goal(world, MEDIAN_DAYS)
    goal(world, "report G-1 62 for October", by="joe")
    goal(world, "report G-1 64 for 2026-10", by="joe")
    assert last_told(world, "joe") == "✅ Replaced G-1 for October: 64."
    assert values_of(world) == [("2026-10", 64)]


@PLATFORMS
def test_small_counts_are_hidden_in_answers_lists_and_digest_but_not_export(world: World) -> None:
    goal(world, 'add "Veterans actively homeless" lower is better, target 5, monthly')
    goal(world, "report G-1 7 for October")
    assert last_told(world) == "✅ Saved G-1 for October: fewer than 11."
    goal(world, "list")
    assert "G-1 Veterans actively homeless — fewer than 11 for October" in last_told(world)
    goal(world, "G-1")
    assert "October: fewer than 11" in "\n".join(world.told("maria"))
    world.command("now", command="digest")
    (digest,) = said_with(world.posts(), "Weekly digest")
    assert (
        "G-1 Veterans actively homeless — fewer than 11 for October · close to the target, "
        "not there yet" in world.seen(digest.text).splitlines()
    )
    assert " 7 " not in world.seen(digest.text)
    exported = world.read(lambda s: export_records(s, team_id=world.team_id)["goals"])
    assert [(v["period"], v["value"]) for v in exported[0]["values"]] == [("2026-10", 7.0)]


@PLATFORMS
def test_a_goal_shows_its_card_and_its_run_chart_comes_privately(world: World) -> None:
    goal(world, MEDIAN_DAYS)
    report_year(world)
    goal(world, "G-1")
    card = next(t for t in world.told("maria") if "Recent values" in t).splitlines()
    assert card[:4] == [
        "🎯 G-1 Median days from match to move-in",
        "lower is better · baseline 90 · target 45 by Jun 30, 2027 · @joe reports monthly",
        "Recent values",
        "October: 65",
    ]
    assert card[-2:] == [
        "A shift: the last 6 points are all below the median — a real change, and it is the "
        "way you want.",
        # why: Teams' personal chat has no threads: the chart is the next message
        "📈 Its run chart is in the thread."
        if world.platform == "slack"
        else "📈 Its run chart is just below.",
    ]
    (png,) = world.dm_pictures("maria")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"


@PLATFORMS
def test_a_goal_without_values_has_no_chart_yet(world: World) -> None:
    goal(world, MEDIAN_DAYS)
    goal(world, "G-1")
    assert "Not enough points yet to tell a signal from noise (0 of 10)." in last_told(world)
    assert world.dm_pictures("maria") == []


@PLATFORMS
def test_the_edit_form_changes_a_goal_and_names_a_bad_number(world: World) -> None:
    goal(world, MEDIAN_DAYS)
    form = world.command_form("edit G-1", by="maria", command="goal", button=ActionId.GOAL_EDIT)
    assert form.title == "Edit G-1"
    again = world.submit_form(form, {GoalField.TARGET: "forty"})
    assert again is not None and "“forty” isn't a number. Type one, like 62." in again.text
    assert world.submit_form(again, {GoalField.TARGET: "40", GoalField.METHOD: "anhoj"}) is None
    (made,) = world.goals()
    assert (made.target, made.method, made.baseline, made.owner_id) == (
        40, "anhoj", 90, world.id("joe")
    )  # fmt: skip
    assert any(t.startswith("✏️ Updated G-1 Median days") for t in world.told("maria"))


@PLATFORMS
def test_someone_else_may_not_edit_or_stop_a_goal(world: World) -> None:
    goal(world, MEDIAN_DAYS)
    goal(world, "edit G-1", by="pat")
    assert last_told(world, "pat") == (
        "Only G-1's owner, the person who made it, or a workspace admin can change it."
    )
    goal(world, "stop G-1", by="pat")
    assert last_told(world, "pat") == (
        "Only G-1's owner, the person who made it, or a workspace admin can stop it."
    )
    assert [g.stopped_at for g in world.goals()] == [None]
    goal(world, "stop G-1", by="joe")
    assert channel_said(world)[-1] == (
        "⏹️ @joe stopped G-1 Median days from match to move-in. Its values stay; there will be "
        "no more check-ins."
    )
    goal(world, "report G-1 60 for October", by="joe")
    assert last_told(world, "joe") == "G-1 is stopped, so it takes no new values."


@PLATFORMS
def test_help_a_typo_and_an_unknown_goal_change_nothing(world: World) -> None:
    goal(world, "")
    assert last_told(world).splitlines()[0] == "Goals: is the system actually improving?"
    goal(world, "lsit")
    assert last_told(world).startswith("I didn't catch that. Did you mean ")
    goal(world, "capacity")
    assert last_told(world) == (
        "What capacity should it count? Put its name in quotes, like: "
        f'{world.slash}goal capacity "Open rapid re-housing slots" @ana reports weekly'
    )
    goal(world, "report G-9 4")
    assert last_told(world) == (
        f"There is no G-9 in this workspace. {world.slash}goal list shows this channel's goals."
    )
    assert channel_said(world) == []


@PLATFORMS
@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ('northstar "Housing for J. Smith, call 555-201-3344"', "a phone number"),
        # why: a north star is free text the whole channel reads
        ('add "Days until client #HMIS-1234567 is housed" lower is better, monthly',
         "a client ID number"),  # why: a measure's name is free text too
    ],
)  # fmt: skip
def test_personal_data_in_a_north_star_or_a_measure_is_refused(
    world: World, typed: str, kind: str
) -> None:
    goal(world, typed)
    assert last_told(world).startswith(
        f"I didn't save that: it looks like it includes {kind}, and goals hold numbers, "
        "never people. Nothing was saved."
    )
    assert world.goals() == [] and channel_said(world) == []


@PLATFORMS
def test_a_note_with_a_date_of_birth_is_refused_and_nothing_is_saved(world: World) -> None:
    goal(world, MEDIAN_DAYS)
    goal(world, "report G-1 62 for October — J. Smith DOB 04/12/1961 still waiting", by="joe")
    assert last_told(world, "joe") == (
        "I didn't save that: it looks like it includes a date of birth, and goals hold numbers, "
        "never people. Nothing was saved. Leave the date out; if age matters, say “a client in "
        "their 60s”."
    )
    assert values_of(world) == []
    assert "04/12/1961" not in "\n".join(s.text for s in world.everything())


@PLATFORMS
def test_the_bfz_template_makes_the_measures_once_and_its_card_says_zero(world: World) -> None:
    goal(world, "template bfz veterans {joe}")
    assert [g.title for g in world.goals()] == [
        "Veterans: actively homeless", "Veterans: newly identified",
        "Veterans: returned from housing", "Veterans: returned from inactive",
        "Veterans: housed", "Veterans: moved to inactive",
    ]  # fmt: skip
    assert channel_said(world)[-1].startswith("🏁 Built for Zero measures for veterans: G-1")
    goal(world, "template bfz veterans")
    assert last_told(world) == (
        "This channel already has the Built for Zero measures for veterans. "
        f"{world.slash}goal list shows them."
    )
    for number, value in ((1, 30), (2, 6), (3, 1), (4, 2), (5, 12), (6, 3)):
        goal(world, f"report G-{number} {value} for October")
    for month, housed in (("August", 10), ("September", 11)):
        goal(world, f"report G-5 {housed} for {month}")
    goal(world, "G-1")
    card = next(t for t in world.told("maria") if "Functional zero:" in t).splitlines()
    assert card[-3:-1] == [
        "October: inflow fewer than 11, outflow 15, 30 actively homeless.",
        "Functional zero: fewer actively homeless than the average monthly housing placements "
        "of the last 3 months (11). 20 fewer to go.",
    ]


@PLATFORMS
def test_capacity_is_numbers_only(world: World) -> None:
    goal(world, 'capacity "Open rapid re-housing slots 🏠" {joe} reports weekly')
    assert channel_said(world) == [
        "🎯 G-1 Open rapid re-housing slots 🏠 — capacity, numbers only · @joe reports weekly"
    ]
    made: Goal = world.goals()[0]
    assert (made.kind, made.is_count, made.idle_days) == ("capacity", True, 14)
