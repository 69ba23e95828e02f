"""A poll's posts, through the port: posting it (with its number reactions), finding a post whose
place was never stored, redrawing running counts, and showing the results when it closes.

Running counts of anonymous polls are redrawn at most once per THROTTLE per poll, whoever votes:
a vote that lands inside the window marks the poll stale and the next tick (every minute)
catches up. A busy poll costs about 6 updates a minute, not one per vote.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.messages import polls as messages
from bot.messages.parts import Message
from bot.messages.polls import NUMBER_EMOJI, POLL_EVENT
from bot.messages.spans import Code, Line, line
from bot.poll_text import PollDraft
from bot.port import CANNOT_POST, ChatError, ChatPort, PostRef
from bot.services import poll_votes
from bot.services import polls as service
from bot.services.poll_ticks import THROTTLE
from bot.services.poll_votes import Tally
from storage import polls as store
from storage.models import Poll

log = logging.getLogger(__name__)
FIND_SINCE = timedelta(seconds=60)  # a little room for clock skew when looking for a post
# Our own reason: an emoji poll in a channel Backbone is not in. The platform would let the post
# through, but sends no reaction events from there and will not say who reacted, so no vote
# would ever count.
NOT_WATCHING = ChatError("cannot_post", "not_watching_reactions")


def why_not_posted(refusal: ChatError) -> Line:
    """Say, for people, why a poll's post was refused."""
    if refusal.reason == "is_archived":
        return line("The channel is archived, so I can't post a poll in it.")
    if refusal.reason == "restricted_action":
        return line("Only some people may post in that channel, and I'm not one of them.")
    if refusal.reason == NOT_WATCHING.reason:
        return line(
            "I'm not in the channel, so I wouldn't see the reactions people vote with. "
            "Type /invite @Backbone in it, or add ",
            Code("anonymous"),
            " to vote with buttons instead.",
        )
    if refusal.kind in CANNOT_POST:
        return line("I'm not in that conversation. Invite me first (type /invite @Backbone in it).")
    # An outage, or a timeout after which the platform may have posted it anyway.
    return line(
        "Slack had trouble just now. If the poll shows up anyway, delete it: it counts no votes."
    )


def find_post(port: ChatPort, poll: Poll) -> str | None:
    """Return the id of a poll's post in its channel, found by its tag, or None."""
    try:
        found = port.find_tagged(poll.channel_id, POLL_EVENT, since=poll.created_at - FIND_SINCE)
    except ChatError as error:
        log.warning("could not look for the post of %s: %s", poll.code, error.reason)
        raise
    for post in found:
        if post.tag is not None and post.tag.values.get("poll_id") == poll.id:
            return post.ref.id
    return None


def first_counts(poll: Poll, *, pressed: bool = False) -> Tally | None:
    """Return what a new poll shows: where it shows counts (anonymous, or voted by button and
    not hidden), nobody voted yet."""
    if not (poll.anonymous or pressed) or poll.hidden:
        return None
    return poll_votes.shown(Tally.empty(len(poll.options)), anonymous=poll.anonymous)


def by_button(port: ChatPort, poll: Poll) -> bool:
    """Tell whether people vote by pressing the options: anonymous polls, and every poll on
    Teams, where a bot cannot rely on reactions to its cards."""
    return poll.anonymous or port.platform == "teams"


def unseen_reactions(port: ChatPort, poll: Poll) -> ChatError | None:
    """Return why an emoji poll's reactions would not reach us in its channel, or None."""
    if by_button(port, poll):
        return None  # button clicks reach the app from any channel it may post in
    try:
        channel = port.channel(poll.channel_id)
    except ChatError as error:
        return error if error.kind in CANNOT_POST else None  # the platform's trouble: post tells
    return None if channel.member else NOT_WATCHING


