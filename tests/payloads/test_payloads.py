"""Inbound payloads shaped as Slack sends them, each signed and POSTed to the real app.

The files beside this module are written from Slack's documented event and command shapes and
bolt-python's test fixtures (its `message_changed` fixture has no `ts` on the inner message). Ids
are the sandbox's (tests/support/harness.py); `$TS`, `$NEW_TS`, `$DM` and `$RESPONSE_URL` are
filled in by each test. Every one is answered 200, with the effect a coordinator would expect.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlencode

from bot.sandbox.sender import AppResponse, deliver
from bot.sandbox.state import Message
from storage import actions as store
from tests.support.harness import CASE, JOE, MARIA, PAT, Harness

HERE = Path(__file__).parent
NOTES = "ACTION: Call the shelter about 3 beds <@UJOE> by Friday"


def payload(name: str, **values: str) -> str:
    """Return a payload file's text with its `$NAME` placeholders filled in."""
    text = (HERE / f"{name}.json").read_text()
    for key, value in values.items():
        text = text.replace(f"${key}", value)
    assert re.search(r"\$[A-Z_]+", text) is None, f"{name}: a placeholder is left"
    return text


def send_event(backbone: Harness, name: str, **values: str) -> AppResponse:
    body = payload(name, **values)
    assert backbone.emulator.request_url is not None
    secret = backbone.emulator.signing_secret
    answer = deliver(backbone.emulator.request_url, secret, body, content_type="application/json")
    backbone.settle()
    return answer


def send_command(backbone: Harness, name: str, **values: str) -> AppResponse:
    fields = json.loads(payload(name, **values))
    assert backbone.emulator.request_url is not None
    answer = deliver(
        backbone.emulator.request_url,
        backbone.emulator.signing_secret,
        urlencode(fields),
        content_type="application/x-www-form-urlencoded",
    )
    backbone.settle()
    return answer


def captured(backbone: Harness) -> Message:
    """Maria posts meeting notes the app captures as A-1; return her message."""
    message = backbone.emulator.post_message(user=MARIA, channel=CASE, text=NOTES)
    backbone.settle()
    assert backbone.item(1).title == "Call the shelter about 3 beds"
    return message


def bot_replies(backbone: Harness, thread_ts: str) -> list[str]:
    """The texts the bot posted in a thread of the meeting channel."""
    return [m.text for m in backbone.emulator.messages(CASE, thread_ts=thread_ts) if m.bot_id]


def fresh_ts(backbone: Harness) -> str:
    with backbone.emulator.state.lock:
        return backbone.emulator.state.next_ts()


def test_another_apps_post_is_not_captured(backbone: Harness) -> None:
    answer = send_event(backbone, "message_bot_message", NEW_TS=fresh_ts(backbone))

    assert (answer.status, backbone.emulator.messages(CASE)) == (200, [])
    assert backbone.emulator.calls("chat.postMessage") == []


def test_an_edit_with_ts_updates_the_item(backbone: Harness) -> None:
    message = captured(backbone)

    answer = send_event(
        backbone, "message_changed_with_ts", TS=message.ts, NEW_TS=fresh_ts(backbone)
    )

    assert answer.status == 200
    assert backbone.item(1).title == "Call the shelter and the county about 3 beds"


def test_an_edit_without_ts_on_the_message_updates_the_item(backbone: Harness) -> None:
    message = captured(backbone)

    answer = send_event(
        backbone, "message_changed_without_ts", TS=message.ts, NEW_TS=fresh_ts(backbone)
    )

    assert answer.status == 200
    assert backbone.item(1).title == "Call the shelter and the county about 3 beds"


