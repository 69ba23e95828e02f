"""The emulator's HTTP side: `/api/<method>`, `/upload/<file id>` and `/response/<url id>`,
and the WebSocket upgrade of a Socket Mode link (`/link/?ticket=…`, see socket_mode.py).

Faults are applied here, before the method runs, so a failed attempt never changes the
workspace (except `status=200`, which serves the call and only holds the answer back).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message as Headers
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from bot.sandbox.api_base import REFUSALS, ApiError
from bot.sandbox.api_files import store_upload
from bot.sandbox.oauth import Credentials, basic_credentials, oauth_v2_access
from bot.sandbox.recorder import CallLog, Fault
from bot.sandbox.responses import post_response
from bot.sandbox.socket_mode import SocketMode
from bot.sandbox.state import Json, Workspace
from bot.sandbox.webapi import SCOPES, call_method, decode_params

# A held call goes on by itself after this long, so a test that forgets to release ends.
HOLD_LIMIT_SECONDS = 30


@dataclass
class Reply:
    """An HTTP answer, possibly held back (`delay`) or never sent (`reset`)."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float | None = None
    reset: bool = False

    @classmethod
    def of_json(cls, status: int, body: Json, headers: dict[str, str] | None = None) -> Reply:
        """Return a JSON answer."""
        all_headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, json.dumps(body).encode("utf-8"), all_headers)


class Routes:
    """Turns one request into a `Reply`, against one workspace and its call log.

    `peers` are the routes of linked emulators (other workspaces of the same Slack): a Web API
    call whose token or install code is theirs is answered by them, faults and records too.
    """

    def __init__(
        self,
        ws: Workspace,
        log: CallLog,
        socket_mode: SocketMode | None = None,
        peers: Callable[[], list[Routes]] = list,
    ) -> None:
        self.ws = ws
        self.log = log
        self.socket_mode = socket_mode
        self.peers = peers
        # How long every answer of the Web API and of response_urls takes, as Slack's do over
        # the internet (benchmarks set it; tests leave it at 0).
        self.latency = 0.0

    def route(self, path: str, query: str, headers: Headers, body: bytes) -> Reply:
        """Answer a request to any of the emulator's URLs."""
        reply = self._route(path, query, headers, body)
        if reply.delay is None and self.latency:
            reply.delay = self.latency
        return reply

    def _route(self, path: str, query: str, headers: Headers, body: bytes) -> Reply:
        kind, _, name = path.strip("/").partition("/")
        if kind == "api" and name:
            return self.api(name, query, headers, body)
        if kind == "upload":
            return self.upload(name, body)
        if kind == "response":
            return self.response(name, body)
        return Reply.of_json(404, {"ok": False, "error": "not_found"})

    def api(self, method: str, query: str, headers: Headers, body: bytes) -> Reply:
        """Answer a Web API call, unless a fault is queued for its method."""
        try:
            params = decode_params(body, headers.get("Content-Type", ""), query)
        except (ValueError, UnicodeDecodeError):
            return Reply.of_json(200, {"ok": False, "error": "invalid_json"})
        # Slack takes the token from the Authorization header or, failing that, a `token` param.
        form_token = params.pop("token", None)
        authorization = headers.get("Authorization", "")
        token = _bearer(authorization) or form_token
        # An app's client secret (oauth.v2.access: Basic auth, or a form field) is never recorded.
        secret = params.pop("client_secret", None)
        credentials = basic_credentials(authorization) or (
            (str(params.get("client_id", "")), str(secret)) if secret is not None else None
        )
        routes = self._owner(token, params)
        return routes.answer(method, params, token, credentials)

    def _owner(self, token: str | None, params: Json) -> Routes:
        """Return the routes of the workspace a call belongs to: by its token, or its code."""
        code = params.get("code")
        for routes in (self, *self.peers()):
            ws = routes.ws
            if token is not None and (token == ws.bot_token or token in ws.oauth.revoked):
                return routes
            if token is None and code is not None and code in ws.oauth.grants:
                return routes
        return self

    def answer(
        self, method: str, params: Json, token: str | None, credentials: Credentials | None
    ) -> Reply:
        """Answer a Web API call of this workspace, unless a fault is queued for its method."""
        held = self.log.gate(method)
        if held is not None:  # a test holds this method: wait (outside every lock) for it
            held.wait(HOLD_LIMIT_SECONDS)
        fault = self.log.take_fault(method)
        if fault is None:
            return self._serve(method, params, token, credentials)
        self.log.record_failed(method, params)
        if fault.status == 200 and fault.error is None and not fault.reset:
            reply = self._serve(method, params, token, credentials)
            reply.delay = fault.delay
            return reply
        return _fault_reply(fault)

    def _serve(
        self, method: str, params: Json, token: str | None, credentials: Credentials | None
    ) -> Reply:
        with self.ws.lock:
            if method == "apps.connections.open" and self.socket_mode is not None:
                answer = self.socket_mode.open_connection(token)
            elif method == "oauth.v2.access":
                answer = oauth_v2_access(self.ws, params, credentials)
            else:
                answer = call_method(self.ws, method, params, token)
            if answer.get("error") in REFUSALS:
                messages = answer.get("response_metadata", {}).get("messages", [])
                self.log.record_refusal(method, str(answer["error"]), messages, params)
            # Recorded before the answer leaves, so the caller always finds it recorded.
            self.log.record(method, params)
        return Reply.of_json(200, answer, {"x-oauth-scopes": SCOPES})

    def upload(self, file_id: str, body: bytes) -> Reply:
        """Store a file's bytes posted to its upload URL."""
        with self.ws.lock:
            stored = store_upload(self.ws, file_id, body)
        if not stored:
            return Reply(404, b"unknown upload url")
        return Reply(200, f"OK - {len(body)}".encode(), {"Content-Type": "text/plain"})

    def response(self, url_id: str, body: bytes) -> Reply:
        """Apply a post to a response_url and record it."""
        try:
            message = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return _webhook_error(400, "invalid_payload")
        with self.ws.lock:
            url = self.ws.response_urls.get(url_id)
            if url is None:
                return _webhook_error(404, "expired_url")
            try:
                if not isinstance(message, dict):
                    raise ApiError("invalid_payload")
                post_response(self.ws, url, message)
            except ApiError as error:
                failure = {"url_id": url_id, "body": message, "error": error.error}
                self.log.record_failed("response_url", {**failure, "messages": error.messages})
                if error.error in REFUSALS:
                    self.log.record_refusal("response_url", error.error, error.messages, message)
                return _webhook_error(404 if error.error == "used_url" else 400, error.error)
            entry = {"url_id": url_id, "channel": url.channel, "user": url.user, "body": message}
            self.log.record_response(entry)
        return Reply.of_json(200, {"ok": True})


