"""Channels the bot has not joined, as Slack treats them.

With `chat:write.public` the bot may post in a public channel it is not in
(https://docs.slack.dev/reference/scopes/chat:write.public), but `reactions:read` covers only
conversations the app has been added to (https://docs.slack.dev/reference/scopes/reactions.read):
there, reactions reach the app as no event, and reactions.get and reactions.add say
`not_in_channel`.
"""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.server import SlackEmulator
from tests.sandbox.conftest import GENERAL, MARIA, OUTSIDE
from tests.sandbox.fake_app import FakeApp


def refused(call: Any) -> str:
    """Return Slack's error name for a call that must fail."""
    with pytest.raises(SlackApiError) as refusal:
        call()
    return str(refusal.value.response["error"])


def test_a_public_channel_the_bot_is_not_in_takes_its_post(client: WebClient) -> None:
    posted = client.chat_postMessage(channel=OUTSIDE, text="📊 P-1 Pizza or tacos?")
    assert (posted["ok"], posted["channel"], posted["message"]["text"]) == (
        True,
        OUTSIDE,
        "📊 P-1 Pizza or tacos?",
    )
    reply = client.chat_postMessage(channel=OUTSIDE, text="Results", thread_ts=posted["ts"])
    assert reply["message"]["thread_ts"] == posted["ts"]
    assert client.conversations_info(channel=OUTSIDE)["channel"]["is_member"] is False


def test_without_chat_write_public_the_post_is_refused(
    emu: SlackEmulator, client: WebClient
) -> None:
    emu.state.scopes.discard("chat:write.public")
    assert refused(lambda: client.chat_postMessage(channel=OUTSIDE, text="t")) == "not_in_channel"
    assert client.chat_postMessage(channel=GENERAL, text="t")["ok"] is True


def test_a_private_channel_the_bot_is_not_in_takes_no_post(
    emu: SlackEmulator, client: WebClient
) -> None:
    emu.add_channel("GHIDDEN", "hidden", members=(MARIA,), is_private=True, bot_is_member=False)
    assert (
        refused(lambda: client.chat_postMessage(channel="GHIDDEN", text="t")) == "channel_not_found"
    )


def test_reactions_where_the_bot_is_not_in_are_refused(client: WebClient) -> None:
    ts = client.chat_postMessage(channel=OUTSIDE, text="📊 P-1")["ts"]
    assert (
        refused(lambda: client.reactions_add(channel=OUTSIDE, timestamp=ts, name="one"))
        == "not_in_channel"
    )
    assert (
        refused(lambda: client.reactions_get(channel=OUTSIDE, timestamp=ts, full=True))
        == "not_in_channel"
    )


def test_reactions_where_the_bot_is_in_are_read(client: WebClient) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="📊 P-1")["ts"]
    client.reactions_add(channel=GENERAL, timestamp=ts, name="one")
    message = client.reactions_get(channel=GENERAL, timestamp=ts, full=True)["message"]
    assert message["reactions"] == [{"name": "one", "users": ["UBACKBONE"], "count": 1}]


def test_a_reaction_where_the_bot_is_not_in_sends_no_event(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    outside = client.chat_postMessage(channel=OUTSIDE, text="📊 P-1")["ts"]
    inside = client.chat_postMessage(channel=GENERAL, text="📊 P-2")["ts"]
    assert emu.react(user=MARIA, channel=OUTSIDE, ts=outside, name="one") is None
    assert fake_app.received == []
    emu.react(user=MARIA, channel=GENERAL, ts=inside, name="one")
    [event] = [r.json()["event"] for r in fake_app.received]
    assert (event["type"], event["reaction"], event["item"]) == (
        "reaction_added",
        "one",
        {"type": "message", "channel": GENERAL, "ts": inside},
    )
