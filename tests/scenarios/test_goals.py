"""`/goal`: north stars, goals and their values, through the port over the emulator.

These are Slack's own words and shapes (mrkdwn, files, modals); what both platforms do
alike is in tests/scenarios/both/ (test_goals.py, test_goal_rhythm.py).
"""

from __future__ import annotations

import json

from bot.ids import GoalField
from tests.support.forms import modal_of, open_home
from tests.support.goals import MEDIAN_DAYS, fill, goal, reply, report_year, stored
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness


def channel_texts(backbone: Harness) -> list[str]:
    return [m.text for m in backbone.emulator.messages(CASE)]


def test_a_goal_is_announced_in_the_channel(backbone: Harness) -> None:
    answer = goal(backbone, MEDIAN_DAYS)
    assert (answer.status, answer.body) == (200, "")
    assert channel_texts(backbone) == [
        "🎯 *G-1* Median days from match to move-in — lower is better · baseline 90 · "
        "target 45 by Jun 30, 2027 · <@UJOE> reports monthly"
    ]
    made, values = stored(backbone, 1)
    assert (made.owner_id, made.cadence, made.higher_is_better, made.is_count) == (
        JOE, "monthly", False, False  # why: "days" are no count of people
    )  # fmt: skip
    assert values == []


def test_goals_are_numbered_per_workspace(backbone: Harness) -> None:
    goal(backbone, MEDIAN_DAYS)
    goal(backbone, 'add "Households housed" higher is better, weekly', user=JOE)
    assert [stored(backbone, n)[0].code for n in (1, 2)] == ["G-1", "G-2"]


def test_a_goal_missing_its_direction_is_refused_kindly_and_nothing_is_saved(
    backbone: Harness,
) -> None:
    goal(backbone, 'add "Households housed" baseline 12, monthly')
    assert reply(backbone) == (
        "Which way is better for “Households housed”? Add “lower is better” or "
        "“higher is better”. Nothing was saved."
    )
    goal(backbone, 'add "Households housed" higher is better')
    assert "How often is “Households housed” reported?" in reply(backbone)
    assert channel_texts(backbone) == []
    with backbone.database() as session:
        from storage.goals import team_goals

        assert team_goals(session, team_id=TEAM) == []


def test_a_report_is_saved_and_a_second_one_replaces_it(backbone: Harness) -> None:
    goal(backbone, MEDIAN_DAYS)
    goal(backbone, "report G-1 62 for October", user=JOE)
    assert reply(backbone) == "✅ Saved G-1 for October: 62."
    goal(backbone, "report G-1 64 for 2026-10", user=JOE)
    assert reply(backbone) == "✅ Replaced G-1 for October: 64."
    _, values = stored(backbone, 1)
    assert [(v.period, v.value, v.reported_by) for v in values] == [("2026-10", 64, JOE)]


def test_a_goal_shows_its_card_and_sends_its_run_chart_by_dm(backbone: Harness) -> None:
    goal(backbone, MEDIAN_DAYS)
    report_year(backbone)
    goal(backbone, "G-1")
    card = reply(backbone).splitlines()
    assert card[:3] == [
        "🎯 G-1 Median days from match to move-in",
        "lower is better · baseline 90 · target 45 by Jun 30, 2027 · <@UJOE> reports monthly",
        "October: 65",
    ]
    assert reply(backbone).splitlines()[-1] == (
        "A shift: the last 6 points are all below the median — a real change, and it is the way "
        "you want."
    )
    [chart] = backbone.emulator.files()
    dm = backbone.emulator.messages(backbone.emulator.dm_channel(MARIA))[-1]
    assert (chart.channel, chart.thread_ts, chart.filename) == (dm.channel, dm.ts,
                                                                "run-chart-G-1.png")  # fmt: skip
    assert chart.title == "Run chart of G-1: Median days from match to move-in"
    assert chart.alt_txt is not None and chart.alt_txt.startswith(
        "Run chart of G-1: Median days from match to move-in, 12 values, lower is better. "
        "Median 84.5. Target 45. November 2025: 90."
    )
    assert chart.content is not None and chart.content.startswith(b"\x89PNG")


def test_the_list_shows_the_north_star_and_each_goal(backbone: Harness) -> None:
    goal(backbone, 'northstar "Functional zero for veterans by December 2027"')
    assert channel_texts(backbone) == [
        "⭐ *North star:* Functional zero for veterans by December 2027 — set by <@UMARIA>"
    ]
    goal(backbone, MEDIAN_DAYS)
    report_year(backbone)
    goal(backbone, "list", user=PAT)
    assert reply(backbone).splitlines() == [
        "⭐ *North star:* Functional zero for veterans by December 2027",
        "*Goals in this channel (1)*",
        "*G-1* Median days from match to move-in — 65 for October · 20 to go to the target · "
        "📈 a signal",
    ]


