"""The emulator's HTTP side: the identity documents, the token endpoint and the connector.

One `TeamsRoutes` answers every URL; `TeamsHTTPServer` serves it over plain HTTP, or over TLS
with a certificate made at start (msal takes only https authorities; see tls.py). Documents
name URLs on the scheme and host they were asked on, so either listener serves the whole tenant.
"""

from __future__ import annotations

import base64
import binascii
import socket
import ssl
import sys
import threading
from email.message import Message as Headers
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from bot.sandbox.httpd import Reply
from bot.sandbox.recorder import CallLog
from bot.sandbox.teams import identity
from bot.sandbox.teams.connector import Connector
from bot.sandbox.teams.keys import SigningKey
from bot.sandbox.teams.state import Tenant

SERVICE_PREFIX = "amer"


class TeamsRoutes:
    """Turns one request into a `Reply`."""

    def __init__(
        self, tenant: Tenant, log: CallLog, bot_keys: list[SigningKey], entra_key: SigningKey
    ) -> None:
        self.tenant = tenant
        self.log = log
        self.bot_keys = bot_keys  # published, newest last; shared with the emulator
        self.entra_key = entra_key
        self.connector = Connector(tenant, log, entra_key)

    def route(
        self, method: str, base_url: str, path: str, query: str, headers: Headers, body: bytes
    ) -> Reply:
        """Answer a request to any of the emulator's URLs."""
        parts = path.strip("/").split("/")
        if parts[0] == SERVICE_PREFIX:
            return self.connector.handle(method, "/".join(parts[1:]), query, headers, body)
        if method == "GET" and parts == ["v1", ".well-known", "openidconfiguration"]:
            return Reply.of_json(200, identity.openid_configuration(base_url))
        if method == "GET" and parts == ["v1", ".well-known", "keys"]:
            return Reply.of_json(200, identity.bot_framework_keys(self.bot_keys))
        if len(parts) >= 2:
            return self._tenant_route(method, base_url, parts, headers, body)
        return Reply.of_json(404, {"error": "not_found"})

    def _tenant_route(
        self, method: str, base_url: str, parts: list[str], headers: Headers, body: bytes
    ) -> Reply:
        tenant_id, rest = parts[0], parts[1:]
        if method == "GET" and rest == ["v2.0", ".well-known", "openid-configuration"]:
            if tenant_id.lower() != self.tenant.id.lower():
                return Reply.of_json(
                    400,
                    identity.entra_error(
                        "invalid_tenant", f"Tenant '{tenant_id}' not found.", 90002
                    ),
                )
            return Reply.of_json(
                200, identity.tenant_openid_configuration(base_url, self.tenant.id)
            )
        if method == "GET" and rest == ["discovery", "v2.0", "keys"]:
            return Reply.of_json(200, identity.entra_keys(self.entra_key))
        if method == "POST" and rest == ["oauth2", "v2.0", "token"]:
            return self._token(tenant_id, headers, body)
        return Reply.of_json(404, {"error": "not_found"})

    def _token(self, tenant_id: str, headers: Headers, body: bytes) -> Reply:
        fault = self.log.take_fault("token")
        if fault is not None:
            self.log.record_failed("token", {"tenant": tenant_id})
            reply = Reply.of_json(
                fault.status,
                identity.entra_error(
                    "temporarily_unavailable", "The service is busy; try again later.", 50196
                ),
            )
            reply.headers["Retry-After"] = str(fault.retry_after)
            return reply
        try:
            with self.tenant.lock:
                answer = identity.issue_token(
                    self.tenant, self.entra_key, tenant_id, body, _basic(headers)
                )
        except identity.TokenRefused as refused:
            self.log.record_failed("token", {"tenant": tenant_id, "error": refused.body["error"]})
            return Reply.of_json(refused.status, refused.body)
        self.log.record("token", {"tenant": tenant_id})
        return Reply.of_json(200, answer, {"Cache-Control": "no-store, no-cache"})


def _basic(headers: Headers) -> tuple[str, str] | None:
    scheme, _, encoded = headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return client_id, secret


class TeamsHTTPServer(ThreadingHTTPServer):
    """A threading HTTP(S) server that knows its routes and when it is stopping."""

    daemon_threads = True

    def __init__(self, routes: TeamsRoutes, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.tls = tls
        self.stopping = threading.Event()

    @property
    def url(self) -> str:
        """Return this listener's base URL."""
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.server_address[1]}"

    def get_request(self) -> tuple[socket.socket, object]:
        """Accept a connection, wrapped in TLS on the https listener."""
        connection, address = self.socket.accept()
        if self.tls is not None:
            connection = self.tls.wrap_socket(
                connection, server_side=True, do_handshake_on_connect=False
            )
        return connection, address

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet when a client drops a connection or refuses our certificate."""
        if not isinstance(sys.exc_info()[1], ssl.SSLError | ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def serve_until_stopped(self) -> None:
        """Handle requests, each in its own thread, until `stop_serving` is called."""
        while not self.stopping.is_set():
            self.handle_request()

    def stop_serving(self) -> None:
        """Make `serve_until_stopped` return (one throwaway connection wakes the accept)."""
        self.stopping.set()
        with socket.create_connection(("127.0.0.1", int(self.server_address[1])), timeout=5):
            pass


class _Handler(BaseHTTPRequestHandler):
    server: TeamsHTTPServer

    def do_GET(self) -> None:
        """Answer a GET."""
        self._answer("GET")

    def do_POST(self) -> None:
        """Answer a POST."""
        self._answer("POST")

    def do_PUT(self) -> None:
        """Answer a PUT (an activity update)."""
        self._answer("PUT")

    def do_DELETE(self) -> None:
        """Answer a DELETE (an activity deletion)."""
        self._answer("DELETE")

    def _answer(self, method: str) -> None:
        if self.server.stopping.is_set():
            self.close_connection = True
            return
        url = urlsplit(self.path)
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit():
            reply = Reply.of_json(400, {"error": {"code": "BadSyntax", "message": "Bad length."}})
        else:
            body = self.rfile.read(int(length)) if int(length) else b""
            reply = self.server.routes.route(
                method, self.server.url, url.path, url.query, self.headers, body
            )
        self.send_response(reply.status)
        for name, value in {**reply.headers, "Content-Length": str(len(reply.body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet: the call log is the record."""
