"""The bot's thread reply under a captured message: posted once, updated as its records change."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Args
from slack_sdk import WebClient

from bot.deps import Deps, deps_of
from bot.ids import ActionId
from bot.slack import blocks_capture as reply_blocks
from bot.slack.blocks_pin import with_owner_button
from handlers.slack.actions import handle_done_button
from handlers.slack.common import SLACK_FAILURES, acknowledged, slack_reason, team_of
from storage import captures as store
from storage.captures import CaptureKind

log = logging.getLogger(__name__)


def register(app: App) -> None:
    """Attach the Done buttons of capture replies."""
    app.action(ActionId.CAPTURED_DONE)(acknowledged(handle_captured_done))


def post_reply(
    deps: Deps,
    client: WebClient,
    channel_id: str,
    thread_ts: str,
    capture_id: int,
    reply: dict[str, Any],
) -> None:
    """Answer in the message's thread and remember where, so edits can update the answer."""
    try:
        posted = client.chat_postMessage(channel=channel_id, thread_ts=thread_ts, **reply)
    except SLACK_FAILURES as error:  # the records are saved; the reply is the only loss
        log.warning("could not reply to a captured message: %s", slack_reason(error))
        return
    with deps.transaction() as session:
        store.set_reply(session, capture_id=capture_id, reply_ts=str(posted["ts"]))


def update_reply(client: WebClient, channel_id: str, reply_ts: str, reply: dict[str, Any]) -> None:
    """Show the records' current state in a reply already posted."""
    try:
        client.chat_update(channel=channel_id, ts=reply_ts, **reply)
    except SLACK_FAILURES as error:  # deleted by someone, or the channel archived
        log.warning("could not update a capture reply: %s", slack_reason(error))


def permalink(client: WebClient, channel_id: str, ts: str) -> str | None:
    """Return a message's link, or None when Slack will not give one."""
    try:
        link = client.chat_getPermalink(channel=channel_id, message_ts=ts).get("permalink")
    except SLACK_FAILURES:
        return None  # the link is a convenience; the records are what matter
    return str(link) if link else None


def handle_captured_done(args: Args) -> None:
    """Mark an item done from the reply under captured notes, and show it done there."""
    try:
        handle_done_button(args)
    finally:  # even when it was already done elsewhere, the reply should show it as it is
        container = args.body.get("container", {})
        kept = reply_blocks.skipped_of(args.body.get("message", {}).get("blocks", []))
        refresh_reply(
            deps_of(args.context),
            args.client,
            team_id=team_of(args.context),
            channel_id=container.get("channel_id", ""),
            reply_ts=container.get("message_ts", ""),
            skipped=kept,
        )


def refresh_reply(
    deps: Deps,
    client: WebClient,
    *,
    team_id: str,
    channel_id: str,
    reply_ts: str,
    skipped: str | None = None,
) -> None:
    """Rebuild a capture reply from the records as they are now."""
    with deps.transaction() as session:
        found = store.capture_by_reply(
            session, team_id=team_id, channel_id=channel_id, reply_ts=reply_ts
        )
        if found is None:
            return
        where = {"team_id": team_id, "channel_id": channel_id, "message_ts": found.message_ts}
        items = [item for item, _ in store.items_from_message(session, via=found.kind, **where)]
        lines = found.kind == CaptureKind.LINES
        decisions = store.decisions_from_message(session, **where) if lines else []
    if lines or not items:
        heading = reply_blocks.lines_heading(items, decisions)
    else:
        heading = reply_blocks.pushpin_heading(items[0].creator_id)
    reply = reply_blocks.capture_reply(heading, items, decisions, skipped=skipped, now=deps.now())
    if not lines and items:
        reply = with_owner_button(reply, items[0])
    update_reply(client, channel_id, reply_ts, reply)
