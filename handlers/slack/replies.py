"""The Done buttons of the thread reply under a captured message (the reply's sender is
`bot.services.capture_replies`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_bolt import App, Args
from slack_sdk import WebClient

from bot.deps import deps_of
from bot.ids import ActionId, BlockId
from bot.messages.capture import kept_note
from bot.port import PostRef
from bot.services.capture_replies import link_to, refresh_reply
from bot.slack.port import SlackPort
from handlers.slack.actions import handle_done_button
from handlers.slack.common import acknowledged, port_of, team_of


def register(app: App) -> None:
    """Attach the Done buttons of capture replies."""
    app.action(ActionId.CAPTURED_DONE)(acknowledged(handle_captured_done))


def permalink(client: WebClient, channel_id: str, ts: str) -> str | None:
    """Return a message's link, or None when Slack will not give one."""
    return link_to(SlackPort(client), PostRef(channel_id, ts))


def handle_captured_done(args: Args) -> None:
    """Mark an item done from the reply under captured notes, and show it done there."""
    try:
        handle_done_button(args)
    finally:  # even when it was already done elsewhere, the reply should show it as it is
        container = args.body.get("container", {})
        reply = PostRef(container.get("channel_id", ""), container.get("message_ts", ""))
        kept = skipped_shown(args.body.get("message", {}).get("blocks", []))
        refresh_reply(
            deps_of(args.context),
            port_of(args),
            team_id=team_of(args.context),
            reply_ref=reply,
            skipped=kept_note(kept),
        )


def skipped_shown(blocks: Sequence[dict[str, Any]]) -> str | None:
    """Return the skipped-lines note of a reply as posted, to keep it when rebuilding."""
    for block in blocks:
        if block.get("block_id") == BlockId.CAPTURE_SKIPPED:
            return str(block.get("text", {}).get("text", "")) or None
    return None
