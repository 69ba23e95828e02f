"""`/decision`: record a decision in the channel, list a channel's decisions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.messages import decisions as words
from bot.slack.render import render_message
from tests.support.harness import CASE, JOE, MARIA, TEAM, Harness
from tests.support.records import all_decisions

HOUSING = "CHOUSING"


def decide(backbone: Harness, text: str, **where: str) -> None:
    backbone.command(text, command="/decision", **where)


def test_a_decision_is_recorded_and_announced_in_the_channel(backbone: Harness) -> None:
    answer = backbone.emulator.send_command(
        "/decision",
        "We hold 3 shelter beds for veterans through December",
        user=MARIA,
        channel=CASE,
    )
    backbone.settle()
    assert (answer.status, answer.body) == (200, "")
    [decision] = all_decisions(backbone)
    message = backbone.emulator.messages(CASE)[-1]
    assert (decision.code, decision.text, decision.recorder_id, decision.channel_id) == (
        "D-1",
        "We hold 3 shelter beds for veterans through December",
        MARIA,
        CASE,
    )
    assert decision.created_at == backbone.clock.now
    assert decision.source_url == (
        f"https://sandbox.slack.com/archives/{CASE}/p{message.ts.replace('.', '')}"
    )
    announcement = render_message(words.announcement(decision))
    assert backbone.emulator.calls("chat.postMessage") == [
        {"channel": CASE, "team_id": TEAM, **announcement}
    ]
    assert announcement["text"] == (
        "🧭 Decision D-1: We hold 3 shelter beds for veterans through December "
        "— recorded by <@UMARIA>"
    )


def test_decisions_are_numbered_with_those_captured_from_notes(backbone: Harness) -> None:
    backbone.emulator.post_message(user=MARIA, channel=CASE, text="DECISION: Meet on Tuesdays")
    backbone.settle()
    decide(backbone, "Pilot the landlord incentive for 3 months", user=JOE)
    assert [(d.code, d.recorder_id) for d in all_decisions(backbone)] == [
        ("D-1", MARIA),
        ("D-2", JOE),
    ]


def test_a_group_mention_in_a_decision_does_not_ping_everyone_again(backbone: Harness) -> None:
    decide(backbone, "<!here> we meet on Tuesdays now")
    posted = backbone.emulator.calls("chat.postMessage")[0]
    assert posted["text"].startswith("🧭 Decision D-1: @here we meet on Tuesdays now")


def test_where_the_bot_cannot_post_the_decision_is_shown_through_the_command(
    backbone: Harness,
) -> None:
    backbone.emulator.add_channel(
        "CPRIV", "private-team", members=(MARIA,), is_private=True, bot_is_member=False
    )
    decide(backbone, "Use the new intake form", channel="CPRIV")
    [decision] = all_decisions(backbone)
    response = backbone.last_response()
    assert response["response_type"] == "in_channel"
    assert response["text"] == render_message(words.announcement(decision))["text"]
    assert decision.source_url is None


def test_list_shows_this_channels_decisions_newest_first(backbone: Harness) -> None:
    backbone.emulator.add_channel(HOUSING, "housing-partners", members=(MARIA, JOE))
    decide(backbone, "Meet on Tuesdays")
    decide(backbone, "Elsewhere", channel=HOUSING)
    backbone.clock.now += timedelta(days=1)
    decide(backbone, "Use the new intake form")
    backbone.command("list", command="/decision", user=JOE)
    response = backbone.last_response()
    assert response.get("response_type", "ephemeral") == "ephemeral"
    assert response["text"].splitlines() == [
        "Decisions in this channel (2), newest first",
        "*D-3* Use the new intake form — <@UMARIA> · <!date^1795618800^{date_short}|Nov 25, 2026>",
        "*D-1* Meet on Tuesdays — <@UMARIA> · <!date^1795532400^{date_short}|Nov 24, 2026>",
    ]


def test_list_of_another_channel(backbone: Harness) -> None:
    backbone.emulator.add_channel(HOUSING, "housing-partners", members=(MARIA, JOE))
    decide(backbone, "Hold units for veterans", channel=HOUSING)
    backbone.command("list <#CHOUSING|housing-partners>", command="/decision")
    assert backbone.last_response()["text"].splitlines()[:2] == [
        "Decisions in <#CHOUSING> (1), newest first",
        "*D-1* Hold units for veterans — <@UMARIA> · <!date^1795532400^{date_short}|Nov 24, 2026>",
    ]


def test_a_long_list_ends_with_how_many_more(backbone: Harness) -> None:
    for n in range(45):
        decide(backbone, f"Decision number {n}")
    backbone.command("list", command="/decision")
    response = backbone.last_response()
    assert len(response["blocks"]) == 42  # heading, 40 decisions, "…and 5 more"
    assert response["blocks"][-1]["elements"][0]["text"] == "…and 5 more"
    assert response["text"].splitlines()[1].startswith("*D-45* Decision number 44")


def test_an_empty_list_says_how_to_record_one(backbone: Harness) -> None:
    backbone.command("list", command="/decision")
    assert backbone.last_response()["text"] == (
        "No decisions are recorded in this channel yet. "
        "Record one with /decision followed by what was decided."
    )


def test_a_decision_may_start_with_the_word_list(backbone: Harness) -> None:
    decide(backbone, "list of shelters we fund stays as it is")
    assert [d.text for d in all_decisions(backbone)] == ["list of shelters we fund stays as it is"]


@pytest.mark.parametrize("text", ["", "help", " HELP "])
def test_help(backbone: Harness, text: str) -> None:
    backbone.command(text, command="/decision")
    assert backbone.last_response()["text"] == render_message(words.help_message())["text"]
    assert all_decisions(backbone) == []


ERRORS = [
    # why: a decision is words, and a record has a limit
    ("x" * 2001, "up to 2,000"),
    # why: a channel must be picked from Slack's list, so it arrives as <#C…>
    ("list #housing", "Which channel?"),
    ("list <#CHOUSING> <#CCASE>", "Which channel?"),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS)
def test_bad_input_is_explained_privately_and_stores_nothing(
    backbone: Harness, text: str, expected: str
) -> None:
    backbone.command(text, command="/decision")
    response = backbone.last_response()
    assert expected in response["text"]
    assert response.get("response_type", "ephemeral") == "ephemeral"
    assert (all_decisions(backbone), backbone.emulator.calls("chat.postMessage")) == ([], [])
