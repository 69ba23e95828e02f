"""Meeting capture on Slack: read message events, and let `bot.services.capture_flow` save.

One thread reply per message lists what was saved. Editing the message updates the records nobody
has changed since, and the reply; deleting it leaves the records and notes it in their history.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.capture import Lines, capture_lines, pushpin_text
from bot.deps import Deps
from bot.port import PostRef
from bot.services import capture as service
from bot.services.capture import SourceMessage
from bot.services.capture_flow import capture_message, capture_of, follow_pushpin
from bot.slack.port import SlackPort
from handlers.slack.home import refresh_homes
from handlers.slack.notify import concerned
from handlers.slack.once import first_delivery
from storage import captures as store
from storage.captures import CaptureKind


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
    if ts:
        _follow_edit(deps, client, body, {**edited, "ts": ts}, team_id=team_id)


def _follow_edit(
    deps: Deps, client: WebClient, body: dict[str, Any], edited: dict[str, Any], *, team_id: str
) -> None:
    """Update the records an edited message made, and its reply, once per delivery."""
    message = _source(team_id, body["event"]["channel"], edited)
    text = edited.get("text") or ""
    lines = capture_lines(text)
    with deps.transaction() as session:
        had_lines = capture_of(session, message, CaptureKind.LINES) is not None
        pinned = service.pushpin_line(session, message=message)
    if not (lines.lines or had_lines or pinned is not None):
        return
    if not first_delivery(deps, body, team_id=team_id):
        return
    if lines.lines or had_lines:
        thread_ts = edited.get("thread_ts") or edited["ts"]
        capture(deps, client, message, lines, thread_ts=thread_ts, first=False)
    if pinned is not None and pinned != pushpin_text(text):
        follow_pushpin(deps, SlackPort(client), message, pushpin_text(text))


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
    """Save a message's lines (or follow their edit), answer in its thread, refresh Homes."""
    thread = PostRef(message.channel_id, thread_ts)
    result = capture_message(deps, SlackPort(client), message, lines, thread=thread, first=first)
    if result is not None:
        refresh_homes(deps, client, team_id=message.team_id, user_ids=concerned(*result.items))


def _source(team_id: str, channel_id: str, message: dict[str, Any]) -> SourceMessage:
    editor = (message.get("edited") or {}).get("user")
    return SourceMessage(team_id, channel_id, message["ts"], message["user"], None, editor)
