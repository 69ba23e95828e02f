"""Socket Mode in the emulator: `apps.connections.open`, the WebSocket link, envelopes and acks.

The protocol as slack_sdk's built-in client speaks it. The app calls `apps.connections.open`
with its app-level token (`xapp-…`) and gets a one-time `ws://…/link/?ticket=…` URL on the
emulator's own HTTP server. After the upgrade the emulator says `hello`, then sends each request
as an envelope `{"envelope_id", "type", "payload", "accepts_response_payload"}` (events also carry
`retry_attempt` and `retry_reason`), whose `payload` is what Slack would have POSTed: the form
fields of a command, the `event_callback` of an event, the payload of an interaction
(socket_messages.py builds them). The app answers `{"envelope_id", "payload"?}`, the payload
being what it would have put in its HTTP answer's body. Pings are answered with pongs, and
`{"type": "disconnect"}` asks the app to open a new link. Nothing is signed.

While an app is connected, `SocketModeDriver` sends every command, event and interaction this way
instead of over HTTP and returns the ack as the same `AppResponse`, so every helper keeps working.
"""

from __future__ import annotations

import contextlib
import copy
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message as Headers
from io import BufferedIOBase
from urllib.parse import parse_qs, urlsplit

from bot.sandbox import socket_messages
from bot.sandbox.driver import DriverBase
from bot.sandbox.sender import AppResponse
from bot.sandbox.socket_messages import Request
from bot.sandbox.state import Json, Workspace
from bot.sandbox.websocket import (
    CLOSE,
    PING,
    PONG,
    PROTOCOL_ERROR,
    TEXT,
    ProtocolError,
    WebSocket,
    encode_frame,
    refusal,
    switching_protocols,
)

DEFAULT_APP_TOKEN = "xapp-1-sandbox"
LINK_PATH = "/link/"


@dataclass(eq=False)
class Link:
    """One app connection; `closed` once its reader has ended."""

    socket: WebSocket
    closed: bool = False