def test_a_deleted_message_leaves_its_item(backbone: Harness) -> None:
    message = captured(backbone)
    replies = bot_replies(backbone, message.ts)

    answer = send_event(backbone, "message_deleted", TS=message.ts, NEW_TS=fresh_ts(backbone))

    assert answer.status == 200
    item = backbone.item(1)
    assert (item.title, item.status, bot_replies(backbone, message.ts)) == (
        "Call the shelter about 3 beds",
        "open",
        replies,
    )
    assert len(replies) == 1
    with backbone.database() as session:
        kinds = [event.kind for event in store.history(session, item=backbone.item(1))]
    assert kinds == ["created", "source_deleted"]  # the deletion is noted in its history


def test_a_reply_also_sent_to_the_channel_is_captured_in_its_thread(backbone: Harness) -> None:
    root = backbone.emulator.post_message(user=MARIA, channel=CASE, text="Case conferencing notes")
    reply = backbone.emulator.post_message(
        user=MARIA, channel=CASE, text=NOTES, thread_ts=root.ts, send=False
    )

    answer = send_event(backbone, "thread_broadcast", TS=root.ts, NEW_TS=reply.ts)

    assert answer.status == 200
    assert backbone.item(1).title == "Call the shelter about 3 beds"
    assert bot_replies(backbone, root.ts) == [
        "📝 Saved from this message: 1 action item.\n"
        "📌 *A-1* Call the shelter about 3 beds — <@UJOE> · due Fri Nov 27"
        "\nOwners get reminders by DM; change items with `/action due A-1 Friday`"
    ]


def test_notes_shared_with_a_file_are_captured(backbone: Harness) -> None:
    text = "Notes from today\nACTION: Send the HMIS report to the county <@UJOE> by Friday"
    message = backbone.emulator.post_message(user=MARIA, channel=CASE, text=text, send=False)

    answer = send_event(backbone, "file_share", NEW_TS=message.ts)

    assert answer.status == 200
    item = backbone.item(1)
    assert (item.title, item.owner_ids, item.channel_id) == (
        "Send the HMIS report to the county",
        [JOE],
        CASE,
    )
    assert bot_replies(backbone, message.ts) == [
        "📝 Saved from this message: 1 action item.\n"
        "📌 *A-1* Send the HMIS report to the county — <@UJOE> · due Fri Nov 27"
        "\nOwners get reminders by DM; change items with `/action due A-1 Friday`"
    ]


def test_someone_joining_is_not_notes(backbone: Harness) -> None:
    answer = send_event(backbone, "channel_join", NEW_TS=fresh_ts(backbone))

    assert (answer.status, backbone.emulator.calls("chat.postMessage")) == (200, [])


def test_a_me_message_is_a_status_not_notes(backbone: Harness) -> None:
    answer = send_event(backbone, "me_message", NEW_TS=fresh_ts(backbone))

    assert (answer.status, backbone.emulator.calls("chat.postMessage")) == (200, [])


def test_a_command_from_a_dm_makes_the_item_there(backbone: Harness) -> None:
    dm = backbone.emulator.state.dm_for(MARIA).id
    url = backbone.emulator.new_response_url(channel=dm, user=MARIA)

    answer = send_command(backbone, "command_from_a_dm", DM=dm, RESPONSE_URL=url)

    assert answer.status == 200
    item = backbone.item(1)
    assert (item.title, item.owner_ids, item.channel_id) == (
        "Call the shelter about 3 beds",
        [MARIA],
        dm,
    )
    assert backbone.emulator.refusals() == []


def test_a_command_from_a_private_channel_makes_the_item_there(backbone: Harness) -> None:
    backbone.emulator.add_channel(
        "GCASEPRIV", "case-private", members=(MARIA, PAT), is_private=True
    )
    url = backbone.emulator.new_response_url(channel="GCASEPRIV", user=MARIA)

    answer = send_command(backbone, "command_from_a_private_channel", RESPONSE_URL=url)

    assert answer.status == 200
    item = backbone.item(1)
    assert (item.title, item.channel_id) == ("Call the shelter about 3 beds", "GCASEPRIV")
    assert backbone.emulator.refusals() == []
