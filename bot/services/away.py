"""Holding a person's reminders while they're away, and sending them again once they're back."""

from __future__ import annotations

import re

from bot.deps import Deps
from bot.errors import DateError
from bot.messages.common import notice, when
from bot.messages.home import away_line
from bot.messages.parts import Message
from bot.port import ChatPort
from bot.services.directory import person_for, zone_of
from bot.services.people import clear_away, is_away, set_away
from bot.when import read_when

EXAMPLES = "For example: /action away until Dec 2, or /action away for 2 weeks."
FOR = re.compile(r"for\s+", re.IGNORECASE)


def go_away(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, until: str) -> Message:
    """Hold a person's reminders until a day (or say how, when none is given); say what's done."""
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    now, zone = deps.now(), zone_of(person, deps.default_zone)
    if not until:
        if is_away(person, now=now) and person.away_until is not None:
            return notice(*away_line(person.away_until, tz=zone.key, now=now))
        return notice(
            f"Going away? Tell me until when, and I'll hold your reminders until then. {EXAMPLES}"
        )
    # "for 2 weeks" is "in 2 weeks" counted from today.
    phrase = FOR.sub("in ", until, count=1) if FOR.match(until) else until
    try:
        due = read_when(phrase, now=now, zone=zone)
    except DateError as error:
        raise DateError(f"{error.message} {EXAMPLES}") from None
    with deps.transaction() as session:
        resume = set_away(session, team_id=team_id, user_id=user_id, until=due, now=now)
    shown = when(resume, all_day=due.all_day, tz=due.zone, now=now)
    return notice("🌴 I'll hold your reminders until ", shown, ". Back early? Type /action back.")


def come_back(deps: Deps, port: ChatPort, *, team_id: str, user_id: str) -> Message:
    """Send a person's reminders again from now; say whether anything changed."""
    person_for(deps, port, team_id=team_id, user_id=user_id)  # makes sure we know them
    with deps.transaction() as session:
        was_away = clear_away(session, team_id=team_id, user_id=user_id, now=deps.now())
    if was_away:
        return notice("👋 Welcome back! Your reminders are on again.")
    return notice("You weren't away, so nothing changed: your reminders are on.")
