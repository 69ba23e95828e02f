"""Changing items: subcommands, buttons, and who may use them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ids import ActionId
from bot.messages.items import closed_announcement
from bot.slack.render import render_message
from storage.models import Status
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, Harness


@pytest.fixture
def item_for_joe(backbone: Harness) -> Harness:
    """Maria asks Joe to call the shelter by Friday: A-1."""
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.emulator.clear_calls()
    return backbone


def reply(backbone: Harness) -> str:
    return str(backbone.last_response()["text"])


@pytest.mark.parametrize("who", [JOE, MARIA, ADMIN], ids=["owner", "creator", "admin"])
def test_done_by_owner_creator_or_admin(item_for_joe: Harness, who: str) -> None:
    backbone = item_for_joe
    backbone.command("done A-1 3 beds held until Monday", user=who)
    item = backbone.item(1)
    assert (item.status, item.note, item.done_at) == (
        Status.DONE,
        "3 beds held until Monday",
        backbone.clock.now,
    )
    assert reply(backbone) == "✅ A-1 is done. Thank you!"
    update = backbone.emulator.calls("chat.update")
    assert update == [
        {
            "channel": CASE,
            "ts": item.announce_ts,
            "team_id": backbone.emulator.state.team_id,
            **render_message(closed_announcement(item, by=who)),
        }
    ]


def test_anyone_else_is_told_who_can_and_nothing_changes(item_for_joe: Harness) -> None:
    backbone = item_for_joe
    changes = ("done A-1", "drop A-1", "snooze A-1 tomorrow", "due A-1 Dec 5", "assign A-1 <@UPAT>")
    for text in changes:
        backbone.command(text, user=PAT)
        assert "Only the owners of A-1, the person who asked for it, or a workspace admin" in reply(
            backbone
        )
    item = backbone.item(1)
    assert (item.status, item.owner_ids, item.snoozed_until) == (Status.OPEN, [JOE], None)
    assert backbone.emulator.calls("chat.update") == []


def test_drop(item_for_joe: Harness) -> None:
    item_for_joe.command("drop a-1")
    assert item_for_joe.item(1).status == Status.DROPPED
    assert reply(item_for_joe) == "A-1 is dropped. Nobody will be reminded about it."


def test_a_closed_item_cannot_be_closed_again(item_for_joe: Harness) -> None:
    item_for_joe.command("done A-1", user=JOE)
    item_for_joe.command("drop A-1")
    assert reply(item_for_joe) == "A-1 is already done, so nothing was changed."
    assert item_for_joe.item(1).status == Status.DONE


def test_snooze_reads_the_date_in_the_invokers_zone(item_for_joe: Harness) -> None:
    item_for_joe.command("snooze A-1 next week", user=JOE)
    # Joe is in Los Angeles: reminders may start again when Monday Nov 30 begins there.
    assert item_for_joe.item(1).snoozed_until == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert reply(item_for_joe) == "😴 Reminders about A-1 are paused until Mon Nov 30."


def test_due_changes_and_clears(item_for_joe: Harness) -> None:
    item_for_joe.command("due A-1 Dec 5 at 2pm")
    item = item_for_joe.item(1)
    assert (item.due_at, item.due_all_day) == (datetime(2026, 12, 5, 19, 0, tzinfo=UTC), False)
    assert reply(item_for_joe).startswith("📅 A-1 is now due <!date^")
    post = item_for_joe.emulator.calls("chat.update")[-1]
    assert post["text"].startswith("📌 A-1 Call the shelter")
    item_for_joe.command("due A-1 none")
    assert item_for_joe.item(1).due_at is None
    assert reply(item_for_joe) == "📅 A-1 no longer has a due date."


def test_assign_hands_the_item_over(item_for_joe: Harness) -> None:
    item_for_joe.command("assign A-1 <@UPAT|pat> <@UMARIA>")
    assert item_for_joe.item(1).owner_ids == [PAT, MARIA]
    assert reply(item_for_joe) == "👥 A-1 now belongs to <@UPAT>, <@UMARIA>."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("done A-99", "I couldn't find A-99 in this workspace."),  # why: no such item
        ("snooze A-1", "When? Add a date, like: /action snooze A-1 next week"),  # why: no date
        ("due A-1 someday", "couldn't read"),  # why: not a date
        ("due A-1 2020-01-01", "past"),  # why: the past is refused
        ("assign A-1", "Who should own A-1?"),  # why: nobody named
        ("assign A-1 <!here>", "not @here"),  # why: a group is not an owner
        ("assign A-1 <@UGONE>", "deactivated"),  # why: a deactivated person cannot own it
    ],
)
def test_bad_changes_are_explained_and_change_nothing(
    item_for_joe: Harness, text: str, expected: str
) -> None:
    item_for_joe.command(text)
    assert expected.lower() in reply(item_for_joe).lower()
    item = item_for_joe.item(1)
    assert (item.status, item.owner_ids, item.snoozed_until) == (Status.OPEN, [JOE], None)
    assert item.due_at == datetime(2026, 11, 27, 22, 0, tzinfo=UTC)


def test_the_done_button_closes_the_item_and_updates_the_post(item_for_joe: Harness) -> None:
    message = item_for_joe.emulator.messages(CASE)[-1]
    item_for_joe.emulator.click(message, ActionId.ITEM_DONE, user=JOE)
    item_for_joe.settle()
    item = item_for_joe.item(1)
    assert item.status == Status.DONE
    post = item_for_joe.emulator.messages(CASE)[-1]
    assert post.text == "✅ A-1 Call the shelter — done by <@UJOE>"
    assert reply(item_for_joe) == "✅ A-1 is done. Thank you!"
    assert item_for_joe.last_response()["replace_original"] is False


def test_the_done_button_refuses_a_stranger(item_for_joe: Harness) -> None:
    message = item_for_joe.emulator.messages(CASE)[-1]
    item_for_joe.emulator.click(message, ActionId.ITEM_DONE, user=PAT)
    item_for_joe.settle()
    assert item_for_joe.item(1).status == Status.OPEN
    assert "Only the owners of A-1" in reply(item_for_joe)
    assert item_for_joe.emulator.messages(CASE)[-1].text.startswith("📌 A-1")


def test_the_snooze_menu_pauses_reminders(item_for_joe: Harness) -> None:
    message = item_for_joe.emulator.messages(CASE)[-1]
    item_for_joe.emulator.click(
        message, ActionId.ITEM_SNOOZE, user=JOE, selected_option_value="1:tomorrow"
    )
    item_for_joe.settle()
    # Tomorrow, as it begins in Los Angeles.
    assert item_for_joe.item(1).snoozed_until == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert reply(item_for_joe) == "😴 Reminders about A-1 are paused until Wed Nov 25."


def test_history_records_who_did_what(item_for_joe: Harness) -> None:
    item_for_joe.command("snooze A-1 tomorrow", user=JOE)
    item_for_joe.command("assign A-1 <@UPAT>")
    item_for_joe.command("done A-1", user=PAT)
    from storage.actions import history
    from storage.db import make_engine, make_session_factory, transaction

    engine = make_engine(item_for_joe.database_url)
    with transaction(make_session_factory(engine)) as session:
        events = [(e.kind, e.actor_id) for e in history(session, item=item_for_joe.item(1))]
    engine.dispose()
    assert events == [("created", MARIA), ("snoozed", JOE), ("reassigned", MARIA), ("done", PAT)]
