"""What a request from Slack must prove before any of it is read: its signature, then its shape.

The order matters. Until the signature is checked, the body is only bytes: nothing in it is
parsed, logged or acted on, so a forged `response_url` can never make Backbone post anywhere.
Once it is signed, the parsed body must have the shape Bolt and our listeners read (objects
where objects are expected), or the request is refused with a 400 instead of failing inside.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

# Slack refuses requests whose timestamp is more than five minutes from now, either way:
# https://docs.slack.dev/authentication/verifying-requests-from-slack/
MAX_SKEW_SECONDS = 5 * 60
# Deeper than anything Slack sends (a rich_text block nests a handful of levels), and far below
# the depth at which json.loads would exhaust the stack.
MAX_DEPTH = 64
# Keys whose values Bolt and our listeners read as objects or lists, wherever they appear.
OBJECTS = {"event", "user", "team", "channel", "view", "container", "message", "enterprise"}
LISTS = {"actions", "authorizations"}
NEVER_IDS = {"view", "message", "container"}


def signature_is_valid(
    secret: str, headers: Mapping[str, str], raw: bytes, *, now: Callable[[], float] = time.time
) -> bool:
    """Tell whether a request carries Slack's signature of this body, made in the last minutes."""
    if not secret:
        return False  # an empty secret would make every request signable by anyone
    stamp = headers.get("x-slack-request-timestamp", "")
    given = headers.get("x-slack-signature", "")
    # Only ASCII digits: int() would also take " 17", "+17", "１７" and "1_7".
    if not stamp or not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
        return False
    if abs(now() - int(stamp)) > MAX_SKEW_SECONDS:
        return False
    base = b"v0:" + stamp.encode() + b":" + raw
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", errors="replace"))


def replay_key(headers: Mapping[str, str]) -> str:
    """Return what names one signed delivery: a digest of its timestamp and signature."""
    stamp = headers.get("x-slack-request-timestamp", "")
    given = headers.get("x-slack-signature", "")
    return hashlib.sha256(f"{stamp}:{given}".encode()).hexdigest()


def has_slack_shape(text: str, content_type: str) -> bool:
    """Tell whether a signed body parses into what Slack sends: an object of known shapes."""
    try:
        body = _parse(text, content_type)
    except (ValueError, RecursionError):
        return False
    return isinstance(body, dict) and _well_formed(body, 0) and _names_a_team(body)


def _parse(text: str, content_type: str) -> Any:
    if not text.strip():
        return {}  # Bolt answers an empty body itself (an unmatched request)
    if content_type.startswith("application/json") or text.lstrip().startswith(("{", "[")):
        return _loads(text)
    fields = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" in fields:
        return _loads(fields["payload"])
    return fields


def _loads(text: str) -> Any:
    depth = 0
    for char in text:  # refuse deep nesting before json.loads would recurse into it
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ValueError("nested too deeply")
        elif char in "]}":
            depth -= 1
    return json.loads(text)


def _well_formed(value: Any, depth: int) -> bool:
    if isinstance(value, list):
        return all(_well_formed(inner, depth + 1) for inner in value)
    if not isinstance(value, dict):
        return True
    return all(
        _fits(key, inner, depth) and _well_formed(inner, depth + 1) for key, inner in value.items()
    )


def _fits(key: str, value: Any, depth: int) -> bool:
    """Tell whether one key's value has a type Slack gives it there."""
    if key == "event":
        return _is_event(value)
    if key in LISTS:
        return isinstance(value, list) and all(isinstance(i, dict) for i in value)
    if key not in OBJECTS or value is None or isinstance(value, dict):
        return True
    # An event names its user, channel and team by id; a payload's view or message is an object.
    return isinstance(value, str) and (key not in NEVER_IDS) and (key != "user" or depth > 0)


def _is_event(event: Any) -> bool:
    return isinstance(event, dict) and isinstance(event.get("type", ""), str)


def _names_a_team(body: dict[str, Any]) -> bool:
    """Commands and events always say which workspace sent them; a request that does not is junk."""
    if "command" in body:
        return bool(body.get("team_id")) and bool(body.get("user_id"))
    if body.get("type") == "event_callback":
        return "event" in body
    return True
