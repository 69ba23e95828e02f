"""The emulator as a Socket Mode server, spoken to by slack_sdk's own built-in client."""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.sandbox.sender import AppResponse
from bot.sandbox.server import SlackEmulator
from bot.sandbox.websocket import CLOSE, PING, PONG, TEXT
from tests.sandbox.conftest import GENERAL, MARIA
from tests.sandbox.fake_app import FakeApp

Json = dict[str, Any]
HELLO = {
    "type": "hello",
    "num_connections": 1,
    "debug_info": {"host": "applink-sandbox", "build_number": 1},
    "connection_info": {"app_id": "ASANDBOX"},
}


class Inbox:
    """What the app side received, and the ack payloads it answers with (none by default)."""

    def __init__(self) -> None:
        self.messages: list[Json] = []
        self.answers: deque[Json] = deque()
        self._changed = threading.Condition()

    def on_message(self, _client: Any, message: Json, _raw: str | None) -> None:
        with self._changed:
            self.messages.append(message)
            self._changed.notify_all()

    def on_request(self, client: BaseSocketModeClient, request: SocketModeRequest) -> None:
        with self._changed:
            payload = self.answers.popleft() if self.answers else None
        client.send_socket_mode_response(SocketModeResponse(request.envelope_id, payload))

    def wait_for(self, predicate: Callable[[list[Json]], bool]) -> list[Json]:
        with self._changed:
            assert self._changed.wait_for(lambda: predicate(self.messages), 5)
            return list(self.messages)


def connect(emu: SlackEmulator, inbox: Inbox, **options: Any) -> SocketModeClient:
    """Connect slack_sdk's built-in client, as Bolt's SocketModeHandler does."""
    client = SocketModeClient(
        app_token=emu.app_token, web_client=WebClient(base_url=emu.api_url), **options
    )
    client.message_listeners.append(inbox.on_message)
    client.socket_mode_request_listeners.append(inbox.on_request)
    client.connect()
    emu.socket_mode.wait_connected()
    return client


def hang_up(emu: SlackEmulator, client: SocketModeClient) -> None:
    """Close the client without waiting out its timeouts.

    The client's own close() waits for its reader's 3-second socket timeout and its queue's
    1-second wait: so the emulator ends the link first (without a close frame, which would
    make the client's reader and close() both disconnect at once, a race in slack_sdk), and
    an empty message wakes the queue.
    """
    client.auto_reconnect_enabled = False
    emu.socket_mode.drop_links(clean=False)
    emu.socket_mode.wait_until(lambda: emu.socket_mode.open_links() == 0, 5, "the link to close")
    close_quickly(client)


def close_quickly(client: SocketModeClient) -> None:
    """Close a client whose link is gone, waking its message queue instead of waiting 1 s."""
    client.closed = True
    client.message_queue.put(None)
    client.close()


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def app(emu: SlackEmulator, inbox: Inbox) -> Iterator[SocketModeClient]:
    client = connect(emu, inbox)
    yield client
    hang_up(emu, client)


def reaction(ts: str) -> Json:
    item = {"type": "message", "channel": GENERAL, "ts": ts}
    return {"type": "reaction_added", "user": MARIA, "reaction": "eyes", "item": item}


def test_the_app_connects_is_greeted_and_acks_an_event_envelope(
    emu: SlackEmulator, app: SocketModeClient, inbox: Inbox
) -> None:
    event = reaction("1.000001")
    answer = emu.send_event(event, event_id="Ev0001")
    assert answer == AppResponse(200, "", None)
    [envelope] = emu.socket_mode.envelopes()
    hello, received = inbox.wait_for(lambda seen: len(seen) == 2)
    assert (hello, received) == (HELLO, envelope)
    assert {**envelope, "envelope_id": "E", "payload": "P"} == {
        "envelope_id": "E",
        "type": "events_api",
        "payload": "P",
        "accepts_response_payload": False,
        "retry_attempt": 0,
        "retry_reason": "",
    }
    payload = envelope["payload"]
    assert (payload["type"], payload["event_id"], payload["event"]) == (
        "event_callback",
        "Ev0001",
        event,
    )
    assert emu.socket_mode.acks() == [{"envelope_id": envelope["envelope_id"]}]
    assert emu.calls("apps.connections.open") == [{}]


