"""`/action` commands that cannot become junk: suggestions, several codes, other channels' lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.slack import blocks
from storage.models import Status
from tests.support.harness import ADMIN, JOE, MARIA, PAT, Harness
from tests.support.records import all_items

HOUSING = "CHOUSING"


def notice(text: str) -> dict[str, object]:
    return {"text": text, "blocks": [blocks.mrkdwn(text)]}


def refusal(text: str) -> dict[str, object]:
    """A UserFacingError's answer, as the one error handler sends it."""
    return notice(text) | {"response_type": "ephemeral", "replace_original": False}


def listed(heading: str, lines: list[str]) -> dict[str, object]:
    return {
        "text": "\n".join([heading, *lines]),
        "blocks": [blocks.mrkdwn(f"*{heading}*"), *[blocks.mrkdwn(line) for line in lines]],
    }


FIND_CODES = (
    "Put the item's code after {verb}: `/action list` shows your items and their codes. "
    "Nothing was saved."
)
# fmt: off
JUNK = [
    # why: the code forgotten
    ("done", f"Did you mean `/action done A-12`? {FIND_CODES.format(verb='done')}"),
    # why: sent before the number was typed
    ("done A-", f"Did you mean `/action done A-12`? {FIND_CODES.format(verb='done')}"),
    # why: the code and the date forgotten
    ("snooze", "Did you mean `/action snooze A-12 next week`? "
               f"{FIND_CODES.format(verb='snooze')}"),
    # why: two letters swapped
    ("dnoe A-3", "Did you mean `/action done A-3`? Nothing was saved."),
    # why: one letter missing; the person stays named as typed
    ("asign A-1 <@UJOE|joe>", "Did you mean `/action assign A-1 @joe`? Nothing was saved."),
    # why: a channel name Slack did not turn into a link
    ("list #housing", "I couldn't tell which channel #housing is. Type `/action list #` and "
                      "pick the channel from the list Slack shows, so it arrives as a link. "
                      "Nothing was saved."),
    # why: a one-word "item" one letter from a command
    ("pack", "Did you mean `/action back`? Nothing was saved. "
             "To add “pack” as a new item, use a few more words."),
    # why: a list word after a typo
    ("lsit overdue", "Did you mean `/action list`? You can also use `/action list @name`, "
                     "`/action list channel`, `/action list #channel`, `/action list overdue` or "
                     "`/action list overdue all`. Nothing was saved."),
]
# fmt: on


@pytest.mark.parametrize(("text", "said"), JUNK)
def test_a_mistyped_command_is_suggested_and_stores_nothing(
    backbone: Harness, text: str, said: str
) -> None:
    backbone.command(text)
    assert backbone.last_response() == notice(said)
    assert all_items(backbone) == []
    assert backbone.emulator.calls("chat.postMessage") == []


def test_titles_that_begin_with_a_command_word_are_items(backbone: Harness) -> None:
    titles = [
        "Drop off the blankets at the shelter",
        "Due diligence on the landlord",
        "List the open beds by Friday",
        "Edit the flyer",
        "Back up the HMIS export",
        "Assign case managers to the new units",
        "Done-in-a-day training signup",
    ]
    for title in titles:
        backbone.command(title)
    expected = [title.removesuffix(" by Friday") for title in titles]
    assert [item.title for item in all_items(backbone)] == expected


@pytest.fixture
def three_items(backbone: Harness) -> Harness:
    """A-1 and A-2 are Joe's (Maria asked), A-3 is Pat's own."""
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.command("Send the bed list <@UJOE>")
    backbone.command("Book the room", user=PAT)
    backbone.emulator.clear_calls()
    return backbone


def test_done_with_several_codes_closes_each(three_items: Harness) -> None:
    three_items.command("done A-1 A-2", user=JOE)
    assert three_items.last_response() == notice(
        "✅ A-1 is done. Thank you!\n✅ A-2 is done. Thank you!"
    )
    statuses = [item.status for item in all_items(three_items)]
    assert statuses == [Status.DONE, Status.DONE, Status.OPEN]
    assert [call["ts"] for call in three_items.emulator.calls("chat.update")] == [
        three_items.item(1).announce_ts,
        three_items.item(2).announce_ts,
    ]


def test_several_codes_say_what_changed_and_what_could_not(three_items: Harness) -> None:
    three_items.command("drop A-1, A-3, A-99")  # Maria asked for A-1; A-3 is Pat's; no A-99
    assert three_items.last_response() == notice(
        "A-1 is dropped. Nobody will be reminded about it.\n"
        "*Not changed (2):*\n"
        "• A-3: only its owners, the person who asked for it, or a workspace admin can change it.\n"
        "• A-99: there is no item with that code in this workspace."
    )
    statuses = [item.status for item in all_items(three_items)]
    assert statuses == [Status.DROPPED, Status.OPEN, Status.OPEN]