def test_only_its_owner_creator_or_an_admin_may_stop_a_goal(backbone: Harness) -> None:
    goal(backbone, MEDIAN_DAYS)
    goal(backbone, "stop G-1", user=PAT)
    assert reply(backbone) == (
        "Only G-1's owner, the person who made it, or a workspace admin can stop it."
    )
    goal(backbone, "stop G-1", user=ADMIN)
    assert channel_texts(backbone)[-1] == (
        "⏹️ <@UADMIN> stopped G-1 Median days from match to move-in. Its values stay; there "
        "will be no more check-ins."
    )
    goal(backbone, "report G-1 60 for October", user=JOE)
    assert reply(backbone) == "G-1 is stopped, so it takes no new values."


def test_a_note_naming_a_blocker_offers_an_action_item(backbone: Harness) -> None:
    goal(backbone, MEDIAN_DAYS)
    goal(backbone, "report G-1 62 for October — waiting on the housing authority", user=JOE)
    [*_, answer] = backbone.emulator.responses()
    buttons = [b for b in answer["body"]["blocks"] if b.get("accessory")]
    assert [b["accessory"]["text"]["text"] for b in buttons] == ["Make an action item"]


def test_the_edit_form_names_a_bad_number_under_its_field(backbone: Harness) -> None:
    goal(backbone, MEDIAN_DAYS)
    goal(backbone, "edit G-1")
    form = modal_of(backbone, MARIA)
    answer = backbone.emulator.submit_view(
        form.id, fill(form, **{GoalField.TARGET: "about half"}), user=MARIA
    )
    assert json.loads(answer.body)["errors"] == {
        GoalField.TARGET: "“about half” isn't a number. Type one, like 62."
    }
    assert stored(backbone, 1)[0].target == 45


def test_a_chronic_population_is_measured_against_its_point_in_time_count(
    backbone: Harness,
) -> None:
    # why: 0.1% of a large count allows more than 3 people, and the count comes after the measures
    goal(backbone, "template bfz chronic")
    goal(backbone, "report G-1 5 for October")
    goal(backbone, "G-1")
    assert reply(backbone).splitlines()[-1] == (
        "Functional zero: at most 3 actively homeless (3, or 0.1% of the point-in-time count, "
        "whichever is greater). Not there yet."
    )
    goal(backbone, "template bfz chronic pit 5,200")
    assert reply(backbone) == (
        "✅ Kept the point-in-time count: 5,200 people. Functional zero for chronic homelessness "
        "now means at most 5 actively homeless (3, or 0.1% of the count, whichever is greater)."
    )
    goal(backbone, "G-1")
    assert reply(backbone).splitlines()[-1].endswith("whichever is greater). 🎉 Reached.")
    assert stored(backbone, 1)[0].point_in_time_count == 5200


def test_the_home_tab_shows_the_north_stars_of_a_persons_channels(backbone: Harness) -> None:
    goal(backbone, 'northstar "Functional zero for veterans by December 2027"')
    goal(backbone, MEDIAN_DAYS)
    home = open_home(backbone, JOE)  # Joe reports G-1 there
    first = home.view["blocks"][0]
    assert first["text"]["text"] == (
        "⭐ <#CCASE> *North star:* Functional zero for veterans by December 2027"
    )
    assert open_home(backbone, PAT).view["blocks"][0]["type"] == "header"  # why: not Pat's


def test_where_backbone_may_not_post_the_goal_is_shown_through_the_command(
    backbone: Harness,
) -> None:
    backbone.emulator.add_channel(
        "CPRIV", "private-team", members=(MARIA,), is_private=True, bot_is_member=False
    )
    goal(backbone, 'add "Households housed" higher is better, monthly', channel="CPRIV")
    response = backbone.last_response()
    assert (response["response_type"], response["text"]) == (
        "in_channel",
        "🎯 *G-1* Households housed — higher is better · <@UMARIA> reports monthly",
    )


def test_goal_alone_shows_its_help_and_a_typo_is_never_saved(backbone: Harness) -> None:
    goal(backbone, "")
    assert reply(backbone).splitlines()[0] == "Goals: is the system actually improving?"
    goal(backbone, "lsit")
    assert reply(backbone) == "I didn't catch that. Did you mean `/goal list`? Nothing was saved."
    assert channel_texts(backbone) == []
