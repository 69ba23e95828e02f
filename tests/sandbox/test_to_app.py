"""Requests the emulator sends to the app: signed like Slack's, shaped like Slack's."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from bot.sandbox.sender import sign
from bot.sandbox.server import SlackEmulator
from bot.sandbox.state import Message
from tests.sandbox.conftest import GENERAL, JOE, MARIA, OUTSIDE
from tests.sandbox.fake_app import FakeApp, Received

SECRET = "sandbox-signing-secret"


def verified(request: Received) -> bool:
    return SignatureVerifier(SECRET).is_valid_request(request.body, request.headers)


def test_signature_matches_slack_sdks_verifier() -> None:
    body = "token=x&text=%2Faction"
    signature = sign(SECRET, "1732460400", body)

    assert SignatureVerifier(SECRET).generate_signature(timestamp="1732460400", body=body) == (
        signature
    )


def test_command_is_signed_form_encoded_and_complete(emu: SlackEmulator, fake_app: FakeApp) -> None:
    answer = emu.send_command("/action", "Call the shelter by Friday", user=MARIA, channel=GENERAL)

    request = fake_app.last()
    assert (answer.status, answer.body, answer.json) == (200, "", None)
    assert verified(request)
    assert not SignatureVerifier("another-secret").is_valid_request(request.body, request.headers)
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    fields = request.form()
    assert fields == {
        "token": "sandbox-verification-token",
        "team_id": "T0SANDBOX",
        "team_domain": "sandbox",
        "channel_id": GENERAL,
        "channel_name": "general",
        "user_id": MARIA,
        "user_name": "maria",
        "command": "/action",
        "text": "Call the shelter by Friday",
        "api_app_id": "ASANDBOX",
        "is_enterprise_install": "false",
        "response_url": fields["response_url"],
        "trigger_id": fields["trigger_id"],
    }
    assert fields["response_url"].startswith(emu.api_url.removesuffix("api/") + "response/")


def test_command_ack_text_is_shown_to_the_invoker_only(
    emu: SlackEmulator, fake_app: FakeApp
) -> None:
    fake_app.reply_with({"text": "Working on it"})

    emu.send_command("/action", "list", user=MARIA, channel=GENERAL)

    [shown] = emu.ephemerals(MARIA)
    assert (shown.channel, shown.text) == (GENERAL, "Working on it")
    assert [r["body"] for r in emu.responses()] == [{"text": "Working on it"}]


def test_command_ack_in_channel_becomes_a_channel_message(
    emu: SlackEmulator, fake_app: FakeApp
) -> None:
    fake_app.reply_with({"response_type": "in_channel", "text": "📌 A-1 Call the shelter"})

    emu.send_command("/action", "Call the shelter", user=MARIA, channel=GENERAL)

    assert [m.text for m in emu.messages(GENERAL)] == ["📌 A-1 Call the shelter"]
    assert emu.ephemerals() == []


def test_command_trigger_opens_a_modal_once(
    emu: SlackEmulator, fake_app: FakeApp, client: WebClient
) -> None:
    emu.send_command("/action", "edit A-1", user=MARIA, channel=GENERAL)
    trigger = fake_app.last().form()["trigger_id"]
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "A-1"}}]
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Edit"}, "blocks": blocks}

    view = client.views_open(trigger_id=trigger, view=modal)["view"]

    assert [(v.id, v.user) for v in emu.views()] == [(view["id"], MARIA)]
    with pytest.raises(SlackApiError, match="invalid_trigger_id"):
        client.views_open(trigger_id=trigger, view=modal)


def test_response_url_posts_follow_response_type_and_limits(
    emu: SlackEmulator, fake_app: FakeApp
) -> None:
    emu.send_command("/action", "Call", user=MARIA, channel=OUTSIDE)
    url = fake_app.last().form()["response_url"]
    webhook = WebhookClient(url)

    public = webhook.send(text="📌 A-1", response_type="in_channel")
    private = webhook.send(text="Only you")
    replaced = webhook.send(text="Only you (edited)", replace_original=True)

    assert (public.status_code, private.status_code, replaced.status_code) == (200, 200, 200)
    assert [m.text for m in emu.messages(OUTSIDE)] == ["📌 A-1"]  # no need to be a member
    assert [e.text for e in emu.ephemerals(MARIA)] == ["Only you (edited)"]
    assert [r["body"]["text"] for r in emu.responses()] == [
        "📌 A-1",
        "Only you",
        "Only you (edited)",
    ]
    assert {(r["channel"], r["user"]) for r in emu.responses()} == {(OUTSIDE, MARIA)}
    webhook.send(text="4")
    webhook.send(text="5")
    assert webhook.send(text="6").status_code == 404  # five uses per URL


def test_response_url_refuses_blocks_without_text(emu: SlackEmulator) -> None:
    url = emu.new_response_url(channel=GENERAL, user=MARIA)

    answer = WebhookClient(url).send(blocks=[{"type": "divider"}])

    # Slack answers webhooks with a status and a bare error string, not JSON.
    assert (answer.status_code, answer.body) == (400, "no_text")
    assert emu.responses() == []


def test_event_envelope_and_retry_headers(emu: SlackEmulator, fake_app: FakeApp) -> None:
    event = {"type": "app_home_opened", "user": MARIA, "channel": "DUMARIA", "tab": "home"}

    emu.send_event(event, event_id="Ev123", retry_num=1)

    request = fake_app.last()
    envelope = request.json()
    assert verified(request)
    assert request.headers["Content-Type"] == "application/json"
    assert (request.headers["X-Slack-Retry-Num"], request.headers["X-Slack-Retry-Reason"]) == (
        "1",
        "http_timeout",
    )
    assert envelope == {
        "token": "sandbox-verification-token",
        "team_id": "T0SANDBOX",
        "context_team_id": "T0SANDBOX",
        "context_enterprise_id": None,
        "api_app_id": "ASANDBOX",
        "event": event,
        "type": "event_callback",
        "event_id": "Ev123",
        "event_time": envelope["event_time"],
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": "T0SANDBOX",
                "user_id": "UBACKBONE",
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-sandbox-Ev123",
    }


def test_fresh_event_ids_differ(emu: SlackEmulator, fake_app: FakeApp) -> None:
    emu.send_event({"type": "app_mention"})
    emu.send_event({"type": "app_mention"})

    ids = [request.json()["event_id"] for request in fake_app.received]
    assert ids[0] != ids[1] and all(i.startswith("Ev") for i in ids)


def test_a_person_posting_delivers_a_message_event(emu: SlackEmulator, fake_app: FakeApp) -> None:
    root = emu.post_message(user=MARIA, channel=GENERAL, text="notes")
    reply = emu.post_message(
        user=JOE, channel=GENERAL, text="ACTION: <@UMARIA> call", thread_ts=root.ts
    )

    event = fake_app.last().json()["event"]
    assert event == {
        "type": "message",
        "user": JOE,
        "text": "ACTION: <@UMARIA> call",
        "ts": reply.ts,
        "client_msg_id": event["client_msg_id"],
        "team": "T0SANDBOX",
        "blocks": [
            {
                "type": "rich_text",
                "block_id": "sandbox",
                "elements": [
                    {
                        "type": "rich_text_section",
                        "elements": [
                            {"type": "text", "text": "ACTION: "},
                            {"type": "user", "user_id": MARIA},
                            {"type": "text", "text": " call"},
                        ],
                    }
                ],
            }
        ],
        "channel": GENERAL,
        "event_ts": reply.ts,
        "channel_type": "channel",
        "thread_ts": root.ts,
        "parent_user_id": MARIA,
    }
    assert [m.text for m in emu.messages(GENERAL, thread_ts=root.ts)] == ["ACTION: <@UMARIA> call"]


def test_no_event_where_the_bot_is_not(emu: SlackEmulator, fake_app: FakeApp) -> None:
    emu.post_message(user=MARIA, channel=OUTSIDE, text="private chatter")

    assert fake_app.received == []
    assert [m.text for m in emu.messages(OUTSIDE)] == ["private chatter"]


def test_people_post_only_where_they_are_members(emu: SlackEmulator) -> None:
    with pytest.raises(ValueError, match="UPAT is not a member of CGENERAL"):
        emu.post_message(user="UPAT", channel=GENERAL, text="hi", send=False)


def test_reactions_send_added_and_removed_events(emu: SlackEmulator, fake_app: FakeApp) -> None:
    message = emu.post_message(user=MARIA, channel=GENERAL, text="pin me", send=False)

    emu.react(user=JOE, channel=GENERAL, ts=message.ts, name="pushpin")
    again = emu.react(user=JOE, channel=GENERAL, ts=message.ts, name="pushpin")
    added = fake_app.last().json()["event"]
    emu.unreact(user=JOE, channel=GENERAL, ts=message.ts, name="pushpin")
    removed = fake_app.last().json()["event"]

    assert again is None  # Slack sends nothing for a reaction already there
    assert added == {
        "type": "reaction_added",
        "user": JOE,
        "reaction": "pushpin",
        "item_user": MARIA,
        "item": {"type": "message", "channel": GENERAL, "ts": message.ts},
        "event_ts": added["event_ts"],
    }
    assert removed["type"] == "reaction_removed"
    assert emu.messages(GENERAL)[0].reactions == {"pushpin": []}


def test_sending_needs_a_request_url() -> None:
    with SlackEmulator() as emulator, pytest.raises(RuntimeError, match="request_url"):
        emulator.send_event({"type": "app_mention"})


def test_snapshots_do_not_change_under_the_caller(emu: SlackEmulator) -> None:
    message = emu.post_message(user=MARIA, channel=GENERAL, text="x", send=False)
    emu.react(user=JOE, channel=GENERAL, ts=message.ts, name="eyes", send=False)

    assert message.reactions == {}
    assert isinstance(emu.messages(GENERAL)[0], Message)
    assert emu.ephemerals() == []


def test_an_ack_without_a_text_fallback_is_refused_and_recorded(
    emu: SlackEmulator, fake_app: FakeApp
) -> None:
    blocks_only = {"blocks": [{"type": "divider"}]}
    fake_app.reply_with(blocks_only)

    emu.send_command("/action", "help", user=MARIA, channel=GENERAL)

    assert emu.ephemerals() == []
    [failure] = emu.failed_calls("response_url")
    assert (failure["body"], failure["error"]) == (blocks_only, "no_text")


def test_only_the_dm_owner_posts_in_their_dm(emu: SlackEmulator, fake_app: FakeApp) -> None:
    emu.post_message(user=MARIA, channel=MARIA, text="remind me")

    assert fake_app.last().json()["event"]["channel_type"] == "im"
    with pytest.raises(ValueError, match="UJOE is not a member of UMARIA"):
        emu.post_message(user=JOE, channel=MARIA, text="hi", send=False)