def test_a_retried_event_says_which_attempt_it_is(
    emu: SlackEmulator, app: SocketModeClient
) -> None:
    emu.send_event(reaction("1.000001"), event_id="Ev0001", retry_num=2, retry_reason="timeout")
    [envelope] = emu.socket_mode.envelopes()
    assert (envelope["retry_attempt"], envelope["retry_reason"]) == (2, "timeout")


def test_a_command_goes_as_its_form_fields_and_its_ack_is_shown(
    emu: SlackEmulator, app: SocketModeClient, inbox: Inbox
) -> None:
    inbox.answers.append({"text": "Got it"})
    answer = emu.send_command("/action", "", user=MARIA, channel=GENERAL)
    assert answer == AppResponse(200, '{"text": "Got it"}', {"text": "Got it"})
    [envelope] = emu.socket_mode.envelopes()
    fields = envelope["payload"]
    assert (envelope["type"], envelope["accepts_response_payload"]) == ("slash_commands", True)
    assert (fields["command"], fields["text"], fields["user_id"]) == ("/action", "", MARIA)
    assert [r["body"] for r in emu.responses()] == [{"text": "Got it"}]


def test_a_view_submission_is_answerable_and_its_errors_keep_the_modal_open(
    emu: SlackEmulator, app: SocketModeClient, inbox: Inbox, client: WebClient
) -> None:
    view = {
        "type": "modal",
        "callback_id": "edit",
        "title": {"type": "plain_text", "text": "Edit"},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "title",
                "label": {"type": "plain_text", "text": "Title"},
                "element": {"type": "plain_text_input", "action_id": "value"},
            }
        ],
    }
    opened = client.views_open(trigger_id=emu.new_trigger_id(MARIA), view=view)
    errors = {"response_action": "errors", "errors": {"title": "Say a little more."}}
    inbox.answers.append(errors)
    answer = emu.submit_view(opened["view"]["id"], {"title": {"value": "x"}}, user=MARIA)
    assert (answer.status, answer.json) == (200, errors)
    [envelope] = emu.socket_mode.envelopes()
    assert (envelope["type"], envelope["accepts_response_payload"]) == ("interactive", True)
    assert envelope["payload"]["type"] == "view_submission"
    assert [v.id for v in emu.views(MARIA)] == [opened["view"]["id"]]


@pytest.mark.parametrize(
    ("token", "error"),
    [
        ("xapp-1-wrong", "invalid_auth"),  # an app-level token, but not this app's
        ("xoxb-sandbox", "not_allowed_token_type"),  # the bot token cannot open a link
    ],
)
def test_only_the_app_level_token_opens_a_link(emu: SlackEmulator, token: str, error: str) -> None:
    with pytest.raises(SlackApiError) as raised:
        WebClient(base_url=emu.api_url).apps_connections_open(app_token=token)
    assert raised.value.response.data == {"ok": False, "error": error}
    assert emu.socket_mode.links_opened() == 0


def test_a_client_with_a_wrong_token_cannot_connect(emu: SlackEmulator) -> None:
    client = SocketModeClient(app_token="xapp-1-wrong", web_client=WebClient(base_url=emu.api_url))
    try:
        with pytest.raises(SlackApiError, match="invalid_auth"):
            client.connect()
    finally:
        close_quickly(client)


def test_the_app_level_token_cannot_call_bot_methods(emu: SlackEmulator) -> None:
    with pytest.raises(SlackApiError) as raised:
        WebClient(token=emu.app_token, base_url=emu.api_url).auth_test()
    assert raised.value.response["error"] == "not_allowed_token_type"


