"""Closing polls (by command or on time), weekly copies, and the poll work each tick does.

Every step claims its poll with one UPDATE first, so any number of `serve` and `tick` processes
close each poll once, post each weekly copy once and redraw each poll's counts once.
Emoji polls are reconciled at close with `reactions.get`: Slack's list of who reacts with what
is the truth, whatever events were lost or arrived out of order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import notice
from bot.blocks_polls import NUMBER_EMOJI
from bot.deps import Deps
from bot.services import polls as service
from bot.services.poll_votes import Tally
from handlers.poll_posts import (
    THROTTLE,
    post_poll,
    redraw_counts,
    show_results,
    why_not_posted,
)
from storage import polls as store
from storage.models import Poll

log = logging.getLogger(__name__)


@dataclass
class PollWork:
    """What one tick did with polls."""

    closed: int = 0
    repeated: int = 0
    redrawn: int = 0


def current_reactions(
    client: WebClient, poll: Poll, bot_user_id: str | None
) -> dict[int, set[str]] | None:
    """Return who reacts with each option's emoji now (bots left out); None if Slack won't say."""
    if poll.anonymous or not poll.message_ts:
        return None
    try:
        answer = client.reactions_get(channel=poll.channel_id, timestamp=poll.message_ts, full=True)
    except SlackApiError as error:
        log.warning(
            "could not read the reactions of %s: %s", poll.code, error.response.get("error")
        )
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
    if counted is not None:
        show_results(deps, client, stored, counted)
    return counted


def bot_user_of(client: WebClient) -> str | None:
    """Return the bot's own user id (its reactions are not votes)."""
    try:
        return str(client.auth_test()["user_id"])
    except SlackApiError as error:
        log.warning("auth.test failed: %s", error.response.get("error"))
        return None


def run_poll_work(deps: Deps, client: WebClient, *, now: datetime) -> PollWork:
    """Close polls whose time has come, post weekly copies, and catch up running counts."""
    work = PollWork()
    with deps.transaction() as session:
        closing, repeating = (
            store.due_to_close(session, now=now),
            store.due_to_repeat(session, now=now),
        )
        stale = store.stale_counts(session, shown_before=now - THROTTLE)
    bot_user = bot_user_of(client) if any(not p.anonymous for p in closing + repeating) else None
    for poll in closing:
        work.closed += close_now(deps, client, poll, by=None, bot_user_id=bot_user) is not None
    for poll in repeating:
        work.repeated += repeat(deps, client, poll, now=now, bot_user_id=bot_user)
    for poll in stale:
        work.redrawn += redraw_counts(deps, client, poll.id)
    return work


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
    if refusal is not None:
        _stop_series(deps, client, copy, refusal)
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
    except SlackApiError as error:
        log.warning("could not tell the creator of a weekly poll: %s", error.response.get("error"))
