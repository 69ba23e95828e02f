"""Votes: number reactions on emoji polls, and button clicks on anonymous ones.

Bolt runs only the first listener whose matchers match an event, and the :pushpin: listener also
hears `reaction_added`. So the poll listeners carry a matcher, `is_poll_reaction`, that is true
only for an option's number emoji on an open emoji poll's message (one indexed lookup), and they
are registered before the other event listeners: every other reaction passes on to those.

Nothing in the anonymous path logs, stores or posts the voter's id: it becomes a keyed hash
(bot/services/ballots.py) inside the vote's transaction and is forgotten.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App, Args, BoltContext

from bot.deps import deps_of
from bot.ids import ActionId, Event
from bot.messages.poll_forms import vote_confirmation
from bot.messages.polls import NUMBER_EMOJI
from bot.services import poll_votes as service
from bot.services.poll_posts import redraw_counts
from bot.work import Lane
from handlers.slack.common import acknowledged, port_of, team_of, tell
from handlers.slack.once import first_delivery
from storage import polls as store
from storage.models import Poll

VOTE_BUTTON = re.compile(rf"^{ActionId.POLL_VOTE}:\d+$")


def register(app: App) -> None:
    """Attach the reaction listeners (matched to poll reactions only) and the vote buttons."""
    counted = acknowledged(handle_poll_reaction, lane=Lane.BACKGROUND)
    app.event(Event.REACTION_ADDED, matchers=[is_poll_reaction])(counted)
    app.event(Event.REACTION_REMOVED, matchers=[is_poll_reaction])(counted)
    app.event(Event.REACTION_REMOVED)(ignore_other_reaction)
    app.action(VOTE_BUTTON)(acknowledged(handle_vote_button))


def _reacted(body: dict[str, Any]) -> tuple[str, str, str] | None:
    """Return (channel, ts, emoji) of a reaction on a message, or None."""
    event = body.get("event") or {}
    item = event.get("item") or {}
    if item.get("type") != "message":
        return None
    name = str(event.get("reaction", "")).split("::")[0]  # "one::skin-tone-2" is still :one:
    return str(item.get("channel")), str(item.get("ts")), name


def _poll_and_option(context: BoltContext, body: dict[str, Any]) -> tuple[Poll, int] | None:
    reacted = _reacted(body)
    if reacted is None or reacted[2] not in NUMBER_EMOJI:
        return None  # cheap: most reactions are not number emoji and never reach the database
    channel_id, ts, name = reacted
    team_id = team_of(context)
    with deps_of(context).transaction() as session:
        poll = store.poll_by_message(session, team_id=team_id, channel_id=channel_id, message_ts=ts)
    option = NUMBER_EMOJI.index(name)
    if poll is None or poll.closed_at is not None or poll.anonymous:
        return None
    return (poll, option) if option < len(poll.options) else None


def is_poll_reaction(body: dict[str, Any], context: BoltContext) -> bool:
    """Tell whether a reaction event is an option's emoji on an open emoji poll."""
    return _poll_and_option(context, body) is not None


def handle_poll_reaction(args: Args) -> None:
    """Count (or stop counting) a person's option reaction."""
    body, event = args.body, args.body["event"]
    found = _poll_and_option(args.context, body)
    if found is None or event.get("user") in {None, args.context.bot_user_id}:
        return  # the bot's own 1️⃣…🔟 are there to tap, not votes
    deps = deps_of(args.context)
    if not first_delivery(deps, body, team_id=team_of(args.context)):
        return
    poll, option = found
    with deps.transaction() as session:
        if event["type"] == Event.REACTION_ADDED:
            at = _event_time(event)
            service.record_reaction(session, poll=poll, user_id=event["user"], option=option, at=at)
        else:
            service.take_back_reaction(session, poll=poll, user_id=event["user"], option=option)


def _event_time(event: dict[str, Any]) -> datetime | None:
    """Return when Slack saw the reaction: what "latest counts" compares."""
    try:
        return datetime.fromtimestamp(float(event["event_ts"]), UTC)
    except (KeyError, TypeError, ValueError):
        return None


def ignore_other_reaction(args: Args) -> None:
    """Take no notice of a reaction removed from anything but an open emoji poll."""


def handle_vote_button(args: Args) -> None:
    """Record an anonymous vote, confirm it to the voter alone, and redraw the counts."""
    deps, body = deps_of(args.context), args.body
    number, option = (int(part) for part in body["actions"][0]["value"].split(":"))
    team_id = team_of(args.context)
    with deps.transaction() as session:
        poll = store.get_poll(session, team_id=team_id, number=number)
        if poll is None:
            return
        chosen = service.cast_ballot(
            session, poll=poll, user_id=body["user"]["id"], option=option, key=deps.ballot_key
        )
    tell(args.respond, vote_confirmation(poll, chosen).text)
    if not poll.hidden:
        redraw_counts(deps, port_of(args), poll.id)
