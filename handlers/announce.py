"""An item's post in its channel: announced when created, updated when it changes."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot import blocks
from bot.deps import Deps
from handlers.common import SLACK_FAILURES, slack_reason
from handlers.membership import absent_from
from storage.actions import get_item
from storage.models import ActionItem, Status

log = logging.getLogger(__name__)
# The bot cannot post here (a DM, or a private channel it was not invited to): answer through the
# command's response_url instead, which Slack allows anywhere the command was typed.
CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}


def announce(
    deps: Deps,
    client: WebClient,
    item: ActionItem,
    respond: Respond | None,
    *,
    thread_ts: str | None = None,
) -> None:
    """Post a new item in its channel (or a thread) and remember where, to update it later."""
    sorry = (
        f"I saved {item.code}, but Slack didn't let me post it here just now. "
        "It's in /action list, and reminders will still go out."
    )
    absent = absent_from(client, item.channel_id, item.owner_ids)
    message = blocks.announcement(item, absent=absent) | (
        {"thread_ts": thread_ts} if thread_ts else {}
    )
    posted = post_or_respond(client, item.channel_id, message, respond, code=item.code, sorry=sorry)
    if posted is not None:
        _remember_post(deps, client, item, channel=posted[0], ts=posted[1])


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
        elif reason in CANNOT_POST:
            respond(response_type="in_channel", **message)
        else:
            log.warning("could not announce %s: %s", code, reason)
            respond(text=sorry)
        return None
    return str(posted["channel"]), str(posted["ts"])


def _remember_post(
    deps: Deps, client: WebClient, item: ActionItem, *, channel: str, ts: str
) -> None:
    # Store where the post is before anything else, so a change made a moment later can update it.
    _update_stored(deps, item, announce_channel=channel, announce_ts=ts)
    try:
        permalink = client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except SLACK_FAILURES:
        return  # the link is a convenience; the post itself is what matters
    _update_stored(deps, item, source_url=item.source_url or permalink)


def _update_stored(deps: Deps, item: ActionItem, **fields: str | None) -> None:
    with deps.transaction() as session:
        stored = get_item(session, team_id=item.team_id, number=item.number)
        if stored is not None:
            for name, value in fields.items():
                setattr(stored, name, value)


def refresh_announcement(client: WebClient, item: ActionItem, *, by: str) -> None:
    """Show an item's new state in its channel post, if it has one."""
    if not item.announce_ts or not item.announce_channel:
        return
    if item.status == Status.OPEN:
        message = blocks.announcement(item)
    else:
        message = blocks.closed_announcement(item, by=by)
    try:
        client.chat_update(channel=item.announce_channel, ts=item.announce_ts, **message)
    except SLACK_FAILURES as error:
        # The post may be deleted or the channel archived; the item itself is already saved.
        log.warning("could not update the post of %s: %s", item.code, slack_reason(error))
