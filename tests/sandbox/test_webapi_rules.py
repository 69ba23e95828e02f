"""Slack's refusals, each with Slack's error name (and detail line where Slack gives one)."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.server import SlackEmulator
from tests.sandbox.conftest import GENERAL, GONE, MARIA, OLD, SECRET


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(text: str = "Go", **extra: str) -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": text}, **extra}


def actions(*elements: dict[str, Any], block_id: str = "a") -> dict[str, Any]:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def modal(title: str = "Edit", blocks: list[dict[str, Any]] | None = None, **extra: Any) -> Any:
    title_text = {"type": "plain_text", "text": title}
    return {"type": "modal", "title": title_text, "blocks": blocks or [], **extra}


def refusal(call: Any) -> dict[str, Any]:
    """Return the ok:false body of a call that must fail."""
    with pytest.raises(SlackApiError) as refused:
        call()
    data: dict[str, Any] = refused.value.response.data
    return data


def pointer_error(limit: int, pointer: str) -> list[str]:
    return [f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}]"]


@pytest.mark.parametrize(
    ("blocks", "messages"),
    [
        pytest.param(
            [section("x")] * 51,
            ["[ERROR] no more than 50 items allowed [json-pointer:/blocks]"],
            id="51 blocks",
        ),
        pytest.param(
            [section("x" * 3001)], pointer_error(3000, "/blocks/0/text/text"), id="section"
        ),
        pytest.param(
            [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
            pointer_error(150, "/blocks/0/text/text"),
            id="header",
        ),
        pytest.param(
            [actions(button("b" * 76))],
            pointer_error(75, "/blocks/0/elements/0/text/text"),
            id="button text",
        ),
        pytest.param(
            [actions(button(value="v" * 2001))],
            pointer_error(2000, "/blocks/0/elements/0/value"),
            id="button value",
        ),
        pytest.param(
            [actions(button(action_id="a" * 256))],
            pointer_error(255, "/blocks/0/elements/0/action_id"),
            id="action_id",
        ),
        pytest.param(
            [actions(button(), block_id="b" * 256)],
            pointer_error(255, "/blocks/0/block_id"),
            id="block_id",
        ),
        pytest.param(
            [actions(button(action_id="x"), button(action_id="x"))],
            ["[ERROR] duplicate action_id [json-pointer:/blocks/0/elements/1]"],
            id="duplicate action_id",
        ),
        pytest.param(
            [{"type": "carousel"}],
            ["[ERROR] unsupported type: carousel [json-pointer:/blocks/0/type]"],
            id="unknown block type",
        ),
    ],
)
def test_messages_over_block_kit_limits_are_invalid_blocks(
    client: WebClient, blocks: list[dict[str, Any]], messages: list[str]
) -> None:
    body = refusal(lambda: client.chat_postMessage(channel=GENERAL, text="t", blocks=blocks))

    assert body == {
        "ok": False,
        "error": "invalid_blocks",
        "response_metadata": {"messages": messages},
    }


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"channel": GENERAL, "blocks": [section("no fallback")]}, "no_text"),  # project rule
        ({"channel": GENERAL, "text": ""}, "no_text"),
        ({"channel": "CNOPE", "text": "t"}, "channel_not_found"),
        ({"channel": OLD, "text": "t"}, "is_archived"),
        ({"channel": "UNOBODY", "text": "t"}, "channel_not_found"),  # unknown user id
        ({"channel": GENERAL, "text": "t", "thread_ts": "1.000001"}, "thread_not_found"),
    ],
)
# slack_sdk warns about a missing `text` itself; the emulator's refusal is what is tested here.
@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_refusals(client: WebClient, kwargs: dict[str, Any], error: str) -> None:
    assert refusal(lambda: client.chat_postMessage(**kwargs))["error"] == error


def test_a_private_channel_the_bot_is_not_in_looks_missing(
    emu: SlackEmulator, client: WebClient
) -> None:
    emu.add_channel(SECRET, "secret", is_private=True, bot_is_member=False)

    assert (
        refusal(lambda: client.conversations_info(channel=SECRET))["error"] == "channel_not_found"
    )


@pytest.mark.parametrize(("token", "error"), [(None, "not_authed"), ("xoxb-wrong", "invalid_auth")])
def test_token_is_required_and_checked(emu: SlackEmulator, token: str | None, error: str) -> None:
    stranger = WebClient(token=token, base_url=emu.api_url, retry_handlers=[])

    assert refusal(lambda: stranger.chat_postMessage(channel=GENERAL, text="t"))["error"] == error


def test_token_may_come_as_a_form_param(emu: SlackEmulator) -> None:
    anonymous = WebClient(base_url=emu.api_url, retry_handlers=[])

    answer = anonymous.api_call("auth.test", params={"token": emu.bot_token})

    assert answer["ok"] is True
    assert emu.calls("auth.test") == [{}]


def test_unknown_method(client: WebClient) -> None:
    assert refusal(lambda: client.api_call("chat.teleport"))["error"] == "unknown_method"


def test_user_rules(client: WebClient) -> None:
    assert refusal(lambda: client.users_info(user="UNOBODY"))["error"] == "user_not_found"
    assert refusal(lambda: client.conversations_open(users=GONE))["error"] == "user_disabled"
    # Slack still accepts a post to a deactivated user's id: check users.info first.
    assert client.chat_postMessage(channel=GONE, text="t")["ok"] is True


def test_update_and_ephemeral_refusals(client: WebClient) -> None:
    update = refusal(lambda: client.chat_update(channel=GENERAL, ts="1.000001", text="t"))
    ephemeral = refusal(lambda: client.chat_postEphemeral(channel=GENERAL, user="UPAT", text="t"))

    assert (update["error"], ephemeral["error"]) == ("message_not_found", "user_not_in_channel")


@pytest.mark.parametrize(
    ("view", "messages"),
    [
        pytest.param(
            modal(blocks=[section("x")] * 101),
            ["[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"],
            id="101 blocks",
        ),
        pytest.param(modal("t" * 25), pointer_error(24, "/view/title/text"), id="title"),
        pytest.param(
            modal(private_metadata="m" * 3001),
            pointer_error(3000, "/view/private_metadata"),
            id="private_metadata",
        ),
        pytest.param(
            modal(
                blocks=[
                    {
                        "type": "input",
                        "label": {"type": "plain_text", "text": "L"},
                        "element": {"type": "plain_text_input"},
                    }
                ]
            ),
            ["[ERROR] submit is required when an input block is present [json-pointer:/view]"],
            id="input without submit",
        ),
    ],
)
def test_views_over_limits_are_invalid_arguments(
    emu: SlackEmulator, client: WebClient, view: dict[str, Any], messages: list[str]
) -> None:
    trigger = emu.new_trigger_id(MARIA)

    body = refusal(lambda: client.views_open(trigger_id=trigger, view=view))

    assert body == {
        "ok": False,
        "error": "invalid_arguments",
        "response_metadata": {"messages": messages},
    }
