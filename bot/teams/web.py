"""Teams' part of the HTTP server: `POST /api/messages` and the pictures cards show.

The order of `/api/messages` is the point: the length, then the bearer token (bot/teams/inbound.py)
before a byte of the body is read as JSON, then the activity's serviceUrl against the token.
Only an activity that passed all of it reaches the receiver (the router, which refuses other
tenants), whose answer (a status and, for invokes, a JSON body) is the HTTP answer. A refusal
calls no one and stores nothing.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Protocol

from bot import web
from bot.teams.inbound import InboundAuth, Refused
from bot.web import answer, read_body, refuse_length

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)
MESSAGES_PATH = "/api/messages"
PICTURES_PREFIX = "/teams/pictures/"
# Picture ids are random (storage/teams_posts.py): anything else is not one, and is not looked up.
PICTURE_PATH = re.compile(r"/teams/pictures/([A-Za-z0-9_-]{16,128})\.png")
PICTURE_CACHE = "public, max-age=604800, immutable"  # a stored picture never changes


class Receiver(Protocol):
    """What handles an authenticated activity (handlers.teams.router.TeamsApp)."""

    def receive(self, activity: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        """Handle one activity; return the HTTP status and the JSON body of the answer."""
        ...


def teams_mount(
    auth: InboundAuth,
    receiver: Receiver,
    *,
    pictures: Callable[[str], bytes | None],
) -> web.Mount:
    """Serve Teams' activities to the receiver, and the stored pictures by their ids."""

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path.startswith(PICTURES_PREFIX):
            return _picture(path, method, pictures, start_response)
        if method != "POST":
            return answer(start_response, "405 Method Not Allowed", {"ok": False})
        refusal = refuse_length(environ, start_response)
        if refusal is not None:
            return refusal
        return _activity(auth, receiver, environ, start_response)

    def claims(path: str) -> bool:
        return path == MESSAGES_PATH or path.startswith(PICTURES_PREFIX)

    return web.Mount(claims=claims, app=application)


def _activity(
    auth: InboundAuth,
    receiver: Receiver,
    environ: WSGIEnvironment,
    start_response: StartResponse,
) -> list[bytes]:
    body = read_body(environ)
    try:
        activity = auth.activity(str(environ.get("HTTP_AUTHORIZATION") or ""), body)
    except Refused as refused:
        # Nothing of the body is logged: until the token checks out it is a stranger's bytes.
        log.info("refused a request to %s: %s", MESSAGES_PATH, refused.reason)
        return _status(start_response, refused.status, {"error": refused.reason})
    status, reply = receiver.receive(activity)
    return _status(start_response, status, reply)


def _status(start_response: StartResponse, status: int, body: dict[str, Any] | None) -> list[bytes]:
    """Answer with a status and a JSON body, or an empty body when there is none."""
    line = f"{status} {HTTPStatus(status).phrase}"
    data = b"" if body is None else json.dumps(body).encode()
    headers = [("Content-Length", str(len(data)))]
    if body is not None:
        headers.append(("Content-Type", "application/json; charset=utf-8"))
    start_response(line, headers)
    return [data]


def _picture(
    path: str,
    method: str,
    pictures: Callable[[str], bytes | None],
    start_response: StartResponse,
) -> list[bytes]:
    """Serve a stored picture to anyone holding its unguessable address; 404 otherwise."""
    if method not in {"GET", "HEAD"}:
        return answer(start_response, "405 Method Not Allowed", {"ok": False})
    found = PICTURE_PATH.fullmatch(path)
    png = pictures(found.group(1)) if found else None
    if png is None:
        return answer(start_response, "404 Not Found", web.NOT_FOUND)
    headers = [
        ("Content-Type", "image/png"),
        ("Content-Length", str(len(png))),
        ("Cache-Control", PICTURE_CACHE),
        ("X-Content-Type-Options", "nosniff"),
    ]
    start_response("200 OK", headers)
    return [b"" if method == "HEAD" else png]
