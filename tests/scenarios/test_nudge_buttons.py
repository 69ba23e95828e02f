"""The buttons on a reminder DM, and people leaving Slack."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.ids import ActionId, BlockId, SnoozeChoice
from storage.models import Status
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness

LA = ZoneInfo("America/Los_Angeles")
THURSDAY_9_LA = datetime(2026, 11, 26, 9, 0, tzinfo=LA).astimezone(UTC)


@pytest.fixture
def reminded(backbone: Harness) -> Harness:
    """Joe owes A-1 by Friday and has had Thursday's reminder."""
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.tick(THURSDAY_9_LA)
    return backbone


def dm(backbone: Harness, user: str = JOE):
    return backbone.emulator.messages(user)[-1]


def reply(backbone: Harness) -> str:
    return str(backbone.last_response()["text"])


def test_done_from_the_dm_closes_the_item_and_updates_the_channel_post(reminded: Harness) -> None:
    reminded.emulator.click(dm(reminded), ActionId.ITEM_DONE, user=JOE)
    reminded.settle()
    assert reminded.item(1).status == Status.DONE
    assert reminded.emulator.messages(CASE)[-1].text == "✅ A-1 Call the shelter — done by <@UJOE>"


def test_snooze_from_the_dm(reminded: Harness) -> None:
    reminded.emulator.click(
        dm(reminded),
        ActionId.ITEM_SNOOZE,
        user=JOE,
        selected_option_value=f"1:{SnoozeChoice.NEXT_WEEK}",
    )
    reminded.settle()
    assert reminded.item(1).snoozed_until == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert reply(reminded) == "😴 Reminders about A-1 are paused until Mon Nov 30."


def test_snooze_to_a_picked_date_opens_a_modal_and_checks_the_date(reminded: Harness) -> None:
    reminded.emulator.click(
        dm(reminded), ActionId.ITEM_SNOOZE, user=JOE, selected_option_value=f"1:{SnoozeChoice.PICK}"
    )
    reminded.settle()
    (modal,) = reminded.emulator.views(JOE)
    assert modal.view["title"]["text"] == "Snooze A-1"
    answer = reminded.emulator.submit_view(
        modal.id, {BlockId.SNOOZE_DATE: {ActionId.SNOOZE_DATE_PICKED: "2026-11-20"}}, user=JOE
    )
    assert answer.json == {
        "response_action": "errors",
        "errors": {BlockId.SNOOZE_DATE: "Pick a day after today."},
    }
    assert reminded.item(1).snoozed_until is None
    answer = reminded.emulator.submit_view(
        modal.id, {BlockId.SNOOZE_DATE: {ActionId.SNOOZE_DATE_PICKED: "2026-12-03"}}, user=JOE
    )
    assert answer.status == 200 and not answer.json
    # The start of Thursday Dec 3 in Los Angeles.
    assert reminded.item(1).snoozed_until == datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert dm(reminded).text == "😴 Reminders about A-1 are paused until Thu Dec 3."


def test_snooze_picker_refuses_someone_who_may_not_change_the_item(reminded: Harness) -> None:
    message = reminded.emulator.messages(CASE)[-1]
    reminded.emulator.click(
        message, ActionId.ITEM_SNOOZE, user=PAT, selected_option_value=f"1:{SnoozeChoice.TOMORROW}"
    )
    reminded.settle()
    assert "Only the owners of A-1" in reply(reminded)
    assert reminded.item(1).snoozed_until is None


def test_need_help_asks_in_the_items_thread_once(reminded: Harness) -> None:
    reminded.emulator.click(dm(reminded), ActionId.ITEM_NEED_HELP, user=JOE)
    reminded.settle()
    item = reminded.item(1)
    (asked,) = reminded.emulator.messages(CASE, thread_ts=item.announce_ts)
    assert asked.text == (
        "🙋 <@UJOE> could use a hand with *A-1* Call the shelter. "
        "Can someone help? Reply in this thread."
    )
    assert (item.needs_help, item.help_requested_at) == (True, THURSDAY_9_LA)
    assert reply(reminded) == "🙋 I asked in <#CCASE> for someone to help with A-1."
    reminded.emulator.click(dm(reminded), ActionId.ITEM_NEED_HELP, user=JOE)
    reminded.settle()
    assert len(reminded.emulator.messages(CASE, thread_ts=item.announce_ts)) == 1
    assert reply(reminded).startswith("Help with A-1 was already asked for")


