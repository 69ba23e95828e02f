"""The HTTP face of Backbone: Slack's requests, a health check, and the server that runs them.

Waitress serves the WSGI app: a production server in pure Python, so the same server runs on a
laptop, in a container and behind a proxy.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import create_server

from bot.slack.inbound import has_slack_shape, signature_is_valid

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024
STOP_GRACE_SECONDS = 10
EVENTS_PATH = "/slack/events"
BAD_REQUEST = {"ok": False, "error": "bad_request"}


def _answer(start_response: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    start_response(status, headers)
    return [data]


def make_wsgi_app(
    bolt: App, *, healthy: Callable[[], bool], signing_secret: str
) -> WSGIApplication:
    """Route Slack's requests to Bolt and answer the health check; refuse the rest plainly.

    A request to `/slack/events` must carry Slack's signature of its body (made with
    `signing_secret`) before any of it is parsed; then it must have a shape Slack sends.

    With several workspaces (Bolt's OAuth flow), `GET /slack/install` and
    `GET /slack/oauth_redirect` go to the install flow; with one token they are not found.
    """

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == "/healthz" and method in {"GET", "HEAD"}:
            ok = healthy()
            status = "200 OK" if ok else "503 Service Unavailable"
            return _answer(start_response, status, {"ok": ok})
        if _is_install_path(bolt, path):
            if method != "GET":
                return _answer(start_response, "405 Method Not Allowed", {"ok": False})
            return _install_flow(bolt, path, environ, start_response)
        if path != EVENTS_PATH:
            return _answer(start_response, "404 Not Found", {"ok": False, "error": "not_found"})
        if method != "POST":
            return _answer(start_response, "405 Method Not Allowed", {"ok": False})
        length = str(environ.get("CONTENT_LENGTH") or "0")
        if not length.isdigit():
            return _answer(start_response, "400 Bad Request", {"ok": False})
        if int(length) > MAX_BODY_BYTES:
            return _answer(start_response, "413 Content Too Large", {"ok": False})
        return _dispatch(bolt, environ, start_response, int(length), signing_secret)

    return application


def _headers(environ: WSGIEnvironment) -> dict[str, str | Sequence[str]]:
    names = {"CONTENT_TYPE": "content-type", "CONTENT_LENGTH": "content-length"}
    headers: dict[str, str | Sequence[str]] = {
        v: str(environ[k]) for k, v in names.items() if environ.get(k)
    }
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").lower()] = str(value)
    return headers


def _dispatch(
    bolt: App, environ: WSGIEnvironment, start_response: StartResponse, length: int, secret: str
) -> list[bytes]:
    """Check the signature, then the shape, then hand the request to Bolt; never a 5xx for junk."""
    raw = environ["wsgi.input"].read(length) if length else b""
    headers = _headers(environ)
    flat = {k: v if isinstance(v, str) else ",".join(v) for k, v in headers.items()}
    if not signature_is_valid(secret, flat, raw):
        # Nothing of the body is read or logged: it is an anonymous stranger's bytes.
        return _answer(
            start_response, "401 Unauthorized", {"ok": False, "error": "invalid_request"}
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _answer(start_response, "400 Bad Request", BAD_REQUEST)
    if not has_slack_shape(text, flat.get("content-type", "")):
        log.info("refused a signed request that is not shaped as Slack sends them")
        return _answer(start_response, "400 Bad Request", BAD_REQUEST)
    request = BoltRequest(body=text, query=environ.get("QUERY_STRING", ""), headers=headers)
    return _reply(start_response, bolt.dispatch(request))


def _is_install_path(bolt: App, path: str) -> bool:
    flow = bolt.oauth_flow
    return flow is not None and path in {flow.install_path, flow.redirect_uri_path}


def _install_flow(
    bolt: App, path: str, environ: WSGIEnvironment, start_response: StartResponse
) -> list[bytes]:
    """Start an install (a page with Slack's button), or finish one Slack redirected back."""
    flow = bolt.oauth_flow
    assert flow is not None
    # A GET has no body to read: the query string and the state cookie are all there is.
    request = BoltRequest(body="", query=environ.get("QUERY_STRING", ""), headers=_headers(environ))
    if path == flow.install_path:
        return _reply(start_response, flow.handle_installation(request))
    return _reply(start_response, flow.handle_callback(request))


def _reply(start_response: StartResponse, response: BoltResponse) -> list[bytes]:
    body = response.body.encode("utf-8")
    headers = [(k, v) for k, values in response.headers.items() for v in values]
    if not any(k.lower() == "content-length" for k, _ in headers):
        headers.append(("Content-Length", str(len(body))))
    start_response(f"{response.status} {HTTPStatus(response.status).phrase}", headers)
    return [body]


class HttpServer:
    """A waitress server that can run in the foreground or in a thread, and stop cleanly."""

    def __init__(self, app: WSGIApplication, *, host: str, port: int, threads: int = 8) -> None:
        self._server: Any = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            max_request_body_size=MAX_BODY_BYTES,
            ident="backbone",
            clear_untrusted_proxy_headers=True,
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the server listens on (useful with port 0)."""
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        """The address of Slack's request endpoint on this server."""
        return f"http://127.0.0.1:{self.port}{EVENTS_PATH}"

    def run(self) -> None:
        """Serve until stopped."""
        self._server.run()

    def start(self) -> HttpServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.run, name="backbone-http", daemon=True)
        self._thread.start()
        return self

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Stop accepting, let requests in flight finish (even half-received ones), and close.

        Call it from another thread than the one in `run()`: that loop must keep reading and
        writing while requests finish.
        """
        deadline = time.monotonic() + grace
        # The listening socket is closed inside the server's own loop, which owns it; once the
        # loop has come round twice, bytes that had arrived are read and their requests seen.
        self._in_loop(lambda: wasyncore.dispatcher.close(self._server))
        self._in_loop(lambda: None)
        while self._busy() and time.monotonic() < deadline:
            time.sleep(0.01)
        left = max(deadline - time.monotonic(), 0.0)
        self._server.task_dispatcher.shutdown(cancel_pending=False, timeout=left)
        # Close every socket from inside the server's own loop, which then ends at once.
        self._server.trigger.pull_trigger(lambda: wasyncore.close_all(self._server._map))
        if self._thread is not None:
            self._thread.join(timeout=grace)

    def _in_loop(self, work: Callable[[], None]) -> None:
        """Run work inside the server's loop and wait (a little) until it has run."""
        done = threading.Event()

        def run() -> None:
            work()
            done.set()

        self._server.trigger.pull_trigger(run)
        done.wait(timeout=1)

    def _busy(self) -> bool:
        """Tell whether a connection is receiving, running or sending a request."""
        channels = [c for c in list(self._server._map.values()) if isinstance(c, HTTPChannel)]
        return any(c.request is not None or c.requests or c.total_outbufs_len for c in channels)
