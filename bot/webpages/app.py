"""The web pages' part of `backbone serve`: `/p/…` (polls by link), `/s/…` (the style sheet),
and the routes other pages register (`ROUTES`), behind one set of protections.

Every answer carries the security headers (a strict Content-Security-Policy with no script at
all, no framing, no referrer, no sniffing). Bodies over MAX_FORM_BYTES and request targets over
MAX_TARGET are refused before anything reads them; callers over their rate limit get a kind
"please wait" page. Any failure renders a kind page with a reference, never a traceback; the
log names the reference and the path's first part, never a link code or token.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.deps import Deps
from bot.port import Ports
from bot.web import Mount
from bot.webpages.http import (
    MAX_FORM_BYTES,
    MAX_TARGET,
    Reply,
    Request,
    read_cookies,
    read_form,
    read_query,
)
from bot.webpages.limits import Limiter, Limits
from bot.webpages.words import words_for

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
PREFIXES = ("/p/", "/s/", "/progress/")
SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
STATUS_TEXT = {
    400: "400 Bad Request",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    409: "409 Conflict",
    410: "410 Gone",
    413: "413 Content Too Large",
    414: "414 URI Too Long",
    429: "429 Too Many Requests",
    500: "500 Internal Server Error",
}


@dataclass(frozen=True)
class Site:
    """What every page needs: the records, the addresses, the keys, the limits, the chat ports.

    `key` signs links and form tokens (storage/web_keys.py keeps it in the database so several
    processes agree). `ballot_keys` are each platform's anonymous-ballot keys, the same ones
    its chat buttons use (bot/services/ballots.py), never stored. `ports` builds the chat
    platforms' ports, to redraw a poll's counts after a web vote; None where there is none.
    """

    deps: Deps
    public_url: str
    key: bytes
    ballot_keys: Mapping[str, bytes] = field(default_factory=dict)
    ports: Callable[[], Ports] | None = None
    limiter: Limiter = field(default_factory=lambda: Limiter(Limits()))
    templates: Environment = field(default_factory=lambda: make_templates())

    def render(
        self, name: str, *, language: str | None, status: int = 200, **values: object
    ) -> Reply:
        """Render a template with the language's words into a page."""
        page = self.templates.get_template(name)
        html = page.render(words=words_for(language), lang=language or "en", **values)
        return Reply(STATUS_TEXT.get(status, "200 OK"), html.encode())

    def kind_page(
        self, status: int, topic: str, *, language: str | None = None, **extra: object
    ) -> Reply:
        """Render the plain page that says what happened (`topic`: not_found, busy, …)."""
        return self.render("problem.html", language=language, status=status, topic=topic, **extra)

    def link(self, path: str) -> str:
        """Return the address people use for a path of these pages."""
        return self.public_url.rstrip("/") + path


Handler = Callable[[Site, Request, re.Match[str]], Reply]


@dataclass(frozen=True)
class Route:
    """One page: its method, its path pattern, what answers it, and which group limits it."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler
    link_group: int | None = None  # the pattern's group that names a link, for its own limit


class Registrar(Protocol):
    """A module's function that adds its routes."""

    def __call__(self, routes: list[Route]) -> None: ...


def _registrars() -> list[Registrar]:
    """Every page module's routes; a new page adds its one line here."""
    from bot.webpages import polls, progress, static

    return [static.register, polls.register, progress.register]


def make_templates() -> Environment:
    """Return the templates, with every value escaped for HTML."""
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def claims(path: str) -> bool:
    """Tell whether a path belongs to the web pages."""
    return path.startswith(PREFIXES)


def webpages_mount(site: Site) -> Mount:
    """Return the web pages' part of the server."""
    routes: list[Route] = []
    for register in _registrars():
        register(routes)
    return Mount(claims, _wsgi(site, routes))


def _wsgi(
    site: Site, routes: list[Route]
) -> Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]:
    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        reply = answer(site, routes, environ)
        headers = [("Content-Type", reply.content_type), ("Content-Length", str(len(reply.body)))]
        headers += [("Cache-Control", reply.cache), *SECURITY_HEADERS, *reply.headers]
        start_response(reply.status, headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else reply.body]

    return application


def answer(site: Site, routes: list[Route], environ: WSGIEnvironment) -> Reply:
    """Answer one request, whatever happens: a page, or a kind page saying what went wrong."""
    try:
        return _answer(site, routes, environ)
    except Exception:  # the boundary: nothing may reach a person as a traceback
        reference = secrets.token_hex(4)
        first = str(environ.get("PATH_INFO", "")).split("/")[1:2]
        log.exception("web page failed (reference %s, /%s/…)", reference, "".join(first))
        return site.kind_page(500, "problem", reference=reference)


def _answer(site: Site, routes: list[Route], environ: WSGIEnvironment) -> Reply:
    path, method = str(environ.get("PATH_INFO", "")), str(environ.get("REQUEST_METHOD", "GET"))
    query = str(environ.get("QUERY_STRING", ""))
    if len(path) + len(query) > MAX_TARGET:
        return site.kind_page(414, "not_found")
    length = str(environ.get("CONTENT_LENGTH") or "0")
    if not length.isdigit() or int(length) > MAX_FORM_BYTES:
        return site.kind_page(413, "too_big")
    found = _match(routes, "GET" if method == "HEAD" else method, path)
    if found is None:
        known = any(route.pattern.fullmatch(path) for route in routes)
        return site.kind_page(405 if known else 404, "method" if known else "not_found")
    route, match = found
    link = match.group(route.link_group) if route.link_group else None
    client = str(environ.get("REMOTE_ADDR", ""))
    if not site.limiter.allows(client=client, link=link, sending=method == "POST"):
        reply = site.kind_page(429, "busy")
        reply.headers.append(("Retry-After", "60"))
        return reply
    request = _request(environ, method, path, query, int(length))
    if request is None:
        return site.kind_page(413, "too_big")
    return route.handler(site, request, match)


def _match(routes: list[Route], method: str, path: str) -> tuple[Route, re.Match[str]] | None:
    for route in routes:
        match = route.pattern.fullmatch(path)
        if match is not None and route.method == method:
            return route, match
    return None


def _request(
    environ: WSGIEnvironment, method: str, path: str, query: str, length: int
) -> Request | None:
    body = environ["wsgi.input"].read(length) if length and method == "POST" else b""
    form = read_form(body)
    if form is None:
        return None
    return Request(
        method=method,
        path=path,
        query=read_query(query),
        form=form,
        cookies=read_cookies(str(environ.get("HTTP_COOKIE", ""))),
        client=str(environ.get("REMOTE_ADDR", "")),
        secure=str(environ.get("wsgi.url_scheme", "http")) == "https",
        accept_language=str(environ.get("HTTP_ACCEPT_LANGUAGE", ""))[:200],
    )
