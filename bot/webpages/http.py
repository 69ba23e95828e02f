"""A web request and its answer, as the pages see them: small, typed, and free of WSGI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs

MAX_FORM_BYTES = 16 * 1024  # a vote is a few hundred bytes; anything much bigger is not a vote
MAX_TARGET = 2048  # the longest path and query accepted


@dataclass(frozen=True)
class Request:
    """What a page is asked: the method, path, query, form fields, cookies and the caller."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    form: Mapping[str, list[str]]
    cookies: Mapping[str, str]
    client: str  # the caller's address, for rate limits only (never logged)
    secure: bool = False  # reached over https (so cookies are marked Secure)
    accept_language: str = ""  # the browser's Accept-Language, for pages no link sets

    def field(self, name: str) -> str:
        """Return a form field's first value, or ''."""
        values = self.form.get(name) or [""]
        return values[0]

    def fields(self, name: str) -> list[str]:
        """Return every value a form field was sent with."""
        return list(self.form.get(name) or [])


@dataclass
class Reply:
    """A page's answer: status, body and headers (security headers are added by the Mount)."""

    status: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    cache: str = "no-store"


def read_cookies(header: str) -> dict[str, str]:
    """Read a Cookie header; a malformed one counts as no cookies at all."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


MAX_FIELDS = 50  # a vote sends its token and at most ten options


def read_form(body: bytes) -> dict[str, list[str]] | None:
    """Read a form-encoded body (bytes that are not UTF-8 are replaced); None: too many fields."""
    try:
        return parse_qs(
            body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_FIELDS
        )
    except ValueError:
        return None


def read_query(query: str) -> dict[str, list[str]]:
    """Read a query string; one with too many fields counts as none at all."""
    try:
        return parse_qs(query, max_num_fields=MAX_FIELDS)
    except ValueError:
        return {}
