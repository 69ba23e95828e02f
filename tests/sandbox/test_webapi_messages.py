"""The emulated Web API through a real slack_sdk WebClient: messages, ephemerals, reactions."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.server import SlackEmulator
from bot.sandbox.state import Ephemeral, Message
from tests.sandbox.conftest import GENERAL, JOE, MARIA, PAT

BUTTON = {"type": "button", "action_id": "done", "text": {"type": "plain_text", "text": "Done"}}
BLOCKS = [{"type": "actions", "block_id": "item", "elements": [BUTTON]}]


def test_post_message_is_recorded_stored_and_answered_like_slack(
    emu: SlackEmulator, client: WebClient
) -> None:
    answer = client.chat_postMessage(channel=GENERAL, text="hi")

    assert emu.calls("chat.postMessage") == [{"channel": GENERAL, "text": "hi"}]
    assert answer.data == {
        "ok": True,
        "channel": GENERAL,
        "ts": answer["ts"],
        "message": {
            "type": "message",
            "text": "hi",
            "user": "UBACKBONE",
            "ts": answer["ts"],
            "team": "T0SANDBOX",
            "bot_id": "BBACKBONE",
            "app_id": "ASANDBOX",
            "bot_profile": {
                "id": "BBACKBONE",
                "app_id": "ASANDBOX",
                "name": "Backbone",
                "deleted": False,
            },
        },
    }
    stored = Message(GENERAL, answer["ts"], "UBACKBONE", "hi", bot_id="BBACKBONE")
    assert emu.messages(GENERAL) == [stored]


def test_ts_values_are_unique_and_increasing(client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel=GENERAL, text=str(n))["ts"] for n in range(5)]

    assert stamps == sorted(stamps, key=float)
    assert len(set(stamps)) == 5


def test_blocks_are_recorded_decoded_from_json_and_from_form_bodies(
    emu: SlackEmulator, client: WebClient
) -> None:
    client.chat_postMessage(channel=GENERAL, text="Done?", blocks=BLOCKS)
    # The form-encoded path, as older clients send blocks: a JSON string in a form field.
    client.api_call("chat.postMessage", params={"channel": GENERAL, "text": "x", "blocks": "[]"})

    assert emu.calls("chat.postMessage") == [
        {"channel": GENERAL, "text": "Done?", "blocks": BLOCKS},
        {"channel": GENERAL, "text": "x", "blocks": []},
    ]


def test_posting_to_a_user_id_posts_in_their_dm(emu: SlackEmulator, client: WebClient) -> None:
    answer = client.chat_postMessage(channel=MARIA, text="your item is due")
    opened = client.conversations_open(users=MARIA)

    assert answer["channel"] == emu.dm_channel(MARIA) == "DUMARIA"
    assert opened.data == {
        "ok": True,
        "channel": {"id": "DUMARIA"},
        "no_op": True,
        "already_open": True,
    }
    assert [m.text for m in emu.messages(MARIA)] == ["your item is due"]


def test_thread_replies_are_listed_apart_from_the_channel(
    emu: SlackEmulator, client: WebClient
) -> None:
    root = client.chat_postMessage(channel=GENERAL, text="root")["ts"]
    reply = client.chat_postMessage(channel=GENERAL, text="reply", thread_ts=root)

    assert reply["message"]["thread_ts"] == root
    assert reply["message"]["parent_user_id"] == "UBACKBONE"
    assert [m.text for m in emu.messages(GENERAL)] == ["root"]
    assert [m.text for m in emu.messages(GENERAL, thread_ts=root)] == ["reply"]


def test_update_changes_text_keeps_blocks_left_out_and_marks_the_edit(
    emu: SlackEmulator, client: WebClient
) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="open", blocks=BLOCKS)["ts"]

    answer = client.chat_update(channel=GENERAL, ts=ts, text="done")

    [message] = emu.messages(GENERAL)
    assert (message.text, message.blocks, message.edited) == (
        "done",
        BLOCKS,
        {"user": "UBACKBONE", "ts": message.edited["ts"] if message.edited else ""},
    )
    assert (answer["ts"], answer["text"], answer["message"]["blocks"]) == (ts, "done", BLOCKS)


def test_delete_removes_only_the_bots_own_message(emu: SlackEmulator, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="bye")["ts"]
    theirs = emu.post_message(user=MARIA, channel=GENERAL, text="mine", send=False)

    assert client.chat_delete(channel=GENERAL, ts=ts).data == {
        "ok": True,
        "channel": GENERAL,
        "ts": ts,
    }
    with pytest.raises(SlackApiError) as refused:
        client.chat_delete(channel=GENERAL, ts=theirs.ts)
    assert refused.value.response["error"] == "cant_delete_message"
    assert [m.text for m in emu.messages(GENERAL)] == ["mine"]


def test_ephemeral_is_shown_to_one_member(emu: SlackEmulator, client: WebClient) -> None:
    answer = client.chat_postEphemeral(channel=GENERAL, user=MARIA, text="only you")

    assert emu.ephemerals(MARIA) == [Ephemeral(GENERAL, MARIA, "only you", ts=answer["message_ts"])]
    assert emu.ephemerals(JOE) == []
    assert emu.messages(GENERAL) == []


def test_permalink_has_slacks_shape(client: WebClient) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="x")["ts"]

    answer = client.chat_getPermalink(channel=GENERAL, message_ts=ts)

    link = f"https://sandbox.slack.com/archives/{GENERAL}/p{ts.replace('.', '')}"
    assert answer.data == {"ok": True, "channel": GENERAL, "permalink": link}


def test_reactions_add_get_remove(emu: SlackEmulator, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="vote")["ts"]
    emu.react(user=MARIA, channel=GENERAL, ts=ts, name="one", send=False)

    client.reactions_add(channel=GENERAL, timestamp=ts, name="one")
    client.reactions_add(channel=GENERAL, timestamp=ts, name="two")
    client.reactions_remove(channel=GENERAL, timestamp=ts, name="two")

    got = client.reactions_get(channel=GENERAL, timestamp=ts)
    assert got["message"]["reactions"] == [
        {"name": "one", "users": [MARIA, "UBACKBONE"], "count": 2}
    ]
    assert emu.messages(GENERAL)[0].reactions == {"one": [MARIA, "UBACKBONE"], "two": []}


@pytest.mark.parametrize(
    ("method", "name", "error"),
    [
        ("reactions_add", "one", "already_reacted"),  # the bot reacted with :one: already
        ("reactions_remove", "two", "no_reaction"),  # nobody reacted with :two:
        ("reactions_add", ":one:", "invalid_name"),  # names go without colons
    ],
)
def test_reaction_errors(client: WebClient, method: str, name: str, error: str) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="vote")["ts"]
    client.reactions_add(channel=GENERAL, timestamp=ts, name="one")

    with pytest.raises(SlackApiError) as refused:
        getattr(client, method)(channel=GENERAL, timestamp=ts, name=name)

    assert refused.value.response["error"] == error


def test_users_info_gives_zone_offset_for_now(client: WebClient) -> None:
    user = client.users_info(user=JOE)["user"]

    assert user["tz"] == "America/Los_Angeles"
    assert user["tz_offset"] in (-8 * 3600, -7 * 3600)  # PST or PDT, depending on today
    assert {k: user[k] for k in ("id", "name", "deleted", "is_admin", "profile")} == {
        "id": JOE,
        "name": "joe",
        "deleted": False,
        "is_admin": False,
        "profile": {"real_name": "Joe", "display_name": "joe", "team": "T0SANDBOX"},
    }
    assert client.users_info(user=PAT)["user"]["is_admin"] is True


def test_auth_test_describes_the_bot(client: WebClient) -> None:
    answer = client.auth_test()

    assert answer.data == {
        "ok": True,
        "url": "https://sandbox.slack.com/",
        "team": "Sandbox",
        "user": "backbone",
        "team_id": "T0SANDBOX",
        "user_id": "UBACKBONE",
        "bot_id": "BBACKBONE",
        "is_enterprise_install": False,
    }
    assert answer.headers["x-oauth-scopes"].startswith("chat:write")


def test_conversations_info_and_join(emu: SlackEmulator, client: WebClient) -> None:
    info = client.conversations_info(channel=GENERAL)["channel"]
    joined = client.conversations_join(channel="COUTSIDE")

    assert (info["name"], info["is_member"], info["is_private"]) == ("general", True, False)
    assert joined["channel"]["is_member"] is True
    assert client.chat_postMessage(channel="COUTSIDE", text="now I can")["ok"] is True


def test_concurrent_posts_are_all_kept_with_distinct_ts(
    emu: SlackEmulator, client: WebClient
) -> None:
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(
            pool.map(lambda n: client.chat_postMessage(channel=GENERAL, text=str(n)), range(30))
        )

    assert len({answer["ts"] for answer in answers}) == 30
    assert sorted(int(m.text) for m in emu.messages(GENERAL)) == list(range(30))
    assert len(emu.calls("chat.postMessage")) == 30
