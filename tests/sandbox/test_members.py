"""The emulator's conversations.members pages as Slack does: limit, next_cursor, its errors."""

from __future__ import annotations

import base64

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.server import SlackEmulator
from tests.sandbox.conftest import GENERAL, OUTSIDE, SECRET


def cursor(user_id: str) -> str:
    return base64.b64encode(f"user:{user_id}".encode()).decode()


def error_of(client: WebClient, **params: object) -> str:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("conversations.members", params=params)
    return str(raised.value.response["error"])


def test_one_page_when_everyone_fits(client: WebClient, emu: SlackEmulator) -> None:
    bot = emu.state.bot_user_id
    assert client.conversations_members(channel=GENERAL).data == {
        "ok": True,
        "members": sorted(["UMARIA", "UJOE", bot]),
        "response_metadata": {"next_cursor": ""},
    }


def test_pages_follow_the_cursor(client: WebClient, emu: SlackEmulator) -> None:
    people = [f"UP{n:03d}" for n in range(5)]
    emu.add_channel("CBIG", "big", members=people, bot_is_member=False)
    first = client.conversations_members(channel="CBIG", limit=2).data
    assert first == {
        "ok": True,
        "members": ["UP000", "UP001"],
        "response_metadata": {"next_cursor": cursor("UP002")},
    }
    pages = [page["members"] for page in client.conversations_members(channel="CBIG", limit=2)]
    assert pages == [["UP000", "UP001"], ["UP002", "UP003"], ["UP004"]]


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"channel": "CNOPE"}, "channel_not_found"),  # why: no such channel
        ({"channel": GENERAL, "limit": 0}, "invalid_limit"),  # why: below 1
        ({"channel": GENERAL, "limit": 1000}, "invalid_limit"),  # why: Slack wants under 1000
        ({"channel": GENERAL, "limit": "many"}, "invalid_limit"),  # why: not a number
        ({"channel": GENERAL, "cursor": "not-base64!"}, "invalid_cursor"),  # why: not a cursor
        ({"channel": GENERAL, "cursor": cursor("UNOBODY")}, "invalid_cursor"),  # why: stale
    ],
)
def test_refusals(client: WebClient, params: dict[str, object], error: str) -> None:
    assert error_of(client, **params) == error


def test_a_private_channel_the_bot_is_not_in_looks_missing(
    client: WebClient, emu: SlackEmulator
) -> None:
    emu.add_channel("GHIDDEN", "hidden", members=("UMARIA",), is_private=True, bot_is_member=False)
    assert error_of(client, channel="GHIDDEN") == "channel_not_found"
    assert client.conversations_members(channel=SECRET)["members"] == sorted(
        ["UMARIA", emu.state.bot_user_id]
    )


def test_a_public_channel_the_bot_is_not_in_still_answers(client: WebClient) -> None:
    assert client.conversations_members(channel=OUTSIDE)["members"] == ["UMARIA"]
