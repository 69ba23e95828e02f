"""Slack's part of the HTTP server: its signed requests, and the OAuth install pages.

The server itself, the health check and the clean stop are shared with Teams (bot/web.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot import web
from bot.slack.inbound import has_slack_shape, signature_is_valid
from bot.web import answer, read_body, refuse_length

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
BAD_REQUEST = {"ok": False, "error": "bad_request"}


def make_wsgi_app(
    bolt: App, *, healthy: Callable[[], bool], signing_secret: str
) -> WSGIApplication:
    """Serve Slack alone: its routes and the health check (the sandbox and tests use it)."""
    return web.make_server_app([slack_mount(bolt, signing_secret)], healthy=healthy)


def slack_mount(bolt: App, signing_secret: str) -> web.Mount:
    """Route Slack's requests to Bolt; refuse the rest of Slack's paths plainly.

    A request to `/slack/events` must carry Slack's signature of its body (made with
    `signing_secret`) before any of it is parsed; then it must have a shape Slack sends.

    With several workspaces (Bolt's OAuth flow), `GET /slack/install` and
    `GET /slack/oauth_redirect` go to the install flow; with one token they are not found.
    """

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if _is_install_path(bolt, path):
            if method != "GET":
                return answer(start_response, "405 Method Not Allowed", {"ok": False})
            return _install_flow(bolt, path, environ, start_response)
        if method != "POST":
            return answer(start_response, "405 Method Not Allowed", {"ok": False})
        refusal = refuse_length(environ, start_response)
        if refusal is not None:
            return refusal
        return _dispatch(bolt, environ, start_response, signing_secret)

    def claims(path: str) -> bool:
        return path == EVENTS_PATH or _is_install_path(bolt, path)

    return web.Mount(claims=claims, app=application)


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
    bolt: App, environ: WSGIEnvironment, start_response: StartResponse, secret: str
) -> list[bytes]:
    """Check the signature, then the shape, then hand the request to Bolt; never a 5xx for junk."""
    raw = read_body(environ)
    headers = _headers(environ)
    flat = {k: v if isinstance(v, str) else ",".join(v) for k, v in headers.items()}
    if not signature_is_valid(secret, flat, raw):
        # Nothing of the body is read or logged: it is an anonymous stranger's bytes.
        return answer(start_response, "401 Unauthorized", {"ok": False, "error": "invalid_request"})
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return answer(start_response, "400 Bad Request", BAD_REQUEST)
    if not has_slack_shape(text, flat.get("content-type", "")):
        log.info("refused a signed request that is not shaped as Slack sends them")
        return answer(start_response, "400 Bad Request", BAD_REQUEST)
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


class HttpServer(web.HttpServer):
    """The shared server (bot/web.py), addressed at Slack's request endpoint.

    Tests and the sandbox post Slack's requests to `url`.
    """

    @property
    def url(self) -> str:
        """The address of Slack's request endpoint on this server."""
        return f"{self.base_url}{EVENTS_PATH}"