def test_snooze_several_with_one_date(three_items: Harness) -> None:
    three_items.command("snooze A-1 A-2 next week", user=JOE)
    # Joe is in Los Angeles: reminders may start again when Monday Nov 30 begins there.
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert [three_items.item(n).snoozed_until for n in (1, 2, 3)] == [monday, monday, None]
    assert three_items.last_response() == notice(
        "😴 Reminders about A-1 are paused until Mon Nov 30.\n"
        "😴 Reminders about A-2 are paused until Mon Nov 30."
    )


def test_nothing_changed_of_several_says_so(three_items: Harness) -> None:
    three_items.command("done A-1 A-2", user=PAT)
    reason = "only its owners, the person who asked for it, or a workspace admin can change it."
    assert three_items.last_response() == notice(
        f"*Nothing was changed:*\n• A-1: {reason}\n• A-2: {reason}"
    )
    assert [item.status for item in all_items(three_items)] == [Status.OPEN] * 3


def test_list_of_another_channel(backbone: Harness) -> None:
    backbone.emulator.add_channel(HOUSING, "housing-partners", members=(MARIA, JOE))
    backbone.command("Call the landlord about unit 5", channel=HOUSING)
    backbone.command("Send the bed list")  # A-2, here in case conferencing
    backbone.command("list <#CHOUSING|housing-partners>")
    assert backbone.last_response() == listed(
        "Open items in <#CHOUSING> (1)",
        ["*A-1* Call the landlord about unit 5 — <@UMARIA> · <#CHOUSING>"],
    )
    backbone.command("list <#CEMPTY|empty>")
    assert backbone.last_response() == notice("<#CEMPTY> has no open items.")


@pytest.fixture
def overdue_in_two_channels(backbone: Harness) -> Harness:
    """A-1 overdue here, A-2 overdue in housing, A-3 not yet due."""
    backbone.emulator.add_channel(HOUSING, "housing-partners", members=(MARIA, JOE))
    backbone.command("Call the shelter by Wednesday")
    backbone.command("Renew the lease <@UJOE> by Wednesday", channel=HOUSING)
    backbone.command("Book the room by Dec 10")
    backbone.clock.now = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    return backbone


OVERDUE_ALL = [
    "*A-1* Call the shelter — <@UMARIA> · due Wed Nov 25 · ⚠️ overdue · <#CCASE>",
    "*A-2* Renew the lease — <@UJOE> · due Wed Nov 25 · ⚠️ overdue · <#CHOUSING>",
]


def test_an_admin_lists_everything_overdue(overdue_in_two_channels: Harness) -> None:
    overdue_in_two_channels.command("list overdue all", user=ADMIN)
    assert overdue_in_two_channels.last_response() == listed(
        "Overdue items in every channel (2)", OVERDUE_ALL
    )


def test_others_are_told_kindly_who_can(overdue_in_two_channels: Harness) -> None:
    overdue_in_two_channels.command("list overdue all", user=JOE)
    assert overdue_in_two_channels.last_response() == notice(
        "Only coordinators can see what is overdue in every channel: workspace admins, and people "
        "a coordinator names with `/action coordinators add @name`. You can see what is overdue "
        "here with `/action list overdue`, and your own items with `/action list`."
    )


def test_a_named_coordinator_lists_everything_overdue(overdue_in_two_channels: Harness) -> None:
    backbone = overdue_in_two_channels
    backbone.command("coordinators add <@UPAT|pat>", user=ADMIN)
    assert backbone.last_response() == notice(
        "<@UPAT> is now a coordinator: they can use `/action list overdue all`."
    )
    backbone.command("list overdue all", user=PAT)
    assert backbone.last_response() == listed("Overdue items in every channel (2)", OVERDUE_ALL)
    backbone.clock.now += timedelta(minutes=5)
    backbone.command("coordinators add <@UJOE|joe>", user=PAT)  # a coordinator names another
    backbone.command("coordinators", user=MARIA)
    assert backbone.last_response() == notice(
        "Coordinators: <@UPAT>, <@UJOE>. Workspace admins are coordinators too. Coordinators can "
        "see what is overdue in every channel with `/action list overdue all`, and name others "
        "with `/action coordinators add @name`."
    )
    backbone.command("coordinators remove <@UPAT|pat>", user=JOE)
    assert backbone.last_response() == notice("<@UPAT> is no longer a named coordinator.")
    backbone.command("list overdue all", user=PAT)
    assert backbone.last_response()["text"].startswith("Only coordinators can see")


def test_only_coordinators_name_coordinators(backbone: Harness) -> None:
    backbone.command("coordinators add <@UJOE|joe>", user=JOE)
    assert backbone.last_response() == refusal(
        "Only coordinators (workspace admins, and people they name) can change who is a "
        "coordinator. Nothing was changed. `/action coordinators` shows who they are."
    )
    backbone.command("coordinators", user=JOE)
    assert backbone.last_response()["text"].startswith("Nobody has been named a coordinator yet.")


def test_a_deactivated_person_cannot_be_a_coordinator(backbone: Harness) -> None:
    backbone.command("coordinators add <@UGONE|gone>", user=ADMIN)
    assert backbone.last_response() == refusal(
        "<@UGONE>'s account is deactivated, so they can't own an item. Pick someone else."
    )
