"""Meeting notes in Teams channels: lines captured as on Slack, one reply in the message's thread.

With the resource-specific consent to read channel messages, Teams sends Backbone every message
of the channels it is in, mention or not. Lines starting `ACTION:`, `TODO:`, `DECISION:` or
`- [ ]` are saved by `bot.services.capture_flow`, the same as Slack's. An edit (`messageUpdate`)
updates what nobody changed since, and the reply; a deletion (`messageDelete`) leaves the records
and notes it in their history. Each delivery is claimed first: Teams may send one again.
"""

from __future__ import annotations

import hashlib
from typing import Any

from bot.capture import Lines, capture_lines, pushpin_text
from bot.port import PostRef
from bot.services import capture as service
from bot.services.capture import SourceMessage
from bot.services.capture_flow import capture_message, capture_of, follow_pushpin
from bot.services.homes import refresh_homes
from bot.services.notify import concerned
from handlers.teams.common import TeamsCall, first_delivery
from storage import captures as store
from storage.captures import CaptureKind

# Teams' `channelData.eventType` of the changes to a message that are followed.
EDITED, DELETED = "editMessage", "softDeleteMessage"


def has_notes(text: str) -> bool:
    """Tell whether a message has lines to capture (most of a channel's have none)."""
    return bool(capture_lines(text).lines)


def on_new_message(call: TeamsCall, text: str) -> None:
    """Capture a new message's lines, once, and answer in its thread."""
    lines = capture_lines(text)
    if not lines.lines or not first_delivery(call.deps, tenant_id=call.tenant_id,
                                             key=f"message:{call.activity_id}"):  # fmt: skip
        return
    capture(call, source(call), lines, first=True)


def on_edited_message(call: TeamsCall, text: str) -> None:
    """Follow an edit: update what the message's lines and :pushpin: made, and the reply."""
    message = source(call, edited=True)
    lines = capture_lines(text)
    with call.deps.transaction() as session:
        had_lines = capture_of(session, message, CaptureKind.LINES) is not None
        pinned = service.pushpin_line(session, message=message)
    if not (lines.lines or had_lines or pinned is not None):
        return
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]  # one claim per version of the words
    if not first_delivery(call.deps, tenant_id=call.tenant_id,
                          key=f"edit:{call.activity_id}:{digest}"):  # fmt: skip
        return
    if lines.lines or had_lines:
        capture(call, message, lines, first=False)
    if pinned is not None and pinned != pushpin_text(text):
        follow_pushpin(call.deps, call.port, message, pushpin_text(text))


def on_deleted_message(call: TeamsCall) -> None:
    """Note a captured message's deletion in its items' history; the items stay."""
    message = source(call)
    with call.deps.transaction() as session:
        captured = store.captured_kinds(session, **message.where())
    if captured and first_delivery(call.deps, tenant_id=call.tenant_id,
                                   key=f"delete:{call.activity_id}"):  # fmt: skip
        with call.deps.transaction() as session:
            service.note_deleted(session, message=message, now=call.deps.now())


def capture(call: TeamsCall, message: SourceMessage, lines: Lines, *, first: bool) -> None:
    """Save a message's lines (or follow their edit), answer in its thread, refresh Homes."""
    thread = PostRef(call.channel_id, call.thread_root or call.activity_id)
    result = capture_message(call.deps, call.port, message, lines, thread=thread, first=first)
    if result is not None:
        refresh_homes(call.deps, call.port, team_id=call.team_id,
                      user_ids=concerned(*result.items))  # fmt: skip


def source(call: TeamsCall, *, edited: bool = False) -> SourceMessage:
    """Return the message an activity is about: in Teams only its author can edit it."""
    editor = call.user_id if edited else None
    return SourceMessage(
        call.team_id, call.channel_id, call.activity_id, call.user_id, None, editor
    )


def event_type(activity: dict[str, Any]) -> str:
    """Return what a `messageUpdate` or `messageDelete` did (Teams' `eventType`)."""
    return str((activity.get("channelData") or {}).get("eventType") or "")
