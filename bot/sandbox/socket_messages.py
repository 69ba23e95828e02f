"""The messages of Slack's Socket Mode protocol, as pure functions (see socket_mode.py).

An envelope's `payload` is what Slack would have POSTed over HTTP, so a request the emulator
built for HTTP is turned into an envelope by reading it back, and an ack's `payload` (what the
app would have put in its HTTP answer's body) is turned into the `AppResponse` HTTP returns.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs

from bot.sandbox.sender import AppResponse
from bot.sandbox.state import Json

# Interactions whose ack can carry an answer Slack uses (errors, a new view, options).
_ANSWERABLE = frozenset({"view_submission", "block_suggestion"})
_DEBUG_INFO = {"host": "applink-sandbox"}


@dataclass(frozen=True)
class Request:
    """What one envelope carries: its type, payload, and for events the retry."""

    kind: str
    payload: Json
    accepts_response_payload: bool
    retry: tuple[int, str] | None = None


def hello(app_id: str, num_connections: int) -> Json:
    """Return the first message on a new link."""
    return {
        "type": "hello",
        "num_connections": num_connections,
        "debug_info": {**_DEBUG_INFO, "build_number": 1},
        "connection_info": {"app_id": app_id},
    }


def disconnect(reason: str) -> Json:
    """Return the message asking the app to open a new link (`refresh_requested`, `warning`)."""
    return {"type": "disconnect", "reason": reason, "debug_info": dict(_DEBUG_INFO)}


def envelope(request: Request) -> Json:
    """Return a new envelope for a request; events say which retry they are (0: the first)."""
    sent: Json = {
        "envelope_id": str(uuid.uuid4()),
        "type": request.kind,
        "payload": request.payload,
        "accepts_response_payload": request.accepts_response_payload,
    }
    if request.kind == "events_api":
        sent["retry_attempt"], sent["retry_reason"] = request.retry or (0, "")
    return sent


def request_of(body: str, headers: dict[str, str]) -> Request:
    """Return the Socket Mode request for an HTTP body and headers built for the app."""
    if headers.get("Content-Type", "").startswith("application/json"):
        retry_num = headers.get("X-Slack-Retry-Num")
        reason = headers.get("X-Slack-Retry-Reason", "")
        retry = None if retry_num is None else (int(retry_num), reason)
        return Request("events_api", json.loads(body), False, retry)
    fields = {key: values[-1] for key, values in parse_qs(body, keep_blank_values=True).items()}
    if "command" in fields:
        return Request("slash_commands", fields, True)
    payload: Json = json.loads(fields["payload"])
    return Request("interactive", payload, payload.get("type") in _ANSWERABLE)


def app_response(ack: Json) -> AppResponse:
    """Return an ack as the app's HTTP answer: 200, its payload as the body ("" when none)."""
    answer = ack.get("payload")
    if answer is None:
        return AppResponse(200, "", None)
    return AppResponse(200, json.dumps(answer), answer if isinstance(answer, dict) else None)
