"""Deliver requests to the app the way Slack does: signed, over HTTP, with Slack's headers."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class AppResponse:
    """The app's HTTP answer: status, raw body, and the body as JSON when it is JSON."""

    status: int
    body: str
    json: dict[str, Any] | None


def sign(secret: str, timestamp: str, body: str) -> str:
    """Return Slack's `X-Slack-Signature` for a body sent at `timestamp`."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def form_body(fields: dict[str, str]) -> str:
    """Return a form-encoded body, as Slack sends slash commands."""
    return urlencode(fields)


def interaction_body(payload: dict[str, Any]) -> str:
    """Return `payload=<json>` form-encoded, as Slack sends interactions."""
    return urlencode({"payload": json.dumps(payload)})


def deliver(
    url: str,
    secret: str,
    body: str,
    *,
    content_type: str,
    extra_headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> AppResponse:
    """POST a body to the app, signed with a timestamp taken now, and return its answer."""
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": sign(secret, timestamp, body),
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        **(extra_headers or {}),
    }
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return _app_response(answer.status, answer.read())
    except urllib.error.HTTPError as error:
        return _app_response(error.code, error.read())


def _app_response(status: int, raw: bytes) -> AppResponse:
    text = raw.decode("utf-8", errors="replace")
    try:
        decoded = json.loads(text) if text.strip() else None
    except ValueError:
        decoded = None
    return AppResponse(status, text, decoded if isinstance(decoded, dict) else None)
