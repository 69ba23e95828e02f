"""The thread reply under a captured message: posted once, updated as its records change.

Everything here speaks through the port; a post the platform refuses is logged and the records
stay saved, since the reply only shows them.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.messages import capture as words
from bot.messages.parts import Message
from bot.messages.spans import Line
from bot.port import ChatError, ChatPort, PostRef
from storage import captures as store
from storage.captures import CaptureKind
from storage.models import ActionItem, Decision, MessageCapture

log = logging.getLogger(__name__)


def post_reply(
    deps: Deps, port: ChatPort, thread: PostRef, capture_id: int, reply: Message
) -> None:
    """Answer in the message's thread and remember where, so edits can update the answer."""
    try:
        posted = port.reply(thread, reply)
    except ChatError as error:  # the records are saved; the reply is the only loss
        log.warning("could not reply to a captured message: %s", error.reason)
        return
    with deps.transaction() as session:
        store.set_reply(session, capture_id=capture_id, reply_ts=posted.id)


def update_reply(port: ChatPort, reply_ref: PostRef, reply: Message) -> None:
    """Show the records' current state in a reply already posted."""
    try:
        port.update(reply_ref, reply)
    except ChatError as error:  # deleted by someone, or the channel archived
        log.warning("could not update a capture reply: %s", error.reason)


def link_to(port: ChatPort, ref: PostRef) -> str | None:
    """Return a post's link, or None when the platform will not give one."""
    try:
        return port.link_to(ref)
    except ChatError:
        return None  # the link is a convenience; the records are what matter


def pinned_reply(item: ActionItem, *, reactor: str, deps: Deps) -> Message:
    """Return the reply under a :pushpin:ed message: its item, and Change owners while open."""
    heading = words.pushpin_heading(reactor)
    reply = words.capture_reply(heading, [item], [], skipped=None, now=deps.now())
    return words.with_owner_button(reply, item)


def refresh_reply(
    deps: Deps,
    port: ChatPort,
    *,
    team_id: str,
    reply_ref: PostRef,
    skipped: tuple[Line, ...] | None = None,
) -> None:
    """Rebuild a capture reply from the records as they are now."""
    with deps.transaction() as session:
        found = store.capture_by_reply(
            session, team_id=team_id, channel_id=reply_ref.channel, reply_ts=reply_ref.id
        )
        if found is None:
            return
        items, decisions = _records(session, found, team_id=team_id)
    update_reply(port, reply_ref, _rebuilt(deps, found, items, decisions, skipped))


def _records(
    session: Session, found: MessageCapture, *, team_id: str
) -> tuple[list[ActionItem], list[Decision]]:
    where = {"team_id": team_id, "channel_id": found.channel_id, "message_ts": found.message_ts}
    items = [item for item, _ in store.items_from_message(session, via=found.kind, **where)]
    lines = found.kind == CaptureKind.LINES
    return items, store.decisions_from_message(session, **where) if lines else []


def _rebuilt(
    deps: Deps,
    found: MessageCapture,
    items: list[ActionItem],
    decisions: list[Decision],
    skipped: tuple[Line, ...] | None,
) -> Message:
    pinned = found.kind != CaptureKind.LINES and bool(items)
    if pinned:
        heading = words.pushpin_heading(items[0].creator_id)
    else:
        heading = words.lines_heading(items, decisions)
    reply = words.capture_reply(heading, items, decisions, skipped=skipped, now=deps.now())
    return words.with_owner_button(reply, items[0]) if pinned else reply
