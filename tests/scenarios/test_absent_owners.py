"""An owner who is not in the channel: the item's post says so, once."""

from __future__ import annotations

import base64

from bot.messages.items import announcement
from bot.slack import blocks
from bot.slack.render import render_message
from tests.support.harness import JOE, MARIA, PAT, TEAM, Harness

HOUSING = "CHOUSING"
NOTE = (
    "<@UJOE> is not in this channel, so they may not see this here; they will get reminders by DM."
)


def cursor(user_id: str) -> str:
    return base64.b64encode(f"user:{user_id}".encode()).decode()


def posted(backbone: Harness) -> list[dict[str, object]]:
    return [
        {key: call[key] for key in ("channel", "text", "blocks")}
        for call in backbone.emulator.calls("chat.postMessage")
    ]


def announced(backbone: Harness, number: int, note: str | None) -> dict[str, object]:
    message = render_message(announcement(backbone.item(number)))
    if note is not None:
        message["blocks"].append(blocks.context(f"👋 {note}"))
        message["text"] += f". {note}"
    return {"channel": HOUSING, **message}


def test_the_post_names_an_owner_who_is_not_in_the_channel(backbone: Harness) -> None:
    backbone.emulator.add_channel(HOUSING, "housing-partners", members=(MARIA, PAT))
    backbone.command("Call the landlord about unit 5 <@UJOE> <@UPAT> by Friday", channel=HOUSING)
    item = backbone.item(1)
    assert posted(backbone) == [announced(backbone, 1, NOTE)]
    assert posted(backbone)[0]["text"] == (
        "📌 A-1 Call the landlord about unit 5 — <@UJOE>, <@UPAT> · due Fri Nov 27. " + NOTE
    )
    # Once: when the item changes, its post shows the item, not the note again.
    backbone.command("snooze A-1 tomorrow", user=JOE)  # from a channel Joe is in
    updates = backbone.emulator.calls("chat.update")
    assert [(u["ts"], u["text"]) for u in updates] == [
        (item.announce_ts, render_message(announcement(backbone.item(1)))["text"])
    ]


def test_two_absent_owners_are_named_together(backbone: Harness) -> None:
    backbone.emulator.add_channel(HOUSING, "housing-partners", members=(MARIA,))
    backbone.command("Renew the lease <@UJOE> <@UPAT>", channel=HOUSING)
    note = (
        "<@UJOE> and <@UPAT> are not in this channel, so they may not see this here; "
        "they will get reminders by DM."
    )
    assert posted(backbone) == [announced(backbone, 1, note)]


def test_owners_found_on_a_later_page_are_in_the_channel(backbone: Harness) -> None:
    # 450 people before Pat: Slack gives them in pages, and Pat is on the third.
    crowd = [f"UA{n:04d}" for n in range(450)]
    backbone.emulator.add_channel(HOUSING, "housing-partners", members=(*crowd, MARIA, PAT))
    backbone.command("Book the room <@UPAT>", channel=HOUSING)
    assert posted(backbone) == [announced(backbone, 1, None)]
    asked = backbone.emulator.calls("conversations.members")
    pages = [None, cursor("UA0200"), cursor("UA0400")]
    assert [call.get("cursor") for call in asked] == pages
    assert {call["channel"] for call in asked} == {HOUSING}


def test_everyone_here_means_no_note(backbone: Harness) -> None:
    backbone.command("Call the shelter <@UJOE> by Friday")
    assert [call["text"] for call in backbone.emulator.calls("chat.postMessage")] == [
        "📌 A-1 Call the shelter — <@UJOE> · due Fri Nov 27"
    ]


def test_a_channel_slack_will_not_describe_gets_no_note(backbone: Harness) -> None:
    backbone.emulator.fail_next("conversations.members", error="fetch_members_failed")
    backbone.command("Call the shelter <@UJOE> by Friday")
    assert [call["text"] for call in backbone.emulator.calls("chat.postMessage")] == [
        "📌 A-1 Call the shelter — <@UJOE> · due Fri Nov 27"
    ]
    assert backbone.item(1).team_id == TEAM


def test_an_item_for_whoever_typed_it_asks_slack_nothing_about_the_channel(
    backbone: Harness,
) -> None:
    # Maria typed the command in this channel, so she is in it: there is nobody to look for.
    backbone.emulator.add_channel(HOUSING, "housing-partners", members=(MARIA,))
    backbone.command("Call the shelter by Friday", channel=HOUSING)
    assert backbone.emulator.calls("conversations.members") == []
    assert posted(backbone) == [announced(backbone, 1, None)]
    assert posted(backbone)[0]["text"] == "📌 A-1 Call the shelter — <@UMARIA> · due Fri Nov 27"


def test_whoever_typed_it_and_an_absent_owner_still_get_the_note(backbone: Harness) -> None:
    backbone.emulator.add_channel(HOUSING, "housing-partners", members=(MARIA, PAT))
    backbone.command("Call the landlord <@UMARIA> <@UJOE>", channel=HOUSING)
    assert [call["channel"] for call in backbone.emulator.calls("conversations.members")] == [
        HOUSING
    ]
    assert posted(backbone) == [announced(backbone, 1, NOTE)]
