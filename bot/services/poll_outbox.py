"""Polls saved but whose post was never recorded: found by their tag, or posted, once.

A process can die after saving a poll and before posting it, or after the platform took the
post and before its place was stored. Either way the poll still owes its post
(`post_pending_until`). A tick first looks for the post in the channel by the poll's tag: found,
its place is stored and the votes people already gave are counted at close (the reactions are
read back then). Not found, the poll is posted now.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.messages.common import notice
from bot.messages.spans import ChannelRef
from bot.port import CANNOT_POST, ChatError, ChatPort, Ports, PostRef
from bot.services import polls as service
from bot.services.poll_posts import find_post, link_of, post_poll, seed_reactions, why_not_posted
from storage.models import Poll
from storage.outbox import claim_poll_post

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)  # a run that dies mid-way leaves the poll to a run after this
GIVE_UP = timedelta(days=1)


def settle_owed(deps: Deps, ports: Ports, owed: list[Poll], *, now: datetime) -> int:
    """Find or make the posts these polls still owe; return how many are now known."""
    known = 0
    for poll in owed:
        port = ports.for_team(poll.team_id)
        if _claimed(deps, poll, now=now) and port is not None and _settle(deps, port, poll):
            known += 1
    return known


def _claimed(deps: Deps, poll: Poll, *, now: datetime) -> bool:
    seen = poll.post_pending_until
    assert seen is not None  # owed_poll_posts found it by this column
    given_up = poll.closed_at is not None or poll.created_at < now - GIVE_UP
    with deps.transaction() as session:
        until = None if given_up else now + LEASE
        return claim_poll_post(session, poll_id=poll.id, seen=seen, until=until) and not given_up


def _settle(deps: Deps, port: ChatPort, poll: Poll) -> bool:
    try:
        found = find_post(port, poll)
    except ChatError:
        return False  # looked for again after the lease
    if found is not None:
        poll.message_ts = found
        url = link_of(port, PostRef(poll.channel_id, found))
        with deps.transaction() as session:
            service.set_posted(session, poll=poll, message_ts=found, url=url)
        if not poll.anonymous:
            seed_reactions(port, poll)
        log.info("found the post of %s and recorded it", poll.code)
        return True
    refusal = post_poll(deps, port, poll)
    if refusal is not None and refusal.kind in CANNOT_POST:
        _give_up(deps, port, poll, refusal)
    return refusal is None


def _give_up(deps: Deps, port: ChatPort, poll: Poll, refusal: ChatError) -> None:
    with deps.transaction() as session:
        service.forget_unposted(session, poll_id=poll.id)
    said = notice(
        f"I couldn't post your poll {poll.code} in ",
        ChannelRef(poll.channel_id),
        ". ",
        *why_not_posted(refusal),
        " Then try it again.",
    )
    try:
        port.dm(poll.creator_id, said)
    except ChatError as error:
        log.warning("could not tell the creator of %s: %s", poll.code, error.reason)
