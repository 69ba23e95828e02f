""":pushpin: on a message makes it an action item, once, answered in the message's thread."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import blocks, blocks_capture
from handlers.pushpin import UNREADABLE
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.records import all_items, claimed_events, history

ASK = "<@UPAT> please call the landlord about unit 12 by Friday"
FRIDAY_LOS_ANGELES = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # Joe wrote it: his Friday, 17:00


def expected_reply(backbone: Harness, reactor: str) -> dict[str, object]:
    reply = blocks_capture.capture_reply(
        blocks_capture.pushpin_heading(reactor),
        all_items(backbone),
        [],
        skipped=None,
        now=backbone.clock.now,
    )
    return reply


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
