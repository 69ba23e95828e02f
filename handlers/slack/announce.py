"""An item's post, from a Slack request: post through the port, answer the command if it could not.

The rules live in `bot.services.announce`; what stays here is Slack's side: a slash command's
response_url, which can answer where Backbone itself may not post.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.port import CANNOT_POST, PostRef
from bot.services import announce as service
from bot.slack.port import SlackPort
from bot.slack.render import render_message
from handlers.slack.common import SLACK_FAILURES, slack_reason
from storage.models import ActionItem

log = logging.getLogger(__name__)
# Slack's codes for a channel the bot cannot post in (a DM, or a private channel it was not
# invited to): answer through the command's response_url instead, which works anywhere.
CANNOT_POST_CODES = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}


def announce(
    deps: Deps,
    client: WebClient,
    item: ActionItem,
    respond: Respond | None,
    *,
    thread_ts: str | None = None,
) -> None:
    """Post a new item in its channel (or a thread); tell the person if Slack would not."""
    thread = PostRef(item.channel_id, thread_ts) if thread_ts else None
    unposted = service.announce(deps, SlackPort(client), item, thread=thread)
    if unposted is None or respond is None:
        return
    if unposted.error.kind in CANNOT_POST:
        where: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
        respond(response_type="in_channel", **render_message(unposted.message), **where)
        return
    then = "I'll post it here in a few minutes. " if unposted.later else ""
    respond(
        text=f"I saved {item.code}, but Slack didn't let me post it here just now. {then}"
        "It's in /action list, and reminders will still go out."
    )


def refresh_announcement(client: WebClient, item: ActionItem, *, by: str) -> None:
    """Show an item's new state in its channel post, if it has one."""
    service.refresh_announcement(SlackPort(client), item, by=by)


def post_or_respond(
    client: WebClient,
    channel_id: str,
    message: dict[str, Any],
    respond: Respond | None,
    *,
    code: str,
    sorry: str,
) -> tuple[str, str] | None:
    """Post an announcement and return its (channel, ts); else answer through the command."""
    try:
        posted = client.chat_postMessage(channel=channel_id, **message)
    except SLACK_FAILURES as error:
        # A timeout may hide a post Slack made after all: never post again, only tell them.
        reason = slack_reason(error)
        if respond is None:
            log.warning("could not announce %s: %s", code, reason)
        elif reason in CANNOT_POST_CODES:
            respond(response_type="in_channel", **message)
        else:
            log.warning("could not announce %s: %s", code, reason)
            respond(text=sorry)
        return None
    return str(posted["channel"]), str(posted["ts"])