class RawLink:
    """A hand-written WebSocket client, to check the server's framing byte by byte."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.hostname}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        self.reader = self.sock.makefile("rb")
        self.status = int(self.reader.readline().split()[1])
        while self.reader.readline() not in (b"\r\n", b""):
            pass

    def send(self, opcode: int, payload: bytes, *, masked: bool = True) -> None:
        mask = os.urandom(4) if masked else b""
        data = bytes(b ^ mask[i % 4] for i, b in enumerate(payload)) if masked else payload
        head = struct.pack("!BB", 0x80 | opcode, (0x80 if masked else 0) | len(payload))
        self.sock.sendall(head + mask + data)

    def receive(self) -> tuple[int, bytes]:
        first, second = self.reader.read(2)
        size = second & 0x7F
        if size == 126:
            size = struct.unpack("!H", self.reader.read(2))[0]
        return first & 0x0F, self.reader.read(size)


@pytest.fixture
def raw_link(emu: SlackEmulator) -> Iterator[RawLink]:
    url = WebClient(base_url=emu.api_url).apps_connections_open(app_token=emu.app_token)["url"]
    link = RawLink(str(url))
    yield link
    link.sock.close()


def test_a_ping_from_the_app_is_answered_with_the_same_payload(raw_link: RawLink) -> None:
    assert raw_link.status == 101
    assert raw_link.receive() == (TEXT, json.dumps(HELLO).encode())
    raw_link.send(PING, b"are you there?")
    assert raw_link.receive() == (PONG, b"are you there?")


def test_an_unmasked_frame_closes_the_link_as_a_protocol_error(
    emu: SlackEmulator, raw_link: RawLink
) -> None:
    raw_link.receive()
    raw_link.send(TEXT, b"{}", masked=False)
    assert raw_link.receive() == (CLOSE, struct.pack("!H", 1002) + b"a client frame was not masked")
    emu.socket_mode.wait_until(lambda: emu.socket_mode.open_links() == 0, 5, "the link to end")


def test_a_ticket_opens_one_link_only(emu: SlackEmulator) -> None:
    url = WebClient(base_url=emu.api_url).apps_connections_open(app_token=emu.app_token)["url"]
    first, second = RawLink(str(url)), RawLink(str(url))
    assert (first.status, second.status) == (101, 401)
    first.sock.close()
    second.sock.close()


def test_the_emulator_pings_and_the_client_pongs(emu: SlackEmulator, app: SocketModeClient) -> None:
    emu.socket_mode.ping("still there?")
    # The client pings too, right after connecting, with its session id and the time.
    emu.socket_mode.wait_until(lambda: bool(emu.socket_mode.pings()), 5, "a ping from the client")
    assert emu.socket_mode.pings()[0].startswith(f"{app.session_id()}:")


def test_asked_to_reconnect_the_client_opens_a_new_link_and_still_acks(
    emu: SlackEmulator, app: SocketModeClient
) -> None:
    emu.socket_mode.ask_to_reconnect()
    emu.socket_mode.wait_until(
        lambda: emu.socket_mode.links_opened() == 2 and emu.socket_mode.open_links() == 1,
        10,
        "a second link, and the first one closed",
    )
    assert len(emu.calls("apps.connections.open")) == 2
    assert emu.send_event(reaction("1.000001")) == AppResponse(200, "", None)
    assert len(emu.socket_mode.acks()) == 1


def test_a_link_the_server_drops_is_replaced_by_the_client(
    emu: SlackEmulator, inbox: Inbox
) -> None:
    client = connect(emu, inbox, ping_interval=0.2)
    try:
        emu.socket_mode.drop_links()
        emu.socket_mode.wait_connected(count=2)
        assert emu.send_event(reaction("1.000001")) == AppResponse(200, "", None)
    finally:
        hang_up(emu, client)


def test_http_delivery_resumes_once_the_app_is_disconnected(
    emu: SlackEmulator, fake_app: FakeApp, inbox: Inbox
) -> None:
    client = connect(emu, inbox)
    emu.send_event(reaction("1.000001"))
    assert (len(emu.socket_mode.envelopes()), fake_app.received) == (1, [])
    hang_up(emu, client)
    emu.send_event(reaction("1.000002"))
    assert [r.json()["event"]["item"]["ts"] for r in fake_app.received] == ["1.000002"]


def test_an_envelope_left_unacknowledged_times_out(emu: SlackEmulator) -> None:
    silent = Inbox()
    client = connect(emu, silent)
    client.socket_mode_request_listeners.clear()
    emu.app_timeout = 0.2
    try:
        with pytest.raises(TimeoutError, match="did not acknowledge"):
            emu.send_event(reaction("1.000001"))
    finally:
        hang_up(emu, client)


def test_stopping_the_emulator_closes_its_links(inbox: Inbox) -> None:
    emulator = SlackEmulator().start()
    client = connect(emulator, inbox, auto_reconnect_enabled=False)
    try:
        emulator.stop()
        assert not emulator.socket_mode.connected
    finally:
        close_quickly(client)
