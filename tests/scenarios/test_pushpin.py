""":pushpin: on a message makes it an action item, once, answered in the message's thread."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ids import ActionId, CallbackId, ItemField
from bot.messages import capture as words
from bot.slack import blocks
from bot.slack.render import render_message
from handlers.slack.pushpin import UNREADABLE
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.records import all_items, claimed_events, history

ASK = "<@UPAT> please call the landlord about unit 12 by Friday"
FRIDAY_LOS_ANGELES = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # Joe wrote it: his Friday, 17:00


def expected_reply(backbone: Harness, reactor: str) -> dict[str, object]:
    [item] = all_items(backbone)
    reply = words.capture_reply(
        words.pushpin_heading(reactor), [item], [], skipped=None, now=backbone.clock.now
    )
    return render_message(words.with_owner_button(reply, item))


def test_a_pinned_message_becomes_an_item_owned_by_who_it_mentions(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=ASK)
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()

    [item] = all_items(backbone)
    link = f"https://sandbox.slack.com/archives/{CASE}/p{message.ts.replace('.', '')}"
    assert (item.title, item.owner_ids, item.creator_id, item.due_at) == (
        "please call the landlord about unit 12",
        [PAT],
        MARIA,  # who pinned it asked for it
        FRIDAY_LOS_ANGELES,
    )
    assert (item.channel_id, item.source_channel, item.source_ts, item.source_url) == (
        CASE,
        CASE,
        message.ts,
        link,
    )
    assert history(backbone, 1) == [("created", MARIA, {"via": "pushpin", "line": ASK})]
    assert backbone.emulator.calls("conversations.history") == [
        {"channel": CASE, "latest": message.ts, "inclusive": "1", "limit": "1", "team_id": TEAM}
    ]
    assert backbone.emulator.calls("chat.postMessage") == [
        {
            "channel": CASE,
            "thread_ts": message.ts,
            "team_id": TEAM,
            **expected_reply(backbone, MARIA),
        }
    ]


def test_with_no_mention_the_author_owns_it(backbone: Harness) -> None:
    message = backbone.emulator.post_message(
        user=JOE, channel=CASE, text="I'll bring the sign-in sheets"
    )
    backbone.emulator.react(user=ADMIN, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    assert [(i.owner_ids, i.creator_id) for i in all_items(backbone)] == [([JOE], ADMIN)]


def test_a_pinned_thread_reply_is_read_from_its_thread(backbone: Harness) -> None:
    root = backbone.emulator.post_message(
        user=MARIA, channel=CASE, text="Who can help with unit 12?"
    )
    answer = backbone.emulator.post_message(
        user=JOE, channel=CASE, text="I can call the landlord tomorrow", thread_ts=root.ts
    )
    backbone.emulator.react(user=MARIA, channel=CASE, ts=answer.ts, name="pushpin")
    backbone.settle()
    assert [(i.title, i.owner_ids, i.source_ts) for i in all_items(backbone)] == [
        ("I can call the landlord", [JOE], answer.ts)
    ]
    assert backbone.emulator.calls("conversations.replies") == [
        {
            "channel": CASE,
            "ts": answer.ts,
            "latest": answer.ts,
            "oldest": answer.ts,
            "inclusive": "1",
            "limit": "2",
            "team_id": TEAM,
        }
    ]
    assert backbone.emulator.calls("chat.postMessage")[0]["thread_ts"] == root.ts


def test_a_message_is_pinned_into_an_item_once(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=ASK)
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    calls = backbone.emulator.calls()
    backbone.emulator.react(user=PAT, channel=CASE, ts=message.ts, name="pushpin")
    backbone.emulator.unreact(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    assert [i.code for i in all_items(backbone)] == ["A-1"]
    assert backbone.emulator.calls() == calls


def test_a_retried_reaction_event_makes_one_item(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=ASK)
    event = {
        "type": "reaction_added",
        "user": MARIA,
        "reaction": "pushpin",
        "item_user": JOE,
        "item": {"type": "message", "channel": CASE, "ts": message.ts},
        "event_ts": "1795000002.000300",
    }
    backbone.emulator.fail_next("conversations.history", status=200, delay=0.2)
    backbone.emulator.send_event(event, event_id="EvPin")
    backbone.emulator.send_event(event, event_id="EvPin", retry_num=1)
    backbone.settle()
    assert [i.code for i in all_items(backbone)] == ["A-1"]
    assert (len(backbone.emulator.calls("chat.postMessage")), claimed_events(backbone)) == (1, 1)


def test_other_reactions_do_nothing(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=ASK)
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="round_pushpin")
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="eyes")
    backbone.settle()
    assert (backbone.emulator.calls(), all_items(backbone)) == ([], [])


def test_a_message_that_does_not_read_as_an_item_is_explained_to_the_reactor(
    backbone: Harness,
) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text="Call them due 13/45")
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    note = (
        "I couldn't make that message an action item: I couldn't read “13/45” as a date. "
        "Try “by Friday”, “due 12/5” or “2026-12-05”."
    )
    assert backbone.emulator.calls("chat.postEphemeral") == [
        {
            "channel": CASE,
            "user": MARIA,
            "team_id": TEAM,
            **blocks.notice(note),
        }
    ]
    assert all_items(backbone) == []


def test_when_slack_will_not_show_the_message_the_reactor_is_told(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=ASK)
    backbone.emulator.fail_next("conversations.history", error="ratelimited")
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    assert [e.text for e in backbone.emulator.ephemerals(MARIA)] == [UNREADABLE]
    assert all_items(backbone) == []


def test_when_the_reactor_cannot_be_told_in_the_channel_they_get_a_dm(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=ASK)
    backbone.emulator.fail_next("conversations.history", error="ratelimited")
    backbone.emulator.fail_next("chat.postEphemeral", error="user_not_in_channel")
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    assert [m.text for m in backbone.emulator.messages(MARIA)] == [UNREADABLE]


def test_pinning_notes_whose_lines_were_captured_adds_nothing(backbone: Harness) -> None:
    notes = backbone.emulator.post_message(user=MARIA, channel=CASE, text="ACTION: call the VA")
    backbone.settle()
    backbone.emulator.clear_calls()
    backbone.emulator.react(user=JOE, channel=CASE, ts=notes.ts, name="pushpin")
    backbone.settle()
    assert [i.code for i in all_items(backbone)] == ["A-1"]
    assert backbone.emulator.calls() == []


def test_editing_a_pinned_message_updates_its_item_and_reply(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=ASK)
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    [reply] = backbone.emulator.messages(CASE, thread_ts=message.ts)
    backbone.emulator.clear_calls()
    backbone.emulator.edit_message(
        user=JOE, channel=CASE, ts=message.ts, text=ASK.replace("unit 12", "unit 14")
    )
    backbone.settle()
    assert backbone.item(1).title == "please call the landlord about unit 14"
    assert [kind for kind, _, _ in history(backbone, 1)] == ["created", "source_edited"]
    assert backbone.emulator.calls("chat.update") == [
        {"channel": CASE, "ts": reply.ts, "team_id": TEAM, **expected_reply(backbone, MARIA)}
    ]


def test_pinning_backbones_own_post_does_nothing(backbone: Harness) -> None:
    backbone.command("Call the shelter <@UJOE> by Friday")
    [announcement] = backbone.emulator.messages(CASE)
    backbone.emulator.clear_calls()
    backbone.emulator.react(user=MARIA, channel=CASE, ts=announcement.ts, name="pushpin")
    backbone.settle()
    assert [i.code for i in all_items(backbone)] == ["A-1"]
    assert backbone.emulator.calls() == []


def test_an_apps_message_is_owned_by_who_pinned_it(backbone: Harness) -> None:
    message = backbone.emulator.post_message(
        user=JOE, channel=CASE, text="Call the landlord about unit 12", send=False
    )
    posted = backbone.emulator.state.find_message(CASE, message.ts)
    assert posted is not None
    posted.bot_id = "BFORMS"  # another app posted it, under Joe's name
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    assert [(i.title, i.owner_ids, i.creator_id) for i in all_items(backbone)] == [
        ("Call the landlord about unit 12", [MARIA], MARIA)
    ]
    assert JOE not in [call["user"] for call in backbone.emulator.calls("users.info")]


# The date is left out here: how "Thursday," is read belongs to the date tests, not to owners.
PROMISE = "I can drive Mr. A to the DMV, <@UPAT> can you confirm"


def test_a_writers_own_promise_is_theirs(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=PROMISE)
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    [item] = all_items(backbone)
    assert (item.owner_ids, item.creator_id) == ([JOE, PAT], MARIA)
    [reply] = backbone.emulator.messages(CASE, thread_ts=message.ts)
    assert reply.text == (
        "📌 <@UMARIA> made this message an action item:\n"
        "📌 *A-1* I can drive Mr. A to the DMV, <@UPAT> can you confirm — <@UJOE>, <@UPAT>\n"
        "🗓️ No due date on A-1: owners get a weekly check-in instead. "
        "Add one with `/action due A-1 Friday`\n"
        "Not the right owners? Use Change owners."
    )


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        # why: the promise as people write it, with someone asked to confirm
        ("I can drive Mr. A to the DMV Thursday, <@UPAT> can you confirm", [JOE, PAT]),
        ("I'll bring the sign-in sheets <@UPAT>", [JOE, PAT]),  # why: "I'll" and a cc
        ("Sure, I can take the intake calls this week", [JOE]),  # why: a promise after "Sure,"
        ("let me check with HUD about the voucher by Friday", [JOE]),  # why: "let me"
        ("I'm going to call the landlord <@UPAT> tomorrow", [JOE, PAT]),  # why: "I'm going to"
        ("<@UPAT> can you call the landlord by Friday", [PAT]),  # why: a request of others
        ("<@UPAT> let me know if you can call the landlord", [PAT]),  # why: "let me know" asks
        ("I can't make it, <@UPAT> can you call the landlord", [PAT]),  # why: a refusal
    ],
)
def test_who_owns_a_pinned_message(backbone: Harness, text: str, owners: list[str]) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=text)
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    assert [item.owner_ids for item in all_items(backbone)] == [owners]


def test_change_owners_opens_the_form_in_one_click(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=PROMISE)
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    [reply] = backbone.emulator.messages(CASE, thread_ts=message.ts)
    backbone.emulator.click(reply, ActionId.PIN_CHANGE_OWNERS, user=MARIA)
    backbone.settle()
    [opened] = backbone.emulator.calls("views.open")
    view = opened["view"]
    owners = next(b for b in view["blocks"] if b.get("block_id") == ItemField.OWNERS)
    assert (view["callback_id"], view["title"]["text"], owners["element"]["initial_users"]) == (
        CallbackId.ITEM_EDIT,
        "Edit A-1",
        [JOE, PAT],
    )


def test_change_owners_is_refused_to_people_who_may_not(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=PROMISE)
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    [reply] = backbone.emulator.messages(CASE, thread_ts=message.ts)
    backbone.emulator.clear_calls()
    backbone.emulator.click(reply, ActionId.PIN_CHANGE_OWNERS, user=ADMIN)  # an admin may
    backbone.emulator.click(reply, ActionId.PIN_CHANGE_OWNERS, user="UGONE")
    backbone.settle()
    assert len(backbone.emulator.calls("views.open")) == 1
