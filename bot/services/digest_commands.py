"""`/digest` on any platform: turn a channel's weekly digest on or off, preview it, or post it now.

Anyone in the channel may change the schedule: on and off are announced in the channel, so the
team sees who changed it and anyone can change it back. Previews are shown to the invoker alone.
"""

from __future__ import annotations

from bot.errors import InvalidInput
from bot.messages import digest as words
from bot.messages.parts import Message
from bot.port import CANNOT_POST, ChatError
from bot.services.asked import Asked
from bot.services.digest_plans import schedule_of, turn_off, turn_on
from bot.services.digest_posts import channel_digest, post_digest
from bot.services.digest_schedule import (
    DigestHelp,
    PostNow,
    Preview,
    TurnOff,
    TurnOn,
    parse_digest_command,
    read_schedule,
)
from bot.services.digests import WeekDigest
from bot.services.directory import person_for, zone_of
from bot.services.progress_commands import publish, unpublish
from bot.services.progress_options import Publish, Unpublish

INVITE = {
    "slack": "I'm not a member of this channel, so I can't post its digest. "
    "Invite me with `/invite @Backbone`, then try again.",
    "teams": "I'm not in this channel's team, so I can't post its digest. "
    "Add Backbone to the team, then try again.",
}
TYPED = {"slack": "/digest", "teams": "@Backbone digest"}


def _invite(call: Asked) -> str:
    return INVITE.get(call.port.platform, INVITE["slack"])


def _typed(call: Asked) -> str:
    return TYPED.get(call.port.platform, TYPED["slack"])


def run_digest_command(call: Asked, text: str) -> None:
    """Answer `/digest …`."""
    command = parse_digest_command(text)
    if not isinstance(command, DigestHelp) and call.direct:
        raise InvalidInput(
            f"Digests are for channels. Type `{_typed(call)} on` in the channel you want summed up."
        )
    match command:
        case DigestHelp():
            with call.deps.transaction() as session:
                weekly = schedule_of(session, team_id=call.team_id, channel_id=call.channel_id)
            call.tell(words.help_message(weekly))
        case TurnOn(when=when):
            switch_on(call, when)
        case TurnOff():
            switch_off(call)
        case Preview():
            call.tell(_this_week(call, preview=True)[1])
        case PostNow():
            post_now(call)
        case Publish() as asked:
            publish(call, asked)
        case Unpublish():
            unpublish(call)


def switch_on(call: Asked, when: str) -> None:
    """Store the channel's schedule, read in the invoker's zone, and tell the channel."""
    person = person_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    weekly = read_schedule(when, zone=zone_of(person, call.deps.default_zone))
    _require_member(call)
    with call.deps.transaction() as session:
        first = turn_on(session, team_id=call.team_id, channel_id=call.channel_id, weekly=weekly,
                        set_by=call.user_id, now=call.deps.now())  # fmt: skip
    call.show(words.turned_on(call.user_id, weekly, first))


def switch_off(call: Asked) -> None:
    """Remove the channel's schedule and tell the channel; say so when there was none."""
    with call.deps.transaction() as session:
        had = turn_off(session, team_id=call.team_id, channel_id=call.channel_id)
    if not had:
        raise InvalidInput(
            "This channel has no weekly digest to turn off. "
            f"`{_typed(call)} on Monday 9am` turns one on."
        )
    call.show(words.turned_off(call.user_id))


def post_now(call: Asked) -> None:
    """Post this week's digest in the channel at once; the schedule stays as it is."""
    digest, message = _this_week(call)
    try:
        post_digest(call.port, digest, message, draw=call.deps.charts)
    except ChatError as error:
        if error.kind in CANNOT_POST:
            raise InvalidInput(_invite(call)) from None
        raise


def _this_week(call: Asked, *, preview: bool = False) -> tuple[WeekDigest, Message]:
    person = person_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    zone = zone_of(person, call.deps.default_zone).key
    now = call.deps.now()
    with call.deps.transaction() as session:
        return channel_digest(session, team_id=call.team_id, channel_id=call.channel_id,
                              end=now, now=now, zone=zone, preview=preview)  # fmt: skip


def _require_member(call: Asked) -> None:
    try:
        channel = call.port.channel(call.channel_id)
    except ChatError as error:
        if error.kind == "no_channel":
            raise InvalidInput(_invite(call)) from None
        raise
    if not channel.member or channel.archived:
        raise InvalidInput(_invite(call))
