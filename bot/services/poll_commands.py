"""`/poll` on any platform: start a poll, list a channel's open polls, close one, stop a weekly one.

What the person asked is answered to them alone; the poll itself is posted in the channel.
"""

from __future__ import annotations

from bot.messages.common import notice
from bot.messages.poll_forms import help_message, poll_list
from bot.messages.poll_links import created_with_share
from bot.messages.spans import line
from bot.poll_text import (
    PollChange,
    PollCreate,
    PollHelp,
    PollList,
    PollPeople,
    PollShare,
    parse_poll_command,
    read_poll_text,
)
from bot.services import polls as service
from bot.services.asked import Asked
from bot.services.directory import actor_for, person_for, zone_of
from bot.services.poll_close_work import close_now
from bot.services.poll_link_commands import links_for_people, share_poll, shared
from bot.services.poll_posts import start_poll, why_not_posted
from storage import polls as store


def run_poll_command(call: Asked, text: str) -> None:
    """Answer `/poll …`."""
    match parse_poll_command(text):
        case PollHelp():
            call.tell(help_message())
        case PollList():
            list_polls(call)
        case PollChange(verb="close", number=number):
            close_poll(call, number)
        case PollChange(number=number):
            stop_poll(call, number)
        case PollCreate(text=words):
            create_poll(call, words)
        case PollShare(number=number, language=language):
            call.tell(share_poll(call, number=number, language=language))
        case PollPeople(number=number, labels=labels):
            call.tell(links_for_people(call, number=number, labels=labels))


def create_poll(call: Asked, text: str) -> None:
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
        up = line(
            f"📊 {poll.code} is up. To close it and post the results: /poll close {poll.code}"
        )
        if draft.link:
            said = shared(call.deps, call.port, poll, by=call.user_id, language=draft.language,
                          first=up)  # fmt: skip
        else:
            said = created_with_share(up, poll)
    call.tell(said)


def list_polls(call: Asked) -> None:
    """Show this channel's open polls to the person who asked."""
    with call.deps.transaction() as session:
        found = store.open_in_channel(session, team_id=call.team_id, channel_id=call.channel_id)
    call.tell(poll_list(found))


def close_poll(call: Asked, number: int) -> None:
    """Close a poll now, if the person may, and post its results."""
    actor = actor_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    with call.deps.transaction() as session:
        poll = service.find_poll(session, team_id=call.team_id, number=number)
        service.require_manage(poll, actor, doing="close it")
        service.require_open(poll)
    counted = close_now(call.deps, call.port, poll, by=call.user_id, bot_user_id=call.me)
    if counted is None:
        said = f"{poll.code} was already closed. Its results are in its thread."
    else:
        said = f"🏁 {poll.code} is closed. Its results are in the poll's thread."
        if poll.repeat_at is not None:
            said += f" Its next weekly copy still comes; /poll stop {poll.code} stops them."
    call.tell(notice(said))


def stop_poll(call: Asked, number: int) -> None:
    """Stop a weekly poll from being posted again."""
    actor = actor_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    with call.deps.transaction() as session:
        poll = service.find_poll(session, team_id=call.team_id, number=number)
        service.stop_repeating(session, poll=poll, actor=actor)
    said = f"🔁 {poll.code} won't be posted again."
    if poll.closed_at is None:
        said += " This copy stays open until it closes, or until you close it."
    call.tell(notice(said))
