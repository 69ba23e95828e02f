"""After a web vote: redraw the poll's post in chat, so its running counts include the vote.

Polls voted by button (anonymous ones, and every poll on Teams) show running counts: they are
redrawn as a chat vote redraws them (at most once per throttle window; the next tick catches
up). An emoji poll shows reactions, which a web vote has none of: its post says how many
people voted on the web. The work runs after the page has answered, off the request.
"""

from __future__ import annotations

import logging

from bot.messages import polls as messages
from bot.port import ChatError, ChatPort, PostRef
from bot.services import web_votes
from bot.services.poll_posts import by_button, redraw_counts
from bot.webpages.app import Site
from storage import polls as store
from storage.models import Poll

log = logging.getLogger(__name__)


def redraw_later(site: Site, poll_id: int) -> None:
    """Queue the redraw of a poll's post (nothing when no chat platform is reachable)."""
    if site.ports is None:
        return
    site.deps.later(lambda: redraw(site, poll_id))


def redraw(site: Site, poll_id: int) -> None:
    """Redraw a poll's post through its workspace's port."""
    assert site.ports is not None
    with site.deps.transaction() as session:
        poll = store.poll_by_id(session, poll_id=poll_id)
        if poll is None or poll.closed_at is not None or not poll.message_ts:
            return
        session.expunge(poll)
    port = site.ports().for_team(poll.team_id)
    if port is None:
        return
    if by_button(port, poll):
        redraw_counts(site.deps, port, poll.id)
        return
    _say_web_votes(site, port, poll)


def _say_web_votes(site: Site, port: ChatPort, poll: Poll) -> None:
    with site.deps.transaction() as session:
        on_web = web_votes.web_voters(session, poll=poll)
    message = messages.poll_message(poll, None, on_web=on_web)
    try:
        port.update(PostRef(poll.channel_id, poll.message_ts or ""), message)
    except ChatError as error:
        log.warning("could not update %s: %s", poll.code, error.reason)