def start_poll(
    deps: Deps, port: ChatPort, *, team_id: str, creator_id: str, channel_id: str,
    draft: PollDraft, now: datetime,
) -> tuple[Poll, ChatError | None]:  # fmt: skip
    """Store and post a new poll; if the post is refused, keep nothing and return the refusal."""
    with deps.transaction() as session:
        poll = service.create_poll(
            session, team_id=team_id, creator_id=creator_id, channel_id=channel_id,
            draft=draft, now=now,
        )  # fmt: skip
    refusal = post_poll(deps, port, poll)
    if refusal is not None:
        with deps.transaction() as session:
            service.forget_unposted(session, poll_id=poll.id)
    return poll, refusal


def post_poll(deps: Deps, port: ChatPort, poll: Poll) -> ChatError | None:
    """Post a poll and add its number reactions; return the refusal, or None."""
    if refusal := unseen_reactions(port, poll):
        log.warning("not posting %s: %s", poll.code, refusal.reason)
        return refusal
    try:
        pressed = by_button(port, poll)
        message = messages.poll_message(
            poll, first_counts(poll, pressed=pressed), by_button=pressed
        )
        posted = port.post(poll.channel_id, message)
    except ChatError as error:
        log.warning("could not post %s: %s", poll.code, error.reason)
        return error
    record_post(deps, port, poll, posted.id)
    if not by_button(port, poll):
        seed_reactions(port, poll)
    return None


def record_post(deps: Deps, port: ChatPort, poll: Poll, post_id: str) -> None:
    """Store where a poll's post is, then its link."""
    poll.message_ts = post_id
    # Where it is, first: a reaction that comes while the link is fetched must find its poll.
    with deps.transaction() as session:
        service.set_posted(session, poll=poll, message_ts=post_id, url=None)
    poll.source_url = link_of(port, PostRef(poll.channel_id, post_id))
    if poll.source_url:
        with deps.transaction() as session:
            service.set_posted(session, poll=poll, message_ts=post_id, url=poll.source_url)


def link_of(port: ChatPort, ref: PostRef) -> str | None:
    """Return a post's link, or None when the platform will not give one."""
    try:
        return port.link_to(ref)
    except ChatError:
        return None  # the link is a convenience; the records are what matter


def seed_reactions(port: ChatPort, poll: Poll) -> None:
    """Add 1️⃣…🔟 to an emoji poll, so voting is one tap; Backbone's own never count."""
    ref = PostRef(poll.channel_id, poll.message_ts or "")
    for index in range(len(poll.options)):
        try:
            port.react(ref, NUMBER_EMOJI[index])
        except ChatError as error:  # people can still add the reaction themselves
            if error.reason != "already_reacted":
                log.warning("could not add a reaction to %s: %s", poll.code, error.reason)


def redraw_counts(deps: Deps, port: ChatPort, poll_id: int) -> bool:
    """Show a poll's running counts (anonymous, or voted by button), unless they were drawn
    within THROTTLE."""
    now = deps.now()
    with deps.transaction() as session:
        claimed = store.claim_counts(session, poll_id=poll_id, now=now, shown_before=now - THROTTLE)
        poll = store.poll_by_id(session, poll_id=poll_id) if claimed else None
        if poll is None or poll.hidden or not poll.message_ts:
            return False
        counted = poll_votes.tally(session, poll=poll)
    _update(port, poll, messages.poll_message(poll, counted, by_button=by_button(port, poll)))
    return True


def show_results(deps: Deps, port: ChatPort, poll: Poll, counted: Tally) -> None:
    """Update the poll's message with bars, and post the results in its thread."""
    if not poll.message_ts:
        return  # never posted: nothing to show them under
    _update(port, poll, messages.closed_poll_message(poll, counted))
    thread = PostRef(poll.channel_id, poll.message_ts)
    try:
        posted = port.reply(thread, messages.results_message(poll, counted))
    except ChatError as error:
        log.warning("could not post the results of %s: %s", poll.code, error.reason)
        return
    with deps.transaction() as session:
        stored = store.poll_by_id(session, poll_id=poll.id)
        if stored is not None:
            stored.results_ts = posted.id


def _update(port: ChatPort, poll: Poll, message: Message) -> None:
    try:
        port.update(PostRef(poll.channel_id, poll.message_ts or ""), message)
    except ChatError as error:  # deleted, or the channel archived: the results are kept
        log.warning("could not update %s: %s", poll.code, error.reason)