def _webhook_error(status: int, error: str) -> Reply:
    """Answer a response_url post as Slack answers webhooks: a status and a bare error string.

    https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks: "HTTP
    400 Bad Request ... invalid_payload", with "the simple strings we'll return to you in the
    response body"; an invalid message answers 400 `invalid_blocks` (or `no_text`) the same way.
    """
    return Reply(status, error.encode(), {"Content-Type": "text/plain"})


def _bearer(header: str) -> str | None:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _fault_reply(fault: Fault) -> Reply:
    if fault.reset:
        return Reply(0, delay=fault.delay, reset=True)
    if fault.error is not None:
        reply = Reply.of_json(200, {"ok": False, "error": fault.error})
    elif fault.status == 429:
        reply = Reply.of_json(429, {"ok": False, "error": "ratelimited"})
        reply.headers["Retry-After"] = str(fault.retry_after)
    else:
        reply = Reply.of_json(fault.status, {"ok": False, "error": "fatal_error"})
    reply.delay = fault.delay
    return reply


class EmulatorHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its routes and when it is stopping."""

    daemon_threads = True

    def __init__(self, routes: Routes) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.stopping = threading.Event()

    def serve_until_stopped(self) -> None:
        """Handle requests, each in its own thread, until `stop_serving` is called."""
        while not self.stopping.is_set():
            self.handle_request()

    def stop_serving(self) -> None:
        """Make `serve_until_stopped` return, and release answers held by a delay."""
        self.stopping.set()
        # One throwaway connection wakes the blocking accept: no polling interval to wait out.
        host, port = self.server_address[:2]
        with socket.create_connection((str(host), int(port)), timeout=5):
            pass


class _Handler(BaseHTTPRequestHandler):
    server: EmulatorHTTPServer

    def do_POST(self) -> None:
        """Answer a POST (every Web API client, uploads, response_urls)."""
        self._answer()

    def do_GET(self) -> None:
        """Answer a GET (Slack accepts it for Web API methods), or open a Socket Mode link."""
        socket_mode = self.server.routes.socket_mode
        if socket_mode is not None and self.headers.get("Upgrade", "").lower() == "websocket":
            self.close_connection = True  # The link owns the connection until it ends.
            socket_mode.serve(self.path, self.headers, self.rfile, self.connection)
            return
        self._answer()

    def _answer(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        reply = self.server.routes.route(url.path, url.query, self.headers, body)
        # Waiting on the stop event (not sleeping) lets stop() release held answers at once.
        if reply.delay and self.server.stopping.wait(reply.delay):
            reply.reset = True
        if reply.reset:
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in {**reply.headers, "Content-Length": str(len(reply.body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet: the call log is the record."""
