"""Reading messages back (conversations.history/replies) and people editing or deleting them."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.server import SlackEmulator
from bot.sandbox.state import Message
from tests.sandbox.conftest import GENERAL, JOE, MARIA, OUTSIDE
from tests.sandbox.fake_app import FakeApp


def thread(emu: SlackEmulator) -> tuple[Message, Message, Message]:
    """A parent with two replies, and a later top-level message."""
    parent = emu.post_message(user=MARIA, channel=GENERAL, text="agenda", send=False)
    first = emu.post_message(user=JOE, channel=GENERAL, text="one", thread_ts=parent.ts, send=False)
    emu.post_message(user=MARIA, channel=GENERAL, text="two", thread_ts=parent.ts, send=False)
    later = emu.post_message(user=JOE, channel=GENERAL, text="later", send=False)
    return parent, first, later


def test_history_gives_top_level_messages_newest_first(
    emu: SlackEmulator, client: WebClient
) -> None:
    thread(emu)

    answer = client.conversations_history(channel=GENERAL)

    assert [m["text"] for m in answer["messages"]] == ["later", "agenda"]
    assert (answer["has_more"], answer["response_metadata"]) == (False, {"next_cursor": ""})


def test_history_reads_one_message_by_its_ts(emu: SlackEmulator, client: WebClient) -> None:
    parent, _, later = thread(emu)

    exact = client.conversations_history(channel=GENERAL, latest=parent.ts, inclusive=True, limit=1)
    before = client.conversations_history(channel=GENERAL, latest=later.ts, limit=1)

    assert exact["messages"] == [
        {
            "type": "message",
            "text": "agenda",
            "user": MARIA,
            "ts": parent.ts,
            "team": "T0SANDBOX",
            "blocks": parent.blocks,
        }
    ]
    assert [m["ts"] for m in before["messages"]] == [parent.ts]  # latest is exclusive
    assert before["has_more"] is False


def test_replies_give_the_parent_first_then_replies_in_range(
    emu: SlackEmulator, client: WebClient
) -> None:
    parent, first, _ = thread(emu)

    whole = client.conversations_replies(channel=GENERAL, ts=parent.ts)
    one = client.conversations_replies(
        channel=GENERAL, ts=first.ts, latest=first.ts, oldest=first.ts, inclusive=True
    )

    assert [m["text"] for m in whole["messages"]] == ["agenda", "one", "two"]
    assert [m["text"] for m in one["messages"]] == ["agenda", "one"]
    assert one["messages"][1]["thread_ts"] == parent.ts


@pytest.mark.parametrize(
    ("method", "params", "error"),
    [
        ("conversations_history", {"channel": OUTSIDE}, "not_in_channel"),
        ("conversations_history", {"channel": "CNOPE"}, "channel_not_found"),
        ("conversations_history", {"channel": GENERAL, "latest": "soon"}, "invalid_ts_latest"),
        ("conversations_replies", {"channel": GENERAL, "ts": "1.000001"}, "thread_not_found"),
    ],
)
def test_reading_refusals(
    emu: SlackEmulator, client: WebClient, method: str, params: dict[str, str], error: str
) -> None:
    with pytest.raises(SlackApiError) as raised:
        getattr(client, method)(**params)
    assert raised.value.response["error"] == error


def test_an_edit_sends_message_changed_with_the_previous_message(
    emu: SlackEmulator, fake_app: FakeApp
) -> None:
    message = emu.post_message(user=MARIA, channel=GENERAL, text="ACTION: call", send=False)

    edited = emu.edit_message(user=MARIA, channel=GENERAL, ts=message.ts, text="ACTION: email")

    event = fake_app.last().json()["event"]
    assert event == {
        "type": "message",
        "subtype": "message_changed",
        "message": {
            "type": "message",
            "text": "ACTION: email",
            "user": MARIA,
            "ts": message.ts,
            "team": "T0SANDBOX",
            "blocks": edited.blocks,
            "edited": edited.edited,
        },
        "previous_message": {
            "type": "message",
            "text": "ACTION: call",
            "user": MARIA,
            "ts": message.ts,
            "team": "T0SANDBOX",
            "blocks": message.blocks,
        },
        "channel": GENERAL,
        "hidden": True,
        "ts": event["ts"],
        "event_ts": event["ts"],
        "channel_type": "channel",
    }
    assert edited.edited is not None and edited.edited["user"] == MARIA
    assert [m.text for m in emu.messages(GENERAL)] == ["ACTION: email"]
    with pytest.raises(ValueError, match="cannot edit"):
        emu.edit_message(user=JOE, channel=GENERAL, ts=message.ts, text="mine now")


def test_a_deletion_sends_message_deleted(emu: SlackEmulator, fake_app: FakeApp) -> None:
    message = emu.post_message(user=MARIA, channel=GENERAL, text="oops", send=False)

    emu.delete_message(user=MARIA, channel=GENERAL, ts=message.ts)

    event = fake_app.last().json()["event"]
    assert (event["subtype"], event["deleted_ts"], event["previous_message"]["text"]) == (
        "message_deleted",
        message.ts,
        "oops",
    )
    assert emu.messages(GENERAL) == []


def test_deleting_a_parent_with_replies_leaves_a_tombstone(
    emu: SlackEmulator, fake_app: FakeApp
) -> None:
    parent, _, _ = thread(emu)
    with pytest.raises(ValueError, match="cannot delete"):
        emu.delete_message(user=JOE, channel=GENERAL, ts=parent.ts)

    emu.delete_message(user=MARIA, channel=GENERAL, ts=parent.ts)

    event = fake_app.last().json()["event"]
    assert event["subtype"] == "message_changed"
    assert event["message"] == {
        "type": "message",
        "subtype": "tombstone",
        "hidden": True,
        "text": "This message was deleted.",
        "user": "USLACKBOT",
        "ts": parent.ts,
        "team": "T0SANDBOX",
        "thread_ts": parent.ts,
        "parent_user_id": "USLACKBOT",
    }
    assert event["previous_message"]["text"] == "agenda"
    assert [m.text for m in emu.messages(GENERAL, thread_ts=parent.ts)] == ["one", "two"]
