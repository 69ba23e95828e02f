"""Clicks on messages, ephemerals and the Home tab, and message shortcuts: Slack's payloads."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.sandbox.server import SlackEmulator
from tests.sandbox.conftest import GENERAL, JOE, MARIA
from tests.sandbox.fake_app import FakeApp
from tests.sandbox.samples import BLOCKS


def posted(client: WebClient, channel: str = GENERAL) -> dict[str, Any]:
    answer = client.chat_postMessage(channel=channel, text="A-12 Call the shelter", blocks=BLOCKS)
    return answer.data  # type: ignore[return-value]


def test_button_click_payload(emu: SlackEmulator, client: WebClient, fake_app: FakeApp) -> None:
    sent = posted(client)
    [message] = emu.messages(GENERAL)

    emu.click(message, "item_done", user=MARIA)

    payload = fake_app.last().payload()
    action = payload["actions"][0]
    assert payload == {
        "type": "block_actions",
        "user": {"id": MARIA, "username": "maria", "name": "maria", "team_id": "T0SANDBOX"},
        "api_app_id": "ASANDBOX",
        "token": "sandbox-verification-token",
        "trigger_id": payload["trigger_id"],
        "team": {"id": "T0SANDBOX", "domain": "sandbox"},
        "enterprise": None,
        "is_enterprise_install": False,
        "container": {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": GENERAL,
            "is_ephemeral": False,
        },
        "channel": {"id": GENERAL, "name": "general"},
        "state": {"values": {}},
        "message": sent["message"],
        "response_url": payload["response_url"],
        "actions": [
            {
                "action_id": "item_done",
                "block_id": "item",
                "type": "button",
                "text": {"type": "plain_text", "text": "Done"},
                "value": "A-12",
                "style": "primary",
                "action_ts": action["action_ts"],
            }
        ],
    }


def test_select_click_sends_the_chosen_option(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    posted(client)

    emu.click(
        emu.messages(GENERAL)[0], "item_snooze", user=MARIA, selected_option_value="next_week"
    )

    action = fake_app.last().payload()["actions"][0]
    assert action["selected_option"] == {
        "text": {"type": "plain_text", "text": "Next week"},
        "value": "next_week",
    }
    with pytest.raises(LookupError, match="has no option 'someday'"):
        emu.click(
            emu.messages(GENERAL)[0], "item_snooze", user=MARIA, selected_option_value="someday"
        )


def test_clicking_a_missing_element_says_what_is_there(
    emu: SlackEmulator, client: WebClient
) -> None:
    posted(client)

    with pytest.raises(LookupError, match=r"'item_drop'.*\['item_done', 'item_snooze'\]"):
        emu.click(emu.messages(GENERAL)[0], "item_drop", user=MARIA)


def test_interaction_response_url_replaces_then_deletes_the_message(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    posted(client)
    emu.click(emu.messages(GENERAL)[0], "item_done", user=MARIA)
    webhook = WebhookClient(fake_app.last().payload()["response_url"])

    webhook.send(text="✅ A-12 done", replace_original=True)
    [replaced] = emu.messages(GENERAL)
    webhook.send(text="Thanks!")  # neither replace nor delete: an ephemeral to the clicker
    webhook.send(delete_original=True)

    assert (replaced.text, replaced.blocks, replaced.edited is not None) == (
        "✅ A-12 done",
        None,
        True,
    )
    assert [e.text for e in emu.ephemerals(MARIA)] == ["Thanks!"]
    assert emu.messages(GENERAL) == []


def test_ephemeral_click_has_no_message_and_only_its_reader_can_click(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    client.chat_postEphemeral(channel=GENERAL, user=MARIA, text="Pick", blocks=BLOCKS)
    [ephemeral] = emu.ephemerals(MARIA)

    emu.click(ephemeral, "item_done", user=MARIA)
    payload = fake_app.last().payload()
    WebhookClient(payload["response_url"]).send(text="Done it", replace_original=True)

    assert "message" not in payload
    assert payload["container"] == {
        "type": "message",
        "message_ts": ephemeral.ts,
        "channel_id": GENERAL,
        "is_ephemeral": True,
    }
    assert [e.text for e in emu.ephemerals(MARIA)] == ["Done it"]
    with pytest.raises(ValueError, match="only UMARIA sees"):
        emu.click(ephemeral, "item_done", user=JOE)


def test_click_in_the_home_tab(emu: SlackEmulator, client: WebClient, fake_app: FakeApp) -> None:
    home = {"type": "home", "blocks": BLOCKS}
    view_id = client.views_publish(user_id=MARIA, view=home)["view"]["id"]

    emu.click_view(view_id, "item_done", user=MARIA, value="A-7")

    payload = fake_app.last().payload()
    assert payload["container"] == {"type": "view", "view_id": view_id}
    assert (payload["view"]["type"], payload["actions"][0]["value"]) == ("home", "A-7")
    assert "response_url" not in payload


def test_message_shortcut_payload(emu: SlackEmulator, fake_app: FakeApp) -> None:
    message = emu.post_message(user=JOE, channel=GENERAL, text="Maria will call", send=False)

    emu.open_shortcut("make_action_item", message, user=MARIA)

    payload = fake_app.last().payload()
    assert {k: payload[k] for k in ("type", "callback_id", "message_ts", "channel")} == {
        "type": "message_action",
        "callback_id": "make_action_item",
        "message_ts": message.ts,
        "channel": {"id": GENERAL, "name": "general"},
    }
    assert (payload["message"]["text"], payload["message"]["user"]) == ("Maria will call", JOE)
    assert payload["trigger_id"] in emu.state.triggers