class SocketMode:
    """The emulator's Socket Mode server: tickets, open links, envelopes sent, acks received."""

    def __init__(self, ws: Workspace, *, app_token: str = DEFAULT_APP_TOKEN) -> None:
        self.ws = ws
        self.app_token = app_token
        self._changed = threading.Condition()
        self._accepting = False
        self._tickets: set[str] = set()
        self._links: list[Link] = []
        self._opened = 0
        self._envelopes: list[Json] = []
        self._acks: dict[str, Json] = {}
        self._pings: list[bytes] = []
        self._pongs: list[bytes] = []

    def start(self) -> None:
        """Accept links (the emulator's HTTP server is up)."""
        with self._changed:
            self._accepting = True

    def close(self, timeout: float = 5.0) -> None:
        """Refuse new links, close the open ones, and wait until their readers have ended."""
        with self._changed:
            self._accepting = False
            self._tickets.clear()
        self.drop_links()
        self.wait_until(lambda: not self._links, timeout, "every Socket Mode link to close")

    def open_connection(self, token: str | None) -> Json:
        """Answer `apps.connections.open`: a one-time WebSocket URL for an app-level token."""
        if not token:
            return {"ok": False, "error": "not_authed"}
        if not token.startswith("xapp-"):
            return {"ok": False, "error": "not_allowed_token_type"}
        if token != self.app_token:
            return {"ok": False, "error": "invalid_auth"}
        ticket = uuid.uuid4().hex
        with self._changed:
            self._tickets.add(ticket)
        address = self.ws.base_url.removeprefix("http://")
        return {
            "ok": True,
            "url": f"ws://{address}{LINK_PATH}?ticket={ticket}&app_id={self.ws.app_id}",
        }

    def serve(
        self, target: str, headers: Headers, reader: BufferedIOBase, sock: socket.socket
    ) -> None:
        """Run one upgrade request to its end: check the ticket, say hello, read until closed."""
        peer = WebSocket(reader, sock)
        problem = self._admit(target, headers)
        if problem is not None:
            peer.send_raw(refusal(*problem))
            return
        link = Link(peer)
        peer.send_raw(switching_protocols(headers["Sec-WebSocket-Key"]) + self._hello())
        # Listed only once the hello is out, so no envelope can overtake it.
        with self._changed:
            admitted = self._accepting  # Not when the emulator began stopping meanwhile.
            if admitted:
                self._links.append(link)
                self._opened += 1
                self._changed.notify_all()
        try:
            if admitted:
                self._read(link)
            else:
                peer.close()
        finally:
            peer.end()
            with self._changed:
                link.closed = True
                if link in self._links:
                    self._links.remove(link)
                self._changed.notify_all()

    def _hello(self) -> bytes:
        with self._changed:
            count = len(self._links) + 1
        hello = socket_messages.hello(self.ws.app_id, count)
        return encode_frame(TEXT, json.dumps(hello).encode("utf-8"))

    def _admit(self, target: str, headers: Headers) -> tuple[int, str] | None:
        url = urlsplit(target)
        ticket = parse_qs(url.query).get("ticket", [""])[-1]
        if url.path.rstrip("/") != LINK_PATH.rstrip("/"):
            return 404, "Not Found"
        if headers.get("Sec-WebSocket-Version") != "13" or not headers.get("Sec-WebSocket-Key"):
            return 400, "Bad Request"
        with self._changed:
            if not self._accepting:
                return 503, "Service Unavailable"
            if ticket not in self._tickets:
                return 401, "Unauthorized"
            self._tickets.discard(ticket)  # A ticket opens one link, once.
        return None

    def _read(self, link: Link) -> None:
        try:
            for opcode, data in link.socket.messages():
                if opcode == TEXT:
                    self._on_text(data)
                elif opcode == PING:
                    self._record(self._pings, data)
                    link.socket.send(PONG, data)
                elif opcode == PONG:
                    self._record(self._pongs, data)
                elif opcode == CLOSE:
                    link.socket.close(int.from_bytes(data[:2], "big") if data else 1000)
        except ProtocolError as error:
            link.socket.close(PROTOCOL_ERROR, str(error))
        except OSError:
            pass  # The app dropped the connection: the link is closed below all the same.

    def _on_text(self, data: bytes) -> None:
        try:
            message = json.loads(data.decode("utf-8"))
        except ValueError:
            return  # Slack ignores what it cannot read; the envelope stays unacknowledged.
        if isinstance(message, dict) and isinstance(message.get("envelope_id"), str):
            with self._changed:
                self._acks.setdefault(message["envelope_id"], message)
                self._changed.notify_all()

    def _record(self, into: list[bytes], data: bytes) -> None:
        with self._changed:
            into.append(data)
            self._changed.notify_all()

    @property
    def connected(self) -> bool:
        """Tell whether an app has a link open now."""
        with self._changed:
            return bool(self._links)

    def open_links(self) -> int:
        """Return how many links are open now."""
        with self._changed:
            return len(self._links)

    def links_opened(self) -> int:
        """Return how many links were ever opened."""
        with self._changed:
            return self._opened

    def envelopes(self) -> list[Json]:
        """Return every envelope sent to the app, in order."""
        with self._changed:
            return copy.deepcopy(self._envelopes)

    def acks(self) -> list[Json]:
        """Return the app's acks (the first for each envelope), in the order they came."""
        with self._changed:
            return copy.deepcopy(list(self._acks.values()))

    def pings(self) -> list[str]:
        """Return the payload of each ping the app sent."""
        with self._changed:
            return [data.decode("utf-8", "replace") for data in self._pings]

    def wait_until(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        """Block until `predicate()` holds, re-checked on each Socket Mode change."""
        with self._changed:
            if not self._changed.wait_for(predicate, timeout):
                raise AssertionError(f"{what} did not happen within {timeout}s")

    def wait_connected(self, count: int = 1, timeout: float = 10.0) -> None:
        """Block until `count` links were opened in all and one is open."""
        self.wait_until(
            lambda: self._opened >= count and bool(self._links),
            timeout,
            f"Socket Mode link number {count}",
        )

    def deliver(self, request: Request, *, timeout: float = 10.0) -> AppResponse:
        """Send a request in a new envelope, wait for its ack, and return it as an HTTP answer."""
        envelope = socket_messages.envelope(request)
        with self._changed:
            self._envelopes.append(copy.deepcopy(envelope))
        return socket_messages.app_response(
            self._send_until_acked(envelope, time.monotonic() + timeout)
        )

    def _send_until_acked(self, envelope: Json, deadline: float) -> Json:
        """Send on the newest link; if it closes before the ack, send again on the next one."""
        envelope_id, text = envelope["envelope_id"], json.dumps(envelope)
        while True:
            with self._changed:
                link = self._links[-1] if self._links else None
            if link is None:
                raise ConnectionError("no app is connected over Socket Mode")
            # A failed send means the link is going: its reader marks it closed, and the wait ends.
            with contextlib.suppress(OSError):
                link.socket.send_text(text)
            ack = self._wait_for_ack(envelope_id, link, deadline)
            if ack is not None:
                return ack

    def _wait_for_ack(self, envelope_id: str, link: Link, deadline: float) -> Json | None:
        """Return the ack, or None when `link` closed first; raise TimeoutError at the deadline."""
        with self._changed:
            self._changed.wait_for(
                lambda: envelope_id in self._acks or link.closed, deadline - time.monotonic()
            )
            if envelope_id in self._acks:
                return self._acks[envelope_id]
            if link.closed:
                return None
        raise TimeoutError(f"the app did not acknowledge envelope {envelope_id}")

    def ping(self, data: str = "sandbox", timeout: float = 5.0) -> None:
        """Ping every open link; wait until the app answers with a pong carrying `data`."""
        payload = data.encode("utf-8")
        self._broadcast(lambda socket: socket.send(PING, payload))
        self.wait_until(lambda: payload in self._pongs, timeout, f"a pong for {data!r}")

    def ask_to_reconnect(self, reason: str = "refresh_requested") -> None:
        """Send `disconnect` on every open link, as Slack does before it recycles them."""
        text = json.dumps(socket_messages.disconnect(reason))
        self._broadcast(lambda socket: socket.send_text(text))

    def drop_links(self, *, clean: bool = True) -> None:
        """Close every open link from the server's side, as a Slack restart does.

        `clean=False` ends the connections without a close frame, as a network failure does.
        """
        self._broadcast(lambda socket: socket.close() if clean else socket.end())

    def _broadcast(self, send: Callable[[WebSocket], None]) -> None:
        with self._changed:
            links = list(self._links)
        for link in links:
            # A link that fails is closing; its reader takes it out of the list.
            with contextlib.suppress(OSError):
                send(link.socket)


class SocketModeDriver(DriverBase):
    """Sends requests to the app over Socket Mode while it is connected, else over HTTP."""

    socket_mode: SocketMode

    def _deliver(self, body: str, headers: dict[str, str]) -> AppResponse:
        if not self.socket_mode.connected:
            return super()._deliver(body, headers)
        request = socket_messages.request_of(body, headers)
        return self.socket_mode.deliver(request, timeout=self.app_timeout)
