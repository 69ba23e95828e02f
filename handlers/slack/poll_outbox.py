"""Polls saved but whose post was never recorded: found by their metadata, or posted, once.

A process can die after saving a poll and before posting it, or after Slack took the post and
before its place was stored. Either way the poll still owes its post (`post_pending_until`). A
tick first looks for the post in the channel by the poll's metadata: found, its place is stored
and the votes people already gave are counted at close (the reactions are read back then). Not
found, the poll is posted now.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import polls as service
from bot.slack.clients import Clients
from handlers.slack.common import SLACK_FAILURES, slack_reason
from handlers.slack.poll_posts import (
    CANNOT_POST,
    find_post,
    post_poll,
    seed_reactions,
    why_not_posted,
)
from handlers.slack.replies import permalink
from storage.models import Poll
from storage.outbox import claim_poll_post, owed_poll_posts

log = logging.getLogger(__name__)
BATCH = 50
LEASE = timedelta(minutes=10)  # a run that dies mid-way leaves the poll to a run after this
GIVE_UP = timedelta(days=1)


def post_owed_polls(deps: Deps, clients: Clients, *, now: datetime) -> int:
    """Find or make the posts polls still owe; return how many are now known."""
    with deps.transaction() as session:
        owed = owed_poll_posts(session, now=now, limit=BATCH)
    known = 0
    for poll in owed:
        client = clients.client_for(poll.team_id)
        if _claimed(deps, poll, now=now) and client is not None and _settle(deps, client, poll):
            known += 1
    return known


def _claimed(deps: Deps, poll: Poll, *, now: datetime) -> bool:
    seen = poll.post_pending_until
    assert seen is not None  # owed_poll_posts found it by this column
    given_up = poll.closed_at is not None or poll.created_at < now - GIVE_UP
    with deps.transaction() as session:
        until = None if given_up else now + LEASE
        return claim_poll_post(session, poll_id=poll.id, seen=seen, until=until) and not given_up


def _settle(deps: Deps, client: WebClient, poll: Poll) -> bool:
    try:
        ts = find_post(client, poll)
    except SLACK_FAILURES:
        return False  # looked for again after the lease
    if ts is not None:
        poll.message_ts = ts
        url = permalink(client, poll.channel_id, ts)
        with deps.transaction() as session:
            service.set_posted(session, poll=poll, message_ts=ts, url=url)
        if not poll.anonymous:
            seed_reactions(client, poll)
        log.info("found the post of %s and recorded it", poll.code)
        return True
    refusal = post_poll(deps, client, poll)
    if refusal in CANNOT_POST:
        _give_up(deps, client, poll, refusal)
    return refusal is None


def _give_up(deps: Deps, client: WebClient, poll: Poll, refusal: str) -> None:
    with deps.transaction() as session:
        service.forget_unposted(session, poll_id=poll.id)
    said = (
        f"I couldn't post your poll {poll.code} in <#{poll.channel_id}>. {why_not_posted(refusal)}"
    )
    try:
        client.chat_postMessage(channel=poll.creator_id, text=said + " Then try it again.")
    except SLACK_FAILURES as error:
        log.warning("could not tell the creator of %s: %s", poll.code, slack_reason(error))
