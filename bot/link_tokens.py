"""What the pages sign with the stored key: links for named people, form tokens, browsers.

- A link's code is 96 random bits (`new_code`): the address itself is the secret.
- A named person's link adds `<person id>-<signature>`; the signature (128 bits of
  HMAC-SHA256 over the code and the id) means nobody can make a link for another id.
- A browser gets a random cookie; the form's hidden token is an HMAC of that cookie and the
  page's path, so a form posted from anywhere else, or without the cookie, is refused (CSRF).
- A browser's vote is stored under an HMAC of its cookie, never the cookie itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

BROWSER_COOKIE = "bb_browser"
PERSON_TOKEN = re.compile(r"(\d{1,9})-([A-Za-z0-9_-]{22})")
CODE = r"[A-Za-z0-9_-]{16}"


def _mac(key: bytes, *parts: str) -> bytes:
    return hmac.new(key, ":".join(parts).encode(), hashlib.sha256).digest()


def _short(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:22]


def new_code() -> str:
    """Return a new link code: 96 random bits, 16 URL-safe characters."""
    return secrets.token_urlsafe(12)


def new_browser() -> str:
    """Return a new browser cookie value: 128 random bits."""
    return secrets.token_urlsafe(16)


def person_token(key: bytes, *, code: str, person_id: int) -> str:
    """Return the signed part of a named person's link."""
    return f"{person_id}-{_short(_mac(key, 'person', code, str(person_id)))}"


def read_person_token(key: bytes, *, code: str, token: str) -> int | None:
    """Return the person id a link's token names, or None when it is not one we signed."""
    match = PERSON_TOKEN.fullmatch(token)
    if match is None:
        return None
    expected = person_token(key, code=code, person_id=int(match.group(1)))
    return int(match.group(1)) if hmac.compare_digest(expected, token) else None


def form_token(key: bytes, *, browser: str, path: str) -> str:
    """Return the hidden token of a form on `path` for this browser."""
    return _short(_mac(key, "form", browser, path))


def form_token_good(key: bytes, *, browser: str, path: str, token: str) -> bool:
    """Tell whether a posted form's token is this browser's for this path."""
    return bool(browser) and hmac.compare_digest(form_token(key, browser=browser, path=path), token)


def browser_voter(key: bytes, *, browser: str) -> str:
    """Return who a browser is in a poll's votes: `web:` and an HMAC of its cookie."""
    return "web:" + hmac.new(key, f"browser:{browser}".encode(), hashlib.sha256).hexdigest()[:32]


def person_voter(person_id: int) -> str:
    """Return who a named person's link is in a poll's votes."""
    return f"web:person:{person_id}"
