"""Check an activity the bot sends to the connector: its shape, its size, its cards, its mentions.

Size, two rules, both answered 413 `MessageSizeTooBig` as Teams answers: Teams' documented
limit, 40 KB of the payload encoded as UTF-16 without its base64 pictures (so about 20,000
ASCII characters), and the project's own design limit of 28 KB for the whole activity as
UTF-8 JSON, pictures included (the older documented figure). Every other refusal here is a
400 `BadArgument` whose message says what to change.
"""

from __future__ import annotations

import json
from typing import Any

from bot.sandbox.teams.cards import ADAPTIVE_CARD, CardRefused, check_card, check_mentions
from bot.sandbox.teams.state import Json

MAX_ACTIVITY_BYTES = 28 * 1024
MAX_UTF16_BYTES = 40 * 1024
MAX_ATTACHMENTS = 10
SENDABLE_TYPES = {"message", "typing"}
TEXT_FORMATS = {"plain", "markdown", "xml"}
OTHER_CARDS = {
    "application/vnd.microsoft.card.hero",
    "application/vnd.microsoft.card.thumbnail",
}


class Refused(ValueError):
    """A connector refusal: an HTTP status, the connector's error code and a message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class ActivityRefused(Refused):
    """An activity Teams would not take (recorded as a refusal, for tests to read)."""


def check_activity(activity: Any) -> Json:
    """Return the activity if Teams would accept it, else raise `ActivityRefused`."""
    if not isinstance(activity, dict):
        raise ActivityRefused(400, "BadArgument", "The request body must be an activity object.")
    _check_size(activity)
    kind = activity.get("type")
    if not isinstance(kind, str) or kind not in SENDABLE_TYPES:
        raise ActivityRefused(400, "BadArgument", f"Unknown activity type {kind!r}.")
    if kind == "message":
        _check_message(activity)
    return activity


def _check_size(activity: Json) -> None:
    size = len(json.dumps(activity, ensure_ascii=False).encode("utf-8"))
    if size > MAX_ACTIVITY_BYTES:
        raise ActivityRefused(
            413,
            "MessageSizeTooBig",
            f"Message size too big: the activity is {size} bytes as JSON; keep it under 28 KB "
            f"({MAX_ACTIVITY_BYTES} bytes).",
        )
    wide = len(json.dumps(_without_pictures(activity), ensure_ascii=False).encode("utf-16-le"))
    if wide > MAX_UTF16_BYTES:
        raise ActivityRefused(
            413,
            "MessageSizeTooBig",
            f"Message size too big: the activity is {wide} bytes in UTF-16; Teams takes 40 KB "
            f"({MAX_UTF16_BYTES} bytes).",
        )


def _without_pictures(value: Any) -> Any:
    """Return a copy with base64 pictures emptied (Teams does not count them)."""
    if isinstance(value, dict):
        return {k: _without_pictures(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_pictures(v) for v in value]
    if isinstance(value, str) and value.startswith("data:image/"):
        return ""
    return value


def _check_message(activity: Json) -> None:
    text = activity.get("text")
    attachments = activity.get("attachments") or []
    if text is not None and not isinstance(text, str):
        raise ActivityRefused(400, "BadArgument", "The activity's text must be a string.")
    if not text and not attachments:
        raise ActivityRefused(400, "BadArgument", "A message needs text or an attachment.")
    if str(activity.get("textFormat", "plain")) not in TEXT_FORMATS:
        raise ActivityRefused(
            400, "BadArgument", f"textFormat must be one of {sorted(TEXT_FORMATS)}."
        )
    if not isinstance(attachments, list) or len(attachments) > MAX_ATTACHMENTS:
        raise ActivityRefused(400, "BadArgument", "attachments must be a list of at most 10.")
    try:
        for index, attachment in enumerate(attachments):
            _check_attachment(attachment, index)
        entities = activity.get("entities") or []
        check_mentions([text or ""], entities if isinstance(entities, list) else [], "the text")
    except CardRefused as error:
        raise ActivityRefused(400, "BadArgument", str(error)) from error


def _check_attachment(attachment: Any, index: int) -> None:
    if not isinstance(attachment, dict):
        raise CardRefused(f"attachments[{index}] must be an object")
    kind = attachment.get("contentType")
    if kind == ADAPTIVE_CARD:
        try:
            check_card(attachment.get("content"))
        except CardRefused as error:
            raise CardRefused(f"attachments[{index}] (Adaptive Card): {error}") from error
    elif kind not in OTHER_CARDS:
        raise CardRefused(f"attachments[{index}] has an unknown contentType {kind!r}")
