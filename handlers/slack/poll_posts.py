"""A poll's messages in Slack: posting it (with its number reactions), redrawing running counts,
and showing the results when it closes.

Running counts of anonymous polls are redrawn at most once per THROTTLE per poll, whoever votes:
a vote that lands inside the window marks the poll stale and the next tick (every minute)
catches up. A busy poll costs about 6 `chat.update`s a minute, not one per vote.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import poll_votes
from bot.services import polls as service
from bot.services.poll_votes import Tally
from bot.slack import blocks_polls
from bot.slack.blocks import Message
from handlers.slack.common import SLACK_FAILURES, slack_reason
from handlers.slack.replies import permalink
from storage import polls as store
from storage.models import Poll

log = logging.getLogger(__name__)
THROTTLE = timedelta(seconds=10)
POLL_EVENT = "backbone_poll"


# Our own reason: an emoji poll in a channel Backbone is not in. `chat:write.public` would let
# the post through, but Slack sends no reaction events from there and refuses reactions.get
# (`reactions:read` covers only conversations the app is in), so no vote would ever count.
NOT_WATCHING = "not_watching_reactions"
# Slack's answers (and ours) that mean a poll can't go to that conversation until someone
# changes something.
CANNOT_POST = {
    "not_in_channel", "channel_not_found", "is_archived", "restricted_action", NOT_WATCHING,
}  # fmt: skip


def why_not_posted(reason: str) -> str:
    """Say, for people, why Slack would not take a poll's post."""
    if reason == "is_archived":
        return "The channel is archived, so I can't post a poll in it."
    if reason == "restricted_action":
        return "Only some people may post in that channel, and I'm not one of them."
    if reason == NOT_WATCHING:
        return (
            "I'm not in the channel, so I wouldn't see the reactions people vote with. "
            "Type /invite @Backbone in it, or add `anonymous` to vote with buttons instead."
        )
    if reason in CANNOT_POST:
        return "I'm not in that conversation. Invite me first (type /invite @Backbone in it)."
    # An outage, or a timeout after which Slack may have posted it anyway.
    return "Slack had trouble just now. If the poll shows up anyway, delete it: it counts no votes."


def poll_metadata(poll: Poll) -> dict[str, Any]:
    """Name the poll in its post's metadata, so a post whose place was never stored is found."""
    return {"event_type": POLL_EVENT, "event_payload": {"poll_id": poll.id}}


def find_post(client: WebClient, poll: Poll) -> str | None:
    """Return the ts of a poll's post in its channel, read back by its metadata, or None."""
    oldest = f"{poll.created_at.timestamp() - 60:.6f}"  # a little room for clock skew
    try:
        found = client.conversations_history(
            channel=poll.channel_id, oldest=oldest, limit=200, include_all_metadata=True
        )
    except SLACK_FAILURES as error:
        log.warning("could not look for the post of %s: %s", poll.code, slack_reason(error))
        raise
    for message in found.get("messages") or []:
        meta = message.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if meta.get("event_type") == POLL_EVENT and payload.get("poll_id") == poll.id:
            return str(message["ts"])
    return None


def first_counts(poll: Poll) -> Tally | None:
    """Return what a new poll shows: on an anonymous poll that shows counts, nobody voted yet."""
    if not poll.anonymous or poll.hidden:
        return None
    return poll_votes.shown(Tally.empty(len(poll.options)), anonymous=True)


def unseen_reactions(client: WebClient, poll: Poll) -> str | None:
    """Return why an emoji poll's reactions would not reach us in its channel, or None."""
    if poll.anonymous:
        return None  # button clicks reach the app from any channel it may post in
    try:
        channel = client.conversations_info(channel=poll.channel_id)["channel"]
    except SLACK_FAILURES as error:
        reason = slack_reason(error)
        return reason if reason in CANNOT_POST else None  # Slack's trouble: the post will tell
    return None if channel.get("is_member", True) else NOT_WATCHING  # DMs carry no is_member


def post_poll(deps: Deps, client: WebClient, poll: Poll) -> str | None:
    """Post a poll and add its number reactions; return Slack's reason if it refused, or None."""
    if refusal := unseen_reactions(client, poll):
        log.warning("not posting %s: %s", poll.code, refusal)
        return refusal
    message = blocks_polls.poll_message(poll, first_counts(poll))
    try:
        posted = client.chat_postMessage(
            channel=poll.channel_id, metadata=poll_metadata(poll), **message
        )
    except SLACK_FAILURES as error:
        reason = slack_reason(error)
        log.warning("could not post %s: %s", poll.code, reason)
        return reason
    poll.message_ts = str(posted["ts"])
    # Where it is, first: a reaction that comes while the link is fetched must find its poll.
    with deps.transaction() as session:
        service.set_posted(session, poll=poll, message_ts=poll.message_ts, url=None)
    poll.source_url = permalink(client, poll.channel_id, poll.message_ts)
    if poll.source_url:
        with deps.transaction() as session:
            service.set_posted(session, poll=poll, message_ts=poll.message_ts, url=poll.source_url)
    if not poll.anonymous:
        seed_reactions(client, poll)
    return None


def seed_reactions(client: WebClient, poll: Poll) -> None:
    """Add 1️⃣…🔟 to an emoji poll, so voting is one tap; the bot's own never count."""
    for index in range(len(poll.options)):
        try:
            client.reactions_add(
                channel=poll.channel_id,
                timestamp=poll.message_ts or "",
                name=blocks_polls.NUMBER_EMOJI[index],
            )
        except SLACK_FAILURES as error:  # people can still add the reaction themselves
            if slack_reason(error) != "already_reacted":
                log.warning("could not add a reaction to %s: %s", poll.code, slack_reason(error))


def redraw_counts(deps: Deps, client: WebClient, poll_id: int) -> bool:
    """Show an anonymous poll's running counts, unless they were drawn within THROTTLE."""
    now = deps.now()
    with deps.transaction() as session:
        claimed = store.claim_counts(session, poll_id=poll_id, now=now, shown_before=now - THROTTLE)
        poll = store.poll_by_id(session, poll_id=poll_id) if claimed else None
        if poll is None or poll.hidden or not poll.message_ts:
            return False
        counted = poll_votes.tally(session, poll=poll)
    _update(client, poll, blocks_polls.poll_message(poll, counted))
    return True


def show_results(deps: Deps, client: WebClient, poll: Poll, counted: Tally) -> None:
    """Update the poll's message with bars, and post the results in its thread."""
    if not poll.message_ts:
        return  # never posted: nothing to show them under
    _update(client, poll, blocks_polls.closed_poll_message(poll, counted))
    results = blocks_polls.results_message(poll, counted)
    try:
        posted = client.chat_postMessage(
            channel=poll.channel_id, thread_ts=poll.message_ts, **results
        )
    except SLACK_FAILURES as error:
        log.warning("could not post the results of %s: %s", poll.code, slack_reason(error))
        return
    with deps.transaction() as session:
        stored = store.poll_by_id(session, poll_id=poll.id)
        if stored is not None:
            stored.results_ts = str(posted["ts"])


def _update(client: WebClient, poll: Poll, message: Message) -> None:
    try:
        client.chat_update(channel=poll.channel_id, ts=poll.message_ts or "", **message)
    except SLACK_FAILURES as error:  # deleted, or the channel archived: the results are kept
        log.warning("could not update %s: %s", poll.code, slack_reason(error))
