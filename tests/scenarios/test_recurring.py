"""Repeating items and the note to the person who asked: what follows "done" on every path."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ids import ActionId
from bot.messages.items import announcement
from bot.slack import blocks
from bot.slack.render import render_message
from storage.actions import history
from storage.models import Status
from tests.support.forms import home_of, open_home
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness

MONDAY_NOV_30 = datetime(2026, 11, 30, 22, 0, tzinfo=UTC)  # 17:00 in New York
MONDAY_DEC_7 = datetime(2026, 12, 7, 22, 0, tzinfo=UTC)
NEXT = "It repeats every Monday: *A-2* is next, due Mon Dec 7."


@pytest.fixture
def weekly(backbone: Harness) -> Harness:
    """Maria asks Joe for the HMIS report every Monday: A-1, due Monday Nov 30."""
    backbone.command("Send the HMIS report <@UJOE> every Monday")
    backbone.emulator.clear_calls()
    return backbone


def reply(backbone: Harness) -> str:
    return str(backbone.last_response()["text"])


def test_a_series_starts_on_its_next_occurrence(weekly: Harness) -> None:
    item = weekly.item(1)
    assert (item.title, item.owner_ids, item.due_at, item.due_all_day, item.recurrence) == (
        "Send the HMIS report",
        [JOE],
        MONDAY_NOV_30,
        True,
        "weekly:1",
    )
    assert weekly.emulator.messages(CASE)[-1].text == (
        "📌 A-1 Send the HMIS report — <@UJOE> · due Mon Nov 30 · 🔁 every Monday"
    )


def test_done_makes_the_next_one_and_says_its_code(weekly: Harness) -> None:
    weekly.command("done A-1 sent to HUD", user=JOE)
    follow = weekly.item(2)
    assert (
        follow.title,
        follow.owner_ids,
        follow.creator_id,
        follow.channel_id,
        follow.recurrence,
        follow.due_at,
        follow.status,
    ) == ("Send the HMIS report", [JOE], MARIA, CASE, "weekly:1", MONDAY_DEC_7, Status.OPEN)
    assert reply(weekly) == f"✅ A-1 is done. Thank you! {NEXT}"
    posted = weekly.emulator.calls("chat.postMessage")
    assert posted == [
        {"channel": CASE, "team_id": TEAM, **render_message(announcement(follow))},
        {
            "channel": MARIA,
            "team_id": TEAM,
            **blocks.notice(
                "✅ You asked for *A-1* Send the HMIS report: <@UJOE> marked it done.\n"
                f"> sent to HUD\n{NEXT}"
            ),
        },
    ]
    with weekly.database() as session:
        done = history(session, item=weekly.item(1))[-1]
        assert (done.kind, done.detail) == ("done", {"note": "sent to HUD", "next": "A-2"})


def test_the_done_button_continues_the_series_too(weekly: Harness) -> None:
    weekly.emulator.click(weekly.emulator.messages(CASE)[-1], ActionId.ITEM_DONE, user=JOE)
    weekly.settle()
    assert weekly.item(2).due_at == MONDAY_DEC_7
    assert reply(weekly) == f"✅ A-1 is done. Thank you! {NEXT}"
    assert weekly.emulator.messages(CASE)[-1].text.startswith("📌 A-2 Send the HMIS report")


def test_done_late_skips_to_an_occurrence_still_ahead(weekly: Harness) -> None:
    weekly.clock.now = datetime(2026, 12, 15, 15, 0, tzinfo=UTC)  # a Tuesday, two weeks late
    weekly.command("done A-1", user=JOE)
    assert weekly.item(2).due_at == datetime(2026, 12, 21, 22, 0, tzinfo=UTC)


def test_done_from_home_shows_the_next_one_there(weekly: Harness) -> None:
    open_home(weekly, JOE)
    weekly.emulator.click_view(home_of(weekly, JOE), ActionId.ITEM_DONE, user=JOE)
    weekly.settle()
    view = home_of(weekly, JOE).view
    assert view["blocks"][1]["text"]["text"] == f"✅ A-1 is done. Thank you! {NEXT}"
    assert "*A-2* Send the HMIS report" in str(view["blocks"])


def test_dropping_ends_the_series(weekly: Harness) -> None:
    weekly.command("drop A-1")
    with weekly.database() as session:
        from storage.actions import all_items

        assert [item.code for item in all_items(session, team_id=TEAM)] == ["A-1"]


def test_a_series_keeps_its_time_of_day(backbone: Harness) -> None:
    backbone.command("Stand-up notes every weekday at 9am", user=JOE)  # Los Angeles
    assert backbone.item(1).due_at == datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    backbone.clock.now = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    backbone.command("done A-1", user=JOE)
    assert (backbone.item(2).due_at, backbone.item(2).due_all_day) == (
        datetime(2026, 11, 26, 17, 0, tzinfo=UTC),
        False,
    )


# --- the note to the person who asked ---


def test_the_creator_is_told_with_the_closing_note(backbone: Harness) -> None:
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.emulator.clear_calls()
    backbone.command("done A-1 3 beds held\nuntil Monday", user=JOE)
    assert backbone.dms(MARIA) == [
        "✅ You asked for *A-1* Call the shelter: <@UJOE> marked it done.\n"
        "> 3 beds held\n> until Monday"
    ]


def test_closing_your_own_request_sends_no_note(backbone: Harness) -> None:
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.command("done A-1")
    assert backbone.dms(MARIA) == []


def test_a_creator_who_also_owns_it_gets_no_note(backbone: Harness) -> None:
    # PRODUCT.md: the creator is told only when they are not an owner; the channel post shows it.
    backbone.command("Call the shelter <@UJOE> <@UMARIA>")
    backbone.emulator.click(backbone.emulator.messages(CASE)[-1], ActionId.ITEM_DONE, user=JOE)
    backbone.settle()
    assert backbone.dms(MARIA) == []
    assert backbone.dms(JOE) == []


def test_a_note_that_cannot_be_delivered_changes_nothing_else(backbone: Harness) -> None:
    backbone.command("Call the shelter <@UPAT>")
    backbone.emulator.fail_next("chat.postMessage", status=200, error="channel_not_found")
    backbone.command("done A-1", user=PAT)
    assert backbone.item(1).status == Status.DONE
    assert reply(backbone) == "✅ A-1 is done. Thank you!"
