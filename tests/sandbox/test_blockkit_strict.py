"""The strict emulator refuses each documented Block Kit limit, on every method that takes blocks.

Limits slack_sdk's models miss are checked by hand (bot/sandbox/blockkit_limits.py); the rest
come from slack_sdk's models (bot/sandbox/blockkit_models.py). Each answer is Slack's whole body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.sandbox.server import SlackEmulator
from tests.sandbox.conftest import GENERAL, MARIA
from tests.sandbox.test_webapi_rules import actions, button, pointer_error, refusal, section

Json = dict[str, Any]


def option(text: str = "One", value: str = "1") -> Json:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def menu(kind: str = "static_select", options: list[Json] | None = None, **extra: Any) -> Json:
    return {"type": kind, "action_id": "pick", "options": options or [option()], **extra}


def title_input(**element: Any) -> Json:
    return {
        "type": "input",
        "block_id": "title",
        "label": {"type": "plain_text", "text": "Title"},
        "element": {"type": "plain_text_input", "action_id": "value", **element},
    }


def form(*blocks: Json, **extra: Any) -> Json:
    text = {"type": "plain_text", "text": "Edit A-12"}
    submit = {"type": "plain_text", "text": "Save"}
    return {"type": "modal", "title": text, "submit": submit, "blocks": list(blocks), **extra}


def lines(*messages: str) -> list[str]:
    return list(messages)


MESSAGE_CASES = [
    pytest.param(
        [actions(menu(options=[option("o" * 76)]))],
        pointer_error(75, "/blocks/0/elements/0/options/0/text/text"),
        id="option text in a select",
    ),
    pytest.param(
        [actions(menu("radio_buttons", [option("o" * 76)]))],
        pointer_error(75, "/blocks/0/elements/0/options/0/text/text"),
        id="option text in radio buttons",
    ),
    pytest.param(
        [{**section("x"), "accessory": menu(options=[option(value=str(n)) for n in range(101)])}],
        lines("[ERROR] no more than 100 items allowed [json-pointer:/blocks/0/accessory/options]"),
        id="101 options in a static select",
    ),
    pytest.param(
        [actions(*[button(action_id=str(n)) for n in range(26)])],
        lines("[ERROR] must provide 1 to 25 items [json-pointer:/blocks/0/elements]"),
        id="26 actions elements",
    ),
    pytest.param(
        [{"type": "context", "elements": [{"type": "mrkdwn", "text": "x"}] * 11}],
        lines("[ERROR] must provide 1 to 10 items [json-pointer:/blocks/0/elements]"),
        id="11 context elements",
    ),
    pytest.param(
        [{**section("a"), "block_id": "same"}, {**section("b"), "block_id": "same"}],
        lines("[ERROR] duplicate block_id [json-pointer:/blocks/1/block_id]"),
        id="duplicate block_id",
    ),
    pytest.param(
        [section("")],
        lines("[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]"),
        id="empty section text",
    ),
    pytest.param(
        [actions(menu(initial_option=option("Two", "2")))],
        lines(
            "[ERROR] must match one of the options "
            "[json-pointer:/blocks/0/elements/0/initial_option]"
        ),
        id="initial option not among the options",
    ),
    pytest.param(
        [{"type": "markdown", "text": "m" * 12001}],
        lines("[ERROR] text attribute cannot exceed 12000 characters [json-pointer:/blocks/0]"),
        id="slack_sdk: markdown block",
    ),
    pytest.param(
        [{**section("x"), "colour": "red"}],
        lines("[ERROR] unknown field: colour [json-pointer:/blocks/0/colour]"),
        id="slack_sdk: unknown field",
    ),
    pytest.param(
        [{"type": "section", "text": {"type": "mrkdwn", "text": "x", "emoji": True}}],
        lines("[ERROR] unknown field: emoji [json-pointer:/blocks/0]"),
        id="slack_sdk: emoji on mrkdwn",
    ),
    pytest.param(
        [actions({"type": "teleporter"})],
        lines("[ERROR] unsupported type: teleporter [json-pointer:/blocks/0/elements/0]"),
        id="slack_sdk: unknown element",
    ),
]


def _post(client: WebClient, emu: SlackEmulator, blocks: list[Json]) -> Any:
    return client.chat_postMessage(channel=GENERAL, text="t", blocks=blocks)


def _ephemeral(client: WebClient, emu: SlackEmulator, blocks: list[Json]) -> Any:
    return client.chat_postEphemeral(channel=GENERAL, user=MARIA, text="t", blocks=blocks)


def _update(client: WebClient, emu: SlackEmulator, blocks: list[Json]) -> Any:
    ts = client.chat_postMessage(channel=GENERAL, text="t")["ts"]
    return client.chat_update(channel=GENERAL, ts=ts, text="t", blocks=blocks)


Send = Callable[[WebClient, SlackEmulator, list[Json]], Any]


@pytest.mark.parametrize("send", [_post, _ephemeral, _update], ids=["post", "ephemeral", "update"])
@pytest.mark.parametrize(("blocks", "messages"), MESSAGE_CASES)
def test_messages_breaking_a_limit_are_invalid_blocks(
    emu: SlackEmulator, client: WebClient, send: Send, blocks: list[Json], messages: list[str]
) -> None:
    body = refusal(lambda: send(client, emu, blocks))

    assert body == {
        "ok": False,
        "error": "invalid_blocks",
        "response_metadata": {"messages": messages},
    }
    assert emu.refusals()[-1]["messages"] == messages


def test_a_response_url_post_breaking_a_limit_is_a_400(emu: SlackEmulator) -> None:
    url = emu.new_response_url(channel=GENERAL, user=MARIA)

    answer = WebhookClient(url).send(text="t", blocks=[section("x" * 3001)])

    assert (answer.status_code, answer.body) == (400, "invalid_blocks")
    assert emu.responses() == []
    assert [(r["method"], r["messages"]) for r in emu.refusals()] == [
        ("response_url", pointer_error(3000, "/blocks/0/text/text"))
    ]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_a_message_needs_its_text(client: WebClient) -> None:
    body = refusal(lambda: client.chat_postMessage(channel=GENERAL))

    assert body == {"ok": False, "error": "no_text"}


VIEW_CASES = [
    pytest.param(
        form(title_input(max_length=4000)),
        lines(
            "[ERROR] must be between 1 and 3000 [json-pointer:/view/blocks/0/element/max_length]"
        ),
        id="max_length 4000 (the old item form)",
    ),
    pytest.param(
        form(title_input(max_length=0)),
        lines(
            "[ERROR] must be between 1 and 3000 [json-pointer:/view/blocks/0/element/max_length]"
        ),
        id="max_length 0",
    ),
    pytest.param(
        form(title_input(min_length=3001)),
        lines(
            "[ERROR] must be between 0 and 3000 [json-pointer:/view/blocks/0/element/min_length]"
        ),
        id="min_length 3001",
    ),
    pytest.param(
        form(title_input(initial_value="v" * 3001)),
        pointer_error(3000, "/view/blocks/0/element/initial_value"),
        id="initial_value over 3000",
    ),
    pytest.param(
        form(title_input(max_length=10, initial_value="v" * 11)),
        pointer_error(10, "/view/blocks/0/element/initial_value"),
        id="initial_value over its max_length",
    ),
    pytest.param(
        form(section("x"), submit={"type": "plain_text", "text": "s" * 25}),
        pointer_error(24, "/view/submit/text"),
        id="submit",
    ),
    pytest.param(
        form(section("x"), close={"type": "plain_text", "text": "c" * 25}),
        pointer_error(24, "/view/close/text"),
        id="close",
    ),
    pytest.param(
        form(section("x"), private_metadata="m" * 3001),
        pointer_error(3000, "/view/private_metadata"),
        id="private_metadata",
    ),
    pytest.param(
        form(section("x"), title={"type": "plain_text", "text": "t" * 25}),
        pointer_error(24, "/view/title/text"),
        id="title",
    ),
    pytest.param(
        form(*[section("x")] * 101),
        lines("[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"),
        id="101 blocks",
    ),
    pytest.param(
        form(),
        lines("[ERROR] views must contain between 1 and 100 blocks [json-pointer:/view]"),
        id="slack_sdk: no blocks",
    ),
    pytest.param(
        form(section("x"), colour="red"),
        lines("[ERROR] unknown field: colour [json-pointer:/view/colour]"),
        id="slack_sdk: unknown view field",
    ),
]


def _open(client: WebClient, emu: SlackEmulator, view: Json) -> Any:
    return client.views_open(trigger_id=emu.new_trigger_id(MARIA), view=view)


def _push(client: WebClient, emu: SlackEmulator, view: Json) -> Any:
    _open(client, emu, form(section("first")))
    return client.views_push(trigger_id=emu.new_trigger_id(MARIA), view=view)


def _update_view(client: WebClient, emu: SlackEmulator, view: Json) -> Any:
    view_id = _open(client, emu, form(section("first")))["view"]["id"]
    return client.views_update(view_id=view_id, view=view)


OpenView = Callable[[WebClient, SlackEmulator, Json], Any]


@pytest.mark.parametrize(
    "send", [_open, _push, _update_view], ids=["views.open", "views.push", "views.update"]
)
@pytest.mark.parametrize(("view", "messages"), VIEW_CASES)
def test_views_breaking_a_limit_are_invalid_arguments(
    emu: SlackEmulator, client: WebClient, send: OpenView, view: Json, messages: list[str]
) -> None:
    body = refusal(lambda: send(client, emu, view))

    assert body == {
        "ok": False,
        "error": "invalid_arguments",
        "response_metadata": {"messages": messages},
    }


@pytest.mark.parametrize(
    ("view", "messages"),
    [
        pytest.param(
            {"type": "home", "blocks": [section("x")], "submit": form()["submit"]},
            lines("[ERROR] home view cannot have submit and close [json-pointer:/view]"),
            id="slack_sdk: home with submit",
        ),
        pytest.param(
            {"type": "home", "blocks": [section("x")] * 101},
            lines("[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"),
            id="101 blocks on Home",
        ),
    ],
)
def test_a_home_tab_breaking_a_limit_is_invalid_arguments(
    client: WebClient, view: Json, messages: list[str]
) -> None:
    body = refusal(lambda: client.views_publish(user_id=MARIA, view=view))

    assert body == {
        "ok": False,
        "error": "invalid_arguments",
        "response_metadata": {"messages": messages},
    }


def test_a_push_needs_an_open_modal(emu: SlackEmulator, client: WebClient) -> None:
    trigger = emu.new_trigger_id(MARIA)

    body = refusal(lambda: client.views_push(trigger_id=trigger, view=form(section("x"))))

    assert body == {"ok": False, "error": "invalid_trigger_id"}


def test_a_valid_form_opens_and_pushes(emu: SlackEmulator, client: WebClient) -> None:
    first = _open(client, emu, form(title_input(max_length=500, initial_value="Call")))
    pushed = client.views_push(trigger_id=emu.new_trigger_id(MARIA), view=form(section("More")))

    assert (first["ok"], pushed["ok"], emu.refusals()) == (True, True, [])
    assert [v.id for v in emu.views(MARIA)] == [first["view"]["id"], pushed["view"]["id"]]
