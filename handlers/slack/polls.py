"""`/poll`: start a poll, list a channel's open polls, close one, stop a weekly one.

Votes (reactions and buttons) are in handlers/slack/poll_votes.py, "you said, we did" in
handlers/slack/poll_followup.py; posting and closing are in bot/services/poll_posts.py and
bot/services/poll_close_work.py.
"""

from __future__ import annotations

from slack_bolt import App, Args

from bot.ids import Command
from bot.messages.common import notice
from bot.messages.poll_forms import help_message, poll_list
from bot.poll_text import (
    PollChange,
    PollCreate,
    PollHelp,
    PollList,
    parse_poll_command,
    read_poll_text,
)
from bot.services import polls as service
from bot.services.directory import actor_for, person_for, zone_of
from bot.services.poll_close_work import close_now
from bot.services.poll_posts import start_poll, why_not_posted
from handlers.slack import poll_followup, poll_votes
from handlers.slack.common import SlashCall, acknowledged, answer
from storage import polls as store


def register(app: App) -> None:
    """Attach `/poll`, the vote listeners and the "you said, we did" buttons.

    Register this before handlers/events.py: Bolt runs only the first listener whose matchers
    match, and the poll reaction listeners match only number emoji on open emoji polls.
    """
    app.command(Command.POLL)(acknowledged(handle_poll_command))
    poll_votes.register(app)
    poll_followup.register(app)


def handle_poll_command(args: Args) -> None:
    """Answer `/poll …`."""
    command = args.body
    call = SlashCall.of(args)
    match parse_poll_command(command.get("text") or ""):
        case PollHelp():
            answer(call.respond, help_message())
        case PollList():
            list_polls(call)
        case PollChange(verb="close", number=number):
            close_poll(call, number)
        case PollChange(number=number):
            stop_poll(call, number)
        case PollCreate(text=text):
            create_poll(call, text)


def create_poll(call: SlashCall, text: str) -> None:
    """Read a new poll, then store and post it; if the post is refused, keep nothing."""
    invoker = person_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    now = call.deps.now()
    draft = read_poll_text(text, now=now, zone=zone_of(invoker, call.deps.default_zone))
    poll, refusal = start_poll(
        call.deps, call.port, team_id=call.team_id, creator_id=call.user_id,
        channel_id=call.channel_id, draft=draft, now=now,
    )  # fmt: skip
    if refusal is not None:
        why = why_not_posted(refusal)
        said = notice("I couldn't post your poll, so nothing was saved. ", *why, " Then try again.")
    else:
        said = notice(
            f"📊 {poll.code} is up. To close it and post the results: /poll close {poll.code}"
        )
    answer(call.respond, said)


def list_polls(call: SlashCall) -> None:
    """Show this channel's open polls to the person who asked."""
    with call.deps.transaction() as session:
        found = store.open_in_channel(session, team_id=call.team_id, channel_id=call.channel_id)
    answer(call.respond, poll_list(found))


def close_poll(call: SlashCall, number: int) -> None:
    """Close a poll now, if the person may, and post its results."""
    actor = actor_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    with call.deps.transaction() as session:
        poll = service.find_poll(session, team_id=call.team_id, number=number)
        service.require_manage(poll, actor, doing="close it")
        service.require_open(poll)
    counted = close_now(call.deps, call.port, poll, by=call.user_id, bot_user_id=call.bot_user_id)
    if counted is None:
        said = f"{poll.code} was already closed. Its results are in its thread."
    else:
        said = f"🏁 {poll.code} is closed. Its results are in the poll's thread."
        if poll.repeat_at is not None:
            said += f" Its next weekly copy still comes; /poll stop {poll.code} stops them."
    answer(call.respond, notice(said))


def stop_poll(call: SlashCall, number: int) -> None:
    """Stop a weekly poll from being posted again."""
    actor = actor_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    with call.deps.transaction() as session:
        poll = service.find_poll(session, team_id=call.team_id, number=number)
        service.stop_repeating(session, poll=poll, actor=actor)
    said = f"🔁 {poll.code} won't be posted again."
    if poll.closed_at is None:
        said += " This copy stays open until it closes, or until you close it."
    answer(call.respond, notice(said))
