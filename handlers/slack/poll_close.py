"""Closing polls (by command or on time), weekly copies, and the poll work each tick does.

Every step claims its poll with one UPDATE first, so any number of `serve` and `tick` processes
close each poll once, post each weekly copy once and redraw each poll's counts once.
Emoji polls are reconciled at close with `reactions.get`: Slack's list of who reacts with what
is the truth, whatever events were lost or arrived out of order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import polls as service
from bot.services.poll_votes import Tally
from bot.slack.blocks import notice
from bot.slack.blocks_polls import NUMBER_EMOJI
from bot.slack.clients import Clients
from handlers.slack.common import SLACK_FAILURES, slack_reason
from handlers.slack.poll_posts import (
    CANNOT_POST,
    THROTTLE,
    post_poll,
    redraw_counts,
    show_results,
    why_not_posted,
)
from storage import polls as store
from storage.db import engine_of
from storage.models import Poll

log = logging.getLogger(__name__)
SCRUB_AGAIN = timedelta(minutes=10)  # ticks scrub again this long after an anonymous close


@dataclass
class PollWork:
    """What one tick did with polls."""

    closed: int = 0
    repeated: int = 0
    redrawn: int = 0


def current_reactions(
    client: WebClient, poll: Poll, bot_user_id: str | None
) -> dict[int, set[str]] | None:
    """Return who reacts with each option's emoji now (bots left out); None if Slack won't say.

    Without the bot's own user id its seeded 1️⃣…🔟 would pass for votes: count the votes heard.
    """
    if poll.anonymous or not poll.message_ts or bot_user_id is None:
        return None
    try:
        answer = client.reactions_get(channel=poll.channel_id, timestamp=poll.message_ts, full=True)
    except SLACK_FAILURES as error:
        log.warning("could not read the reactions of %s: %s", poll.code, slack_reason(error))
        return None  # count the votes heard as they happened
    names = {name: index for index, name in enumerate(NUMBER_EMOJI[: len(poll.options)])}
    found: dict[int, set[str]] = {index: set() for index in names.values()}
    for reaction in (answer.get("message") or {}).get("reactions") or []:
        index = names.get(str(reaction.get("name", "")).split("::")[0])
        if index is not None:
            found[index] |= {str(u) for u in reaction.get("users") or [] if u != bot_user_id}
    return found


def close_now(
    deps: Deps, client: WebClient, poll: Poll, *, by: str | None, bot_user_id: str | None
) -> Tally | None:
    """Close a poll once and show its results; None when someone else closed it first."""
    reactions = current_reactions(client, poll, bot_user_id)
    with deps.transaction() as session:
        stored = store.poll_by_id(session, poll_id=poll.id)
        if stored is None:
            return None
        counted = service.close_poll(
            session, poll=stored, now=deps.now(), by=by, reactions=reactions
        )
    if counted is not None and stored.anonymous:
        scrub(deps)
    if counted is not None:
        show_results(deps, client, stored, counted)
    return counted


def scrub(deps: Deps) -> None:
    """Wipe the deleted ballots from the database files; a tick tries again if held back."""
    if not store.scrub_deleted(engine_of(deps.session_factory)):
        log.warning("deleted ballots wait for the next tick to leave the database files")


def bot_user_of(client: WebClient) -> str | None:
    """Return the bot's own user id (its reactions are not votes)."""
    try:
        return str(client.auth_test()["user_id"])
    except SLACK_FAILURES as error:
        log.warning("auth.test failed: %s", slack_reason(error))
        return None


def run_poll_work(deps: Deps, clients: Clients, *, now: datetime) -> PollWork:
    """Close polls whose time has come, post weekly copies, and catch up running counts.

    Each poll's work uses its workspace's token; a workspace that removed Backbone is skipped.
    """
    work = PollWork()
    with deps.transaction() as session:
        closing, repeating = (
            store.due_to_close(session, now=now),
            store.due_to_repeat(session, now=now),
        )
        stale = store.stale_counts(session, shown_before=now - THROTTLE)
        scrubbing = store.closed_anonymous_since(session, since=now - SCRUB_AGAIN)
    if scrubbing:  # again: a reader in another process may have held the close's scrub back
        scrub(deps)
    bots = _BotUsers(clients)
    for poll in closing:
        if ready := bots.ready(poll):
            client, bot_user = ready
            work.closed += close_now(deps, client, poll, by=None, bot_user_id=bot_user) is not None
    for poll in repeating:
        if ready := bots.ready(poll):
            work.repeated += repeat(deps, ready[0], poll, now=now, bot_user_id=ready[1])
    for poll in stale:
        if redrawing := clients.client_for(poll.team_id):
            work.redrawn += redraw_counts(deps, redrawing, poll.id)
    return work


class _BotUsers:
    """Each workspace's client and bot user id, asked once per run and only for emoji polls."""

    def __init__(self, clients: Clients) -> None:
        self._clients = clients
        self._known: dict[str, str | None] = {}

    def ready(self, poll: Poll) -> tuple[WebClient, str | None] | None:
        """Return the poll's client and bot user; None once its workspace's token is dead."""
        client = self._clients.client_for(poll.team_id)
        if client is None:
            return None
        if not poll.anonymous and poll.team_id not in self._known:
            self._known[poll.team_id] = bot_user_of(client)  # the bot's reactions are not votes
        # Asking may have found the token dead: then the poll waits, nothing closed half-way.
        if self._clients.client_for(poll.team_id) is None:
            return None
        return client, self._known.get(poll.team_id)


def repeat(
    deps: Deps, client: WebClient, poll: Poll, *, now: datetime, bot_user_id: str | None
) -> bool:
    """Close this week's copy of a weekly poll if still open, and post next week's, once."""
    if poll.closed_at is None:
        close_now(deps, client, poll, by=None, bot_user_id=bot_user_id)
    with deps.transaction() as session:
        stored = store.poll_by_id(session, poll_id=poll.id)
        copy = service.next_copy(session, poll=stored, now=now) if stored else None
    if copy is None:
        return False
    refusal = post_poll(deps, client, copy)
    if refusal in CANNOT_POST:
        _stop_series(deps, client, copy, refusal)
    elif refusal is not None:  # Slack's trouble, not the channel's: the next run tries again
        with deps.transaction() as session:
            service.retry_copy_later(
                session, poll_id=poll.id, copy_id=copy.id, repeat_at=poll.repeat_at or now
            )
        return False
    return True


def _stop_series(deps: Deps, client: WebClient, copy: Poll, refusal: str) -> None:
    """A copy that can't be posted ends the series, and its creator is told once."""
    with deps.transaction() as session:
        service.forget_unposted(session, poll_id=copy.id)
    said = (
        f"I couldn't post this week's copy of your weekly poll in <#{copy.channel_id}>, so it "
        f"won't be posted again. {why_not_posted(refusal)}"
    )
    try:
        client.chat_postMessage(channel=copy.creator_id, **notice(said))
    except SLACK_FAILURES as error:
        log.warning("could not tell the creator of a weekly poll: %s", slack_reason(error))
