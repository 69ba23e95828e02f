"""`/action away until <date>` and `/action back`: hold a person's reminders while they're away."""

from __future__ import annotations

import re

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.errors import DateError
from bot.services.directory import person_for, zone_of
from bot.services.people import clear_away, is_away, set_away
from bot.slack import blocks
from bot.slack.blocks_home import away_line
from bot.slack.port import SlackPort
from bot.when import read_when
from handlers.slack.home import refresh_homes

EXAMPLES = "For example: /action away until Dec 2, or /action away for 2 weeks."
FOR = re.compile(r"for\s+", re.IGNORECASE)


def go_away(
    deps: Deps, client: WebClient, respond: Respond, *, team_id: str, user_id: str, until: str
) -> None:
    """Hold the invoker's reminders until a day (or explain how, when no day is given)."""
    person = person_for(deps, SlackPort(client), team_id=team_id, user_id=user_id)
    now, zone = deps.now(), zone_of(person, deps.default_zone)
    if not until:
        if is_away(person, now=now) and person.away_until is not None:
            respond(**blocks.notice(away_line(person.away_until, tz=zone.key, now=now)))
        else:
            respond(**blocks.notice(f"Going away? Tell me until when, and I'll hold your "
                                    f"reminders until then. {EXAMPLES}"))  # fmt: skip
        return
    # "for 2 weeks" is "in 2 weeks" counted from today.
    phrase = FOR.sub("in ", until, count=1) if FOR.match(until) else until
    try:
        due = read_when(phrase, now=now, zone=zone)
    except DateError as error:
        raise DateError(f"{error.message} {EXAMPLES}") from None
    with deps.transaction() as session:
        resume = set_away(session, team_id=team_id, user_id=user_id, until=due, now=now)
    when = blocks.when_phrase(resume, all_day=due.all_day, tz=due.zone, now=now)
    respond(**blocks.notice(f"🌴 I'll hold your reminders until {when}. Back early? "
                            "Type /action back."))  # fmt: skip
    refresh_homes(deps, client, team_id=team_id, user_ids={user_id})


def come_back(
    deps: Deps, client: WebClient, respond: Respond, *, team_id: str, user_id: str
) -> None:
    """Send the invoker's reminders again from now."""
    person_for(deps, SlackPort(client), team_id=team_id, user_id=user_id)  # makes sure we know them
    with deps.transaction() as session:
        was_away = clear_away(session, team_id=team_id, user_id=user_id, now=deps.now())
    if was_away:
        respond(**blocks.notice("👋 Welcome back! Your reminders are on again."))
    else:
        respond(**blocks.notice("You weren't away, so nothing changed: your reminders are on."))
    refresh_homes(deps, client, team_id=team_id, user_ids={user_id})
