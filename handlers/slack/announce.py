"""An item's post in its channel: announced when created, updated when it changes."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services.membership import absent_from
from bot.slack import blocks
from bot.slack.clients import Clients
from bot.slack.port import SlackPort
from handlers.slack.common import SLACK_FAILURES, slack_reason
from storage.actions import get_item
from storage.models import ActionItem, Status
from storage.outbox import claim_post, owed_posts

log = logging.getLogger(__name__)
# The bot cannot post here (a DM, or a private channel it was not invited to): answer through the
# command's response_url instead, which Slack allows anywhere the command was typed.
CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
OWED_BATCH = 50  # posts a run makes at most; the rest wait for the next run
OWED_LEASE = timedelta(minutes=10)  # a run that dies mid-post leaves it to a run after this
GIVE_UP = timedelta(days=1)


def announce(
    deps: Deps,
    client: WebClient,
    item: ActionItem,
    respond: Respond | None,
    *,
    thread_ts: str | None = None,
) -> None:
    """Post a new item in its channel (or a thread) and remember where, to update it later."""
    absent = absent_from(SlackPort(client), item.channel_id, item.owner_ids)
    message = blocks.announcement(item, absent=absent) | (
        {"thread_ts": thread_ts} if thread_ts else {}
    )
    try:
        posted = client.chat_postMessage(channel=item.channel_id, **message)
    except SLACK_FAILURES as error:
        _not_posted(deps, item, error, message, respond)
        return
    _remember_post(deps, client, item, channel=str(posted["channel"]), ts=str(posted["ts"]))


def _not_posted(
    deps: Deps, item: ActionItem, error: Exception, message: dict[str, Any], respond: Respond | None
) -> None:
    """Say what happened; keep the post owed when a later try can make it (the outbox)."""
    reason = slack_reason(error)
    # Slack said no for now (a rate limit, an outage): a tick posts it later. A timeout may hide
    # a post Slack made after all, and a channel we cannot post in stays so: never try again.
    later = isinstance(error, SlackApiError) and reason not in CANNOT_POST
    if not later:
        _update_stored(deps, item, announce_pending_until=None)
    log.warning("could not announce %s: %s", item.code, reason)
    if respond is None:
        return
    if reason in CANNOT_POST:
        respond(response_type="in_channel", **message)
        return
    then = "I'll post it here in a few minutes. " if later else ""
    respond(
        text=f"I saved {item.code}, but Slack didn't let me post it here just now. {then}"
        "It's in /action list, and reminders will still go out."
    )


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
    _update_stored(
        deps, item, announce_channel=channel, announce_ts=ts, announce_pending_until=None
    )
    try:
        permalink = client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except SLACK_FAILURES:
        return  # the link is a convenience; the post itself is what matters
    _update_stored(deps, item, source_url=item.source_url or permalink)


def _update_stored(deps: Deps, item: ActionItem, **fields: str | datetime | None) -> None:
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


def post_owed(deps: Deps, clients: Clients, *, now: datetime) -> int:
    """Post the items saved but never posted (a crash, or Slack said no); return how many.

    Each is claimed for OWED_LEASE first, so several runs post it once; one whose post is owed
    for longer than GIVE_UP is left unposted (it is in lists, the Home tab and reminders).
    """
    with deps.transaction() as session:
        owed = owed_posts(session, now=now, limit=OWED_BATCH)
    posted = 0
    for item in owed:
        seen = item.announce_pending_until
        assert seen is not None  # owed_posts found it by this column
        with deps.transaction() as session:
            too_old = item.created_at < now - GIVE_UP or item.status != Status.OPEN
            until = None if too_old else now + OWED_LEASE
            if not claim_post(session, item_id=item.id, seen=seen, until=until):
                continue  # another run has it
        client = clients.client_for(item.team_id)
        if until is None or client is None:
            continue
        source = item.source_ts if item.source_channel == item.channel_id else None
        announce(deps, client, item, None, thread_ts=source)
        posted += 1
    return posted
