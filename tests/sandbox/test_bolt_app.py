"""A real Bolt app on real HTTP, talking to the emulator both ways: the proof that they fit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_bolt import Ack, App, Respond
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.sandbox.server import SlackEmulator
from tests.sandbox.conftest import GENERAL, MARIA


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


def build_app(emu: SlackEmulator, signing_secret: str) -> App:
    """A small Bolt app with a command, an event and a button listener."""
    client = WebClient(token=emu.bot_token, base_url=emu.api_url)
    app = App(client=client, signing_secret=signing_secret)

    @app.command("/action")
    def action_command(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ack(text=f"Got it: {command['text']}")
        button = {
            "type": "button",
            "action_id": "done",
            "text": {"type": "plain_text", "text": "Done"},
        }
        client.chat_postMessage(
            channel=command["channel_id"],
            text=f"📌 A-1 {command['text']}",
            blocks=[{"type": "actions", "block_id": "item", "elements": [button]}],
        )

    @app.event("message")
    def capture(event: dict[str, Any], client: WebClient) -> None:
        client.chat_postMessage(channel=event["channel"], thread_ts=event["ts"], text="Captured")

    @app.action("done")
    def done(ack: Ack, respond: Respond) -> None:
        ack()
        respond(text="✅ A-1 done", replace_original=True)

    return app


@pytest.fixture
def bolt_url(emu: SlackEmulator) -> Iterator[str]:
    """Serve the Bolt app with wsgiref; the emulator must run first (Bolt calls auth.test)."""
    server: WSGIServer = make_server(
        "127.0.0.1",
        0,
        SlackRequestHandler(build_app(emu, emu.signing_secret)),
        handler_class=QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/slack/events"
    server.shutdown()
    server.server_close()
    thread.join()


def test_command_round_trip_through_bolt(emu: SlackEmulator, bolt_url: str) -> None:
    emu.request_url = bolt_url

    answer = emu.send_command("/action", "Call the shelter", user=MARIA, channel=GENERAL)

    # Bolt answers a text-only ack as plain text; Slack shows it to the invoker all the same.
    assert (answer.status, answer.body) == (200, "Got it: Call the shelter")
    assert [e.text for e in emu.ephemerals(MARIA)] == ["Got it: Call the shelter"]
    [posted] = emu.wait_for("chat.postMessage")
    assert (posted["channel"], posted["text"]) == (GENERAL, "📌 A-1 Call the shelter")


def test_button_round_trip_through_bolt(emu: SlackEmulator, bolt_url: str) -> None:
    emu.request_url = bolt_url
    emu.send_command("/action", "Call the shelter", user=MARIA, channel=GENERAL)
    emu.wait_for("chat.postMessage")
    [message] = emu.messages(GENERAL)

    assert emu.click(message, "done", user=MARIA).status == 200

    emu.wait_until(lambda: len(emu.responses()) == 2, what="the respond() after the click")
    assert [m.text for m in emu.messages(GENERAL)] == ["✅ A-1 done"]


def test_message_event_round_trip_through_bolt(emu: SlackEmulator, bolt_url: str) -> None:
    emu.request_url = bolt_url

    message = emu.post_message(user=MARIA, channel=GENERAL, text="ACTION: call the shelter")

    assert emu.wait_for("chat.postMessage") == [
        {"channel": GENERAL, "text": "Captured", "thread_ts": message.ts, "team_id": "T0SANDBOX"}
    ]


def test_bolt_refuses_requests_signed_with_another_secret(emu: SlackEmulator) -> None:
    app = build_app(emu, "the-real-secret")
    server = make_server("127.0.0.1", 0, SlackRequestHandler(app), handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    try:
        emu.request_url = f"http://127.0.0.1:{server.server_port}/slack/events"
        answer = emu.send_command("/action", "x", user=MARIA, channel=GENERAL)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

    assert answer.status == 401
    assert emu.ephemerals() == []
