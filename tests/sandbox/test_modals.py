"""Modals: Slack's view_submission payload, and what Slack does with the app's answer."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient

from bot.sandbox.server import SlackEmulator
from tests.sandbox.conftest import JOE, MARIA
from tests.sandbox.fake_app import FakeApp
from tests.sandbox.samples import SNOOZE

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
    saved = [{"type": "section", "text": {"type": "mrkdwn", "text": "Saved A-12"}}]
    thanks = {**MODAL, "blocks": saved, "title": {"type": "plain_text", "text": "Saved"}}
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


def test_an_invalid_update_answer_keeps_the_modal_and_is_recorded(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    view_id = open_modal(emu, client)
    too_long = {**MODAL, "title": {"type": "plain_text", "text": "A title over the limit!!!"}}
    fake_app.reply_with({"response_action": "update", "view": too_long})

    emu.submit_view(view_id, {"title": {"value": "x"}, "owners": {"value": [MARIA]}}, user=MARIA)

    [view] = emu.views(MARIA)
    assert view.view["title"] == MODAL["title"]
    assert emu.failed_calls("response_action") == [
        {
            "view_id": view_id,
            "view": too_long,
            "messages": ["[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"],
        }
    ]


def test_clear_closes_every_modal_of_the_person(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    view_id = open_modal(emu, client)
    open_modal(emu, client)
    fake_app.reply_with({"response_action": "clear"})

    emu.submit_view(view_id, {"title": {"value": "x"}, "owners": {"value": [MARIA]}}, user=MARIA)

    assert emu.views(MARIA) == []


def test_errors_must_name_input_blocks(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    view_id = open_modal(emu, client)
    fake_app.reply_with({"response_action": "errors", "errors": {"title": "Too long", "nope": "x"}})

    emu.submit_view(view_id, {"title": {"value": "x"}, "owners": {"value": [MARIA]}}, user=MARIA)

    failure = {
        "view_id": view_id,
        "errors": {"title": "Too long", "nope": "x"},
        "messages": ["[ERROR] must be the block_id of an input block [json-pointer:/errors/nope]"],
    }
    assert emu.failed_calls("response_action") == [failure]
    assert emu.refusals() == [
        {
            "method": "response_action",
            "error": "invalid_arguments",
            "messages": failure["messages"],
            "sent": failure,
        }
    ]


def test_errors_under_input_blocks_keep_the_modal_open(
    emu: SlackEmulator, client: WebClient, fake_app: FakeApp
) -> None:
    view_id = open_modal(emu, client)
    fake_app.reply_with({"response_action": "errors", "errors": {"title": "Too long"}})

    emu.submit_view(view_id, {"title": {"value": "x"}, "owners": {"value": [MARIA]}}, user=MARIA)

    assert ([v.id for v in emu.views(MARIA)], emu.refusals()) == ([view_id], [])