def test_need_help_in_an_archived_channel_says_what_to_do_instead(reminded: Harness) -> None:
    reminded.emulator.state.channels[CASE].is_archived = True
    reminded.emulator.click(dm(reminded), ActionId.ITEM_NEED_HELP, user=JOE)
    reminded.settle()
    assert reply(reminded).startswith("I couldn't post in <#CCASE>")
    assert reminded.item(1).help_requested_at is None


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        ({"status": 200, "error": "not_in_channel"}, "it may be archived, or I'm not in it"),
        ({"reset": True, "times": 3}, "Slack didn't answer in time"),  # more than the retries
    ],
)
def test_need_help_that_cannot_be_posted_says_why_and_what_to_do(
    reminded: Harness, fault: dict[str, object], why: str
) -> None:
    reminded.emulator.fail_next("chat.postMessage", **fault)  # type: ignore[arg-type]
    reminded.emulator.click(dm(reminded), ActionId.ITEM_NEED_HELP, user=JOE)
    reminded.settle()
    assert reply(reminded) == (
        f"I couldn't post in <#CCASE> ({why}). You could ask <@UMARIA> directly, "
        "or try again in a minute."
    )
    assert reminded.item(1).help_requested_at is None


def test_user_change_deactivation_flags_items_and_stops_reminders(reminded: Harness) -> None:
    user = {
        "id": JOE,
        "team_id": TEAM,
        "name": "joe",
        "deleted": True,
        "tz": "America/Los_Angeles",
        "is_bot": False,
    }
    reminded.emulator.send_event({"type": "user_change", "user": user, "event_ts": "1.1"})
    reminded.settle()
    assert reminded.item(1).needs_owner is True
    reminded.tick(datetime(2026, 11, 27, 17, 30, tzinfo=UTC))
    assert len(reminded.dms(JOE)) == 1  # only Thursday's, from before
    told = reminded.dms(MARIA)
    assert told == [
        "<@UJOE> can no longer be reached in Slack, so *A-1* Call the shelter needs "
        "a new owner. Use /action assign A-1 @someone to hand it over."
    ]


def test_update_from_the_dm_opens_the_items_form(reminded: Harness) -> None:
    reminded.emulator.click(dm(reminded), ActionId.ITEM_UPDATE, user=JOE)
    reminded.settle()
    (form,) = reminded.emulator.views(JOE)
    assert form.view["title"]["text"] == "Edit A-1"


def test_update_from_the_dm_is_refused_to_others(reminded: Harness) -> None:
    message = dm(reminded)
    reminded.emulator.click(message, ActionId.ITEM_UPDATE, user=JOE)
    reminded.settle()
    reminded.command("assign A-1 <@UPAT>")  # Maria gives the item to Pat; Joe is no owner now
    reminded.emulator.click(message, ActionId.ITEM_UPDATE, user=JOE)
    reminded.settle()
    assert "Only the owners of A-1" in reply(reminded)


def test_the_creator_hears_once_that_help_was_asked_for(reminded: Harness) -> None:
    reminded.emulator.click(dm(reminded), ActionId.ITEM_NEED_HELP, user=JOE)
    reminded.settle()
    reminded.tick(datetime(2026, 11, 27, 17, 30, tzinfo=UTC))
    reminded.tick(datetime(2026, 12, 8, 17, 30, tzinfo=UTC))  # past the third overdue reminder
    assert reminded.dms(MARIA) == [
        "<@UJOE> asked <#CCASE> for a hand with *A-1* Call the shelter. It is listed under "
        "*Needs help* in the digest. You may know who can help."
    ]
