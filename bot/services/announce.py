"""An item's post in its channel: announced when created, updated when it changes, owed until made.

Everything goes through the port: a post the platform refuses for now stays owed (the outbox)
and a later tick's `post_owed` (bot/services/item_outbox.py) makes it; one it can never make is
let go.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.messages import items as said
from bot.messages.parts import Message
from bot.port import CANNOT_POST, ChatError, ChatPort, Ports, PostRef
from bot.services.membership import absent_from
from storage.actions import set_columns
from storage.models import ActionItem, Status
from storage.outbox import claim_post

log = logging.getLogger(__name__)
OWED_LEASE = timedelta(minutes=10)  # a run that dies mid-post leaves it to a run after this
GIVE_UP = timedelta(days=1)


@dataclass(frozen=True)
class Unposted:
    """An announcement the platform did not take: what it said, why, and if a run will retry."""

    message: Message
    error: ChatError
    later: bool


def announce(
    deps: Deps,
    port: ChatPort,
    item: ActionItem,
    *,
    thread: PostRef | None = None,
    present: Collection[str] = (),
) -> Unposted | None:
    """Post a new item in its channel (or a thread) and remember where; say so if it could not.

    `present` are people known to be in the channel (see `absent_from`).
    """
    absent = absent_from(port, item.channel_id, item.owner_ids, present=present)
    message = said.announcement(item, absent=absent)
    try:
        ref = port.reply(thread, message) if thread else port.post(item.channel_id, message)
    except ChatError as error:
        return _not_posted(deps, item, error, message)
    _remember_post(deps, port, item, ref)
    return None


def _not_posted(deps: Deps, item: ActionItem, error: ChatError, message: Message) -> Unposted:
    """Keep the post owed when a later try can make it (the outbox); log why it was not made."""
    # The platform said no for now (a rate limit, an outage): a run posts it later. No answer in
    # time may hide a post made after all, and a channel we cannot post in stays so: never retry.
    later = error.kind not in CANNOT_POST and error.kind != "unreachable"
    if not later:
        _update_stored(deps, item, announce_pending_until=None)
    log.warning("could not announce %s: %s", item.code, error.reason)
    return Unposted(message, error, later)


def _remember_post(deps: Deps, port: ChatPort, item: ActionItem, ref: PostRef) -> None:
    # Store where the post is before anything else, so a change made a moment later can update it.
    _update_stored(
        deps, item, announce_channel=ref.channel, announce_ts=ref.id, announce_pending_until=None
    )
    if item.source_url:
        return  # the item links to the message it was taken from; that link stays
    try:
        link = port.link_to(ref)
    except ChatError:
        return  # the link is a convenience; the post itself is what matters
    _update_stored(deps, item, source_url=link)


def _update_stored(deps: Deps, item: ActionItem, **fields: str | datetime | None) -> None:
    """Write a few columns of the stored item in one UPDATE, without reading it first."""
    with deps.transaction() as session:
        set_columns(session, item_id=item.id, **fields)


def refresh_announcement(port: ChatPort, item: ActionItem, *, by: str) -> None:
    """Show an item's new state in its channel post, if it has one."""
    if not item.announce_ts or not item.announce_channel:
        return
    if item.status == Status.OPEN:
        message = said.announcement(item)
    else:
        message = said.closed_announcement(item, by=by)
    try:
        port.update(PostRef(item.announce_channel, item.announce_ts), message)
    except ChatError as error:
        # The post may be deleted or the channel archived; the item itself is already saved.
        log.warning("could not update the post of %s: %s", item.code, error.reason)


def post_owed(deps: Deps, ports: Ports, owed: list[ActionItem], *, now: datetime) -> int:
    """Post these items saved but never posted (a crash, or the platform said no); say how many.

    `owed` is what `storage.outbox.owed_posts` found (see bot/services/item_outbox.py). Each is
    claimed for OWED_LEASE first, so several runs post it once; one whose post is owed for longer
    than GIVE_UP is left unposted (it is in lists, the Home tab and reminders).
    """
    posted = 0
    for item in owed:
        if not _claimed(deps, item, now=now):
            continue
        port = ports.for_team(item.team_id)
        if port is None:
            continue
        source = item.source_ts if item.source_channel == item.channel_id else None
        announce(deps, port, item, thread=PostRef(item.channel_id, source) if source else None)
        posted += 1
    return posted


def _claimed(deps: Deps, item: ActionItem, *, now: datetime) -> bool:
    """Claim an owed post for this run; False when another run has it or it is let go."""
    seen = item.announce_pending_until
    assert seen is not None  # owed_posts found it by this column
    too_old = item.created_at < now - GIVE_UP or item.status != Status.OPEN
    until = None if too_old else now + OWED_LEASE
    with deps.transaction() as session:
        return claim_post(session, item_id=item.id, seen=seen, until=until) and until is not None
