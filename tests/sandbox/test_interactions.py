"""Clicks, modal submissions and shortcuts: Slack's payloads, and what Slack does with answers."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.sandbox.server import SlackEmulator
from tests.sandbox.conftest import GENERAL, JOE, MARIA
from tests.sandbox.fake_app import FakeApp

DONE = {
    "type": "button",
    "action_id": "item_done",
    "text": {"type": "plain_text", "text": "Done"},
    "value": "A-12",
    "style": "primary",
}
SNOOZE = {
    "type": "static_select",
    "action_id": "item_snooze",
    "placeholder": {"type": "plain_text", "text": "Snooze"},
    "options": [
        {"text": {"type": "plain_text", "text": "Tomorrow"}, "value": "tomorrow"},
        {"text": {"type": "plain_text", "text": "Next week"}, "value": "next_week"},
    ],
}
BLOCKS = [{"type": "actions", "block_id": "item", "elements": [DONE, SNOOZE]}]
MODAL = {
    "type": "modal",
    "callback_id": "edit_item",
    "title": {"type": "plain_text", "text": "Edit A-12"},
    "submit": {"type": "plain_text", "text": "Save"},
    "private_metadata": "12",
    "blocks": [
        {
            "type": "input",
            "block_id": "title",
            "label": {"type": "plain_text", "text": "Title"},
            "element": {"type": "plain_text_input", "action_id": "value"},
        },
        {
            "type": "input",
            "block_id": "due",
            "optional": True,
            "label": {"type": "plain_text", "text": "Due"},
            "element": {"type": "datepicker", "action_id": "value"},
        },
        {
            "type": "input",
            "block_id": "owners",
            "label": {"type": "plain_text", "text": "Owners"},
            "element": {"type": "multi_users_select", "action_id": "value"},
        },
        {
            "type": "input",
            "block_id": "when",
            "optional": True,
            "label": {"type": "plain_text", "text": "Snooze"},
            "element": SNOOZE,
        },
    ],
}


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


def open_modal(emu: SlackEmulator, client: WebClient) -> str:
    view_id: str = client.views_open(trigger_id=emu.new_trigger_id(MARIA), view=MODAL)["view"]["id"]
    return view_id


def test_view_submission_payload_has_slacks_state_values(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    view_id = open_modal(emu, client)

    answer = emu.submit_view(
        view_id, {"title": {"value": "Call shelter"}, "owners": {"value": [MARIA, JOE]}}, user=MARIA
    )

    payload = fake_app.last().payload()
    assert (answer.status, payload["type"], payload["response_urls"]) == (
        200,
        "view_submission",
        [],
    )
    assert (payload["view"]["id"], payload["view"]["callback_id"]) == (view_id, "edit_item")
    assert payload["view"]["private_metadata"] == "12"
    assert payload["view"]["state"] == {
        "values": {
            "title": {"value": {"type": "plain_text_input", "value": "Call shelter"}},
            "due": {"value": {"type": "datepicker", "selected_date": None}},
            "owners": {"value": {"type": "multi_users_select", "selected_users": [MARIA, JOE]}},
            "when": {"item_snooze": {"type": "static_select", "selected_option": None}},
        }
    }
    assert emu.views(MARIA) == []  # an empty answer closes the modal


def test_view_submission_errors_keep_the_modal_open(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    view_id = open_modal(emu, client)
    errors = {"response_action": "errors", "errors": {"due": "That date is in the past"}}
    fake_app.reply_with(errors)

    values: dict[str, dict[str, Any]] = {
        "title": {"value": "x"},
        "owners": {"value": [MARIA]},
        "due": {"value": "2020-01-01"},
    }
    answer = emu.submit_view(view_id, values, user=MARIA)

    assert answer.json == errors
    assert [v.id for v in emu.views(MARIA)] == [view_id]


def test_view_submission_update_replaces_the_modal(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    view_id = open_modal(emu, client)
    thanks = {**MODAL, "blocks": [], "title": {"type": "plain_text", "text": "Saved"}}
    fake_app.reply_with({"response_action": "update", "view": thanks})

    emu.submit_view(view_id, {"title": {"value": "x"}, "owners": {"value": [MARIA]}}, user=MARIA)

    [view] = emu.views(MARIA)
    assert (view.id, view.view["title"]["text"]) == (view_id, "Saved")


def test_submitting_without_a_required_input_is_a_test_bug(
    emu: SlackEmulator, client: WebClient
) -> None:
    view_id = open_modal(emu, client)

    with pytest.raises(ValueError, match="input block 'title' is required"):
        emu.submit_view(view_id, {"owners": {"value": [MARIA]}}, user=MARIA)


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
