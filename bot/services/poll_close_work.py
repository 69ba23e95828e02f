"""Closing polls (by command or on time), weekly copies, and the poll work each tick does.

Every step claims its poll with one UPDATE first, so any number of `serve` and `tick` processes
close each poll once, post each weekly copy once and redraw each poll's counts once.
Emoji polls are reconciled at close with the post's reactions as the platform lists them: that
list is the truth, whatever events were lost or arrived out of order.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.deps import Deps
from bot.messages.common import notice
from bot.messages.polls import NUMBER_EMOJI
from bot.messages.spans import ChannelRef
from bot.port import CANNOT_POST, ChatError, ChatPort, Ports, PostRef
from bot.services import polls as service
from bot.services.poll_posts import (
    by_button,
    post_poll,
    redraw_counts,
    show_results,
    why_not_posted,
)
from bot.services.poll_ticks import DuePolls, PollWork
from bot.services.poll_votes import Tally
from storage import polls as store
from storage.db import engine_of
from storage.models import Poll

log = logging.getLogger(__name__)


def current_reactions(
    port: ChatPort, poll: Poll, bot_user_id: str | None
) -> dict[int, set[str]] | None:
    """Return who reacts with each option's emoji now (bots left out); None if nobody can say.

    Without Backbone's own id its seeded 1️⃣…🔟 would pass for votes: count the votes heard.
    """
    if by_button(port, poll) or not poll.message_ts or bot_user_id is None:
        return None  # votes by button are all heard as they happen: no reactions to read
    try:
        reacted = port.reactions(PostRef(poll.channel_id, poll.message_ts))
    except ChatError as error:
        log.warning("could not read the reactions of %s: %s", poll.code, error.reason)
        return None  # count the votes heard as they happened
    names = {name: index for index, name in enumerate(NUMBER_EMOJI[: len(poll.options)])}
    found: dict[int, set[str]] = {index: set() for index in names.values()}
    for name, users in reacted.items():
        index = names.get(name.split("::")[0])  # "one::skin-tone-2" is still :one:
        if index is not None:
            found[index] |= {str(user) for user in users if user != bot_user_id}
    return found


def close_now(
    deps: Deps, port: ChatPort, poll: Poll, *, by: str | None, bot_user_id: str | None
) -> Tally | None:
    """Close a poll once and show its results; None when someone else closed it first."""
    reactions = current_reactions(port, poll, bot_user_id)
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
        show_results(deps, port, stored, counted)
    return counted


def scrub(deps: Deps) -> None:
    """Wipe the deleted ballots from the database files; a tick tries again if held back."""
    if not store.scrub_deleted(engine_of(deps.session_factory)):
        log.warning("deleted ballots wait for the next tick to leave the database files")


def bot_user_of(port: ChatPort) -> str | None:
    """Return Backbone's own id in a workspace (its reactions are not votes)."""
    try:
        return port.me()
    except ChatError as error:
        log.warning("could not tell Backbone's own id: %s", error.reason)
        return None


def do_poll_work(deps: Deps, ports: Ports, due: DuePolls, *, now: datetime) -> PollWork:
    """Close the polls found due, post weekly copies, and catch up running counts.

    Each poll's work uses its workspace's port; a workspace that removed Backbone is skipped.
    """
    if due.scrubbing:  # again: a reader in another process may have held the close's scrub back
        scrub(deps)
    work = PollWork()
    _close_and_repeat(deps, _BotUsers(ports), due.closing, due.repeating, work, now=now)
    for poll in due.stale:
        if redrawing := ports.for_team(poll.team_id):
            work.redrawn += redraw_counts(deps, redrawing, poll.id)
    return work


def _close_and_repeat(
    deps: Deps,
    bots: _BotUsers,
    closing: list[Poll],
    repeating: list[Poll],
    work: PollWork,
    *,
    now: datetime,
) -> None:
    for poll in closing:
        if ready := bots.ready(poll):
            port, bot_user = ready
            work.closed += close_now(deps, port, poll, by=None, bot_user_id=bot_user) is not None
    for poll in repeating:
        if ready := bots.ready(poll):
            work.repeated += repeat(deps, ready[0], poll, now=now, bot_user_id=ready[1])


class _BotUsers:
    """Each workspace's port and Backbone's id there, asked once per run, only for emoji polls."""

    def __init__(self, ports: Ports) -> None:
        self._ports = ports
        self._known: dict[str, str | None] = {}

    def ready(self, poll: Poll) -> tuple[ChatPort, str | None] | None:
        """Return the poll's port and Backbone's id; None once its workspace is lost."""
        port = self._ports.for_team(poll.team_id)
        if port is None:
            return None
        if not poll.anonymous and poll.team_id not in self._known:
            self._known[poll.team_id] = bot_user_of(port)  # Backbone's reactions are not votes
        # Asking may have found the workspace lost: then the poll waits, nothing closed half-way.
        if self._ports.for_team(poll.team_id) is None:
            return None
        return port, self._known.get(poll.team_id)


def repeat(
    deps: Deps, port: ChatPort, poll: Poll, *, now: datetime, bot_user_id: str | None
) -> bool:
    """Close this week's copy of a weekly poll if still open, and post next week's, once."""
    if poll.closed_at is None:
        close_now(deps, port, poll, by=None, bot_user_id=bot_user_id)
    with deps.transaction() as session:
        stored = store.poll_by_id(session, poll_id=poll.id)
        copy = service.next_copy(session, poll=stored, now=now) if stored else None
    if copy is None:
        return False
    refusal = post_poll(deps, port, copy)
    if refusal is not None and refusal.kind in CANNOT_POST:
        _stop_series(deps, port, copy, refusal)
    elif refusal is not None:  # the platform's trouble, not the channel's: the next run tries
        with deps.transaction() as session:
            service.retry_copy_later(
                session, poll_id=poll.id, copy_id=copy.id, repeat_at=poll.repeat_at or now
            )
        return False
    return True


def _stop_series(deps: Deps, port: ChatPort, copy: Poll, refusal: ChatError) -> None:
    """A copy that can't be posted ends the series, and its creator is told once."""
    with deps.transaction() as session:
        service.forget_unposted(session, poll_id=copy.id)
    said = notice(
        "I couldn't post this week's copy of your weekly poll in ",
        ChannelRef(copy.channel_id),
        ", so it won't be posted again. ",
        *why_not_posted(refusal),
    )
    try:
        port.dm(copy.creator_id, said)
    except ChatError as error:
        log.warning("could not tell the creator of a weekly poll: %s", error.reason)
