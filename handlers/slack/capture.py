"""Meeting capture on Slack: notes posted in a channel become items and decisions.

One thread reply per message lists what was saved. Editing the message updates the records nobody
has changed since, and the reply; deleting it leaves the records and notes it in their history.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.capture import CaptureLine, Lines, capture_lines, pushpin_text
from bot.deps import Deps
from bot.errors import UserFacingError
from bot.services import capture as service
from bot.services.capture import Captured, Readings, SourceMessage
from bot.services.directory import check_owners, person_for, zone_of
from bot.slack import blocks_capture as reply_blocks
from bot.slack.blocks_pin import with_owner_button
from bot.slack.port import SlackPort
from bot.text import read_action_text
from handlers.slack.home import refresh_homes
from handlers.slack.notify import concerned
from handlers.slack.once import first_delivery
from handlers.slack.replies import permalink, post_reply, update_reply
from storage import captures as store
from storage.captures import CaptureKind
from storage.models import MessageCapture


def on_new_message(deps: Deps, client: WebClient, body: dict[str, Any], *, team_id: str) -> None:
    """Capture the lines of a person's new message, once, and answer in its thread."""
    event = body["event"]
    lines = capture_lines(event.get("text") or "")
    if not lines.lines or not first_delivery(deps, body, team_id=team_id):
        return
    message = _source(team_id, event["channel"], event)
    thread_ts = event.get("thread_ts") or event["ts"]
    capture(deps, client, message, lines, thread_ts=thread_ts, first=True)


def on_edited_message(deps: Deps, client: WebClient, body: dict[str, Any], *, team_id: str) -> None:
    """Follow an edit: update what the message's lines and :pushpin: made, and the reply."""
    event = body["event"]
    edited, before = event["message"], event.get("previous_message") or {}
    if edited.get("subtype") == "tombstone":  # a deleted message that has thread replies
        on_deleted_message(deps, body, team_id=team_id, ts=edited["ts"], author=before.get("user"))
        return
    text = edited.get("text") or ""
    if edited.get("bot_id") or not edited.get("user") or text == before.get("text"):
        return  # apps' posts, or a change that is not the words (a reply, an unfurl)
    # Slack may leave `ts` off the edited message (bolt-python's own fixture has none); the
    # previous message still names it.
    ts = edited.get("ts") or before.get("ts")
    if not ts:
        return
    edited = {**edited, "ts": ts}
    message = _source(team_id, event["channel"], edited)
    lines = capture_lines(text)
    with deps.transaction() as session:
        had_lines = _capture(session, message, CaptureKind.LINES) is not None
        pinned = service.pushpin_line(session, message=message)
    if not (lines.lines or had_lines or pinned is not None):
        return
    if not first_delivery(deps, body, team_id=team_id):
        return
    if lines.lines or had_lines:
        thread_ts = edited.get("thread_ts") or edited["ts"]
        capture(deps, client, message, lines, thread_ts=thread_ts, first=False)
    if pinned is not None and pinned != pushpin_text(text):
        _follow_pushpin(deps, client, message, pushpin_text(text))


def on_deleted_message(
    deps: Deps,
    body: dict[str, Any],
    *,
    team_id: str,
    ts: str | None = None,
    author: str | None = None,
) -> None:
    """Note a captured message's deletion in its items' history; the items stay."""
    event = body["event"]
    before = event.get("previous_message") or {}
    author = author or before.get("user") or ""
    message = SourceMessage(team_id, event["channel"], ts or event["deleted_ts"], author)
    with deps.transaction() as session:
        captured = store.captured_kinds(session, **message.where())
    if captured and first_delivery(deps, body, team_id=team_id):
        with deps.transaction() as session:
            service.note_deleted(session, message=message, now=deps.now())


def capture(
    deps: Deps,
    client: WebClient,
    message: SourceMessage,
    lines: Lines,
    *,
    thread_ts: str,
    first: bool,
) -> None:
    """Save a message's lines (or follow their edit) and post or update the thread reply."""
    now = deps.now()
    with deps.transaction() as session:
        to_read = service.lines_to_read(session, message=message, lines=lines)
    readings = read_lines(deps, client, message, to_read)
    message = replace(message, url=permalink(client, message.channel_id, message.ts))
    with deps.transaction() as session:
        result = service.apply_lines(
            session, message=message, lines=lines, readings=readings, now=now, first=first
        )
    if result is not None:
        skipped = reply_blocks.skipped_text(result.skipped, left_out=lines.left_out)
        _answer(deps, client, message, result, thread_ts=thread_ts, skipped=skipped)
        refresh_homes(deps, client, team_id=message.team_id, user_ids=concerned(*result.items))


def read_lines(
    deps: Deps, client: WebClient, message: SourceMessage, lines: list[CaptureLine]
) -> Readings:
    """Read action lines as `/action` reads them, in the author's zone; note why any fail."""
    if not lines:
        return {}
    author = person_for(deps, SlackPort(client), team_id=message.team_id, user_id=message.author_id)
    zone, now = zone_of(author, deps.default_zone), deps.now()
    readings: Readings = {}
    for line in lines:
        try:
            draft = read_action_text(line.text, now=now, zone=zone)
            check_owners(deps, SlackPort(client), team_id=message.team_id, user_ids=draft.owners)
            readings[line.raw] = draft
        except UserFacingError as error:
            readings[line.raw] = error.message
    return readings


def _answer(
    deps: Deps,
    client: WebClient,
    message: SourceMessage,
    result: Captured,
    *,
    thread_ts: str,
    skipped: str | None,
) -> None:
    heading = reply_blocks.lines_heading(result.items, result.decisions)
    reply = reply_blocks.capture_reply(
        heading, result.items, result.decisions, skipped=skipped, now=deps.now()
    )
    if result.reply_ts:
        update_reply(client, message.channel_id, result.reply_ts, reply)
    elif result.created:
        post_reply(deps, client, message.channel_id, thread_ts, result.capture_id, reply)


def _follow_pushpin(deps: Deps, client: WebClient, message: SourceMessage, text: str) -> None:
    author = person_for(deps, SlackPort(client), team_id=message.team_id, user_id=message.author_id)
    try:
        draft = read_action_text(text, now=deps.now(), zone=zone_of(author, deps.default_zone))
        check_owners(deps, SlackPort(client), team_id=message.team_id, user_ids=draft.owners)
    except UserFacingError:
        return  # the edit no longer reads as an item: keep the item as it was
    with deps.transaction() as session:
        item = service.follow_pushpin(
            session, message=message, text=text, reading=draft, now=deps.now()
        )
        found = _capture(session, message, CaptureKind.PUSHPIN)
    if item is not None and found is not None and found.reply_ts:
        reply = reply_blocks.capture_reply(
            reply_blocks.pushpin_heading(item.creator_id), [item], [], skipped=None, now=deps.now()
        )
        update_reply(client, message.channel_id, found.reply_ts, with_owner_button(reply, item))


def _capture(session: Session, message: SourceMessage, kind: str) -> MessageCapture | None:
    return store.get_capture(session, kind=kind, **message.where())


def _source(team_id: str, channel_id: str, message: dict[str, Any]) -> SourceMessage:
    editor = (message.get("edited") or {}).get("user")
    return SourceMessage(team_id, channel_id, message["ts"], message["user"], None, editor)
