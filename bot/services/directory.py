"""Who is who: people's zones and roles from the platform, kept a day in the people table."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.deps import Deps
from bot.errors import InvalidInput, NotFound
from bot.port import ChatError, ChatPort, PersonInfo
from bot.services.item_flags import Actor
from storage.models import Person
from storage.people import Profile, get_person, save_profile
from storage.workspaces import ensure_workspace

STALE_AFTER = timedelta(days=1)
log = logging.getLogger(__name__)


def person_for(deps: Deps, port: ChatPort, *, team_id: str, user_id: str) -> Person:
    """Return a person, asking the platform when we have not asked for a day."""
    now = deps.now()
    with deps.transaction() as session:
        person = get_person(session, team_id=team_id, user_id=user_id)
    if person is not None and now - person.refreshed_at < STALE_AFTER:
        return person
    try:
        # A platform that does not say a person's zone (Teams) keeps the one we learnt.
        known = person.tz if person is not None else deps.default_zone.key
        profile = fetch_profile(port, user_id=user_id, fallback_zone=known)
    except ChatError as error:  # refused, or no answer in time
        if person is not None:  # someone who left is NotFound, which is not caught here
            log.warning("looking a person up failed (%s); using what we knew", error.reason)
            return person
        raise
    with deps.transaction() as session:
        ensure_workspace(session, team_id=team_id, now=now)
        return save_profile(session, team_id=team_id, profile=profile, now=now)


def fetch_profile(port: ChatPort, *, user_id: str, fallback_zone: str) -> Profile:
    """Ask the platform about a person; raise NotFound for someone not in the workspace."""
    try:
        found = port.person(user_id)
    except ChatError as error:
        if error.kind == "no_person":
            raise NotFound(
                f"I couldn't find <@{user_id}> in this workspace. Check the name and try again."
            ) from None
        raise
    return profile_of(found, fallback_zone=fallback_zone)


def profile_of(found: PersonInfo, *, fallback_zone: str) -> Profile:
    """Return what the platform says of a person as the profile we keep."""
    return Profile(
        user_id=found.id,
        name=found.name,
        tz=found.zone or fallback_zone,
        is_admin=found.admin,
        is_bot=found.bot,
        deactivated=found.deactivated,
    )


def zone_of(person: Person, fallback: ZoneInfo) -> ZoneInfo:
    """Return a person's zone, or the fallback when its name is unknown here."""
    try:
        return ZoneInfo(person.tz)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def as_actor(person: Person) -> Actor:
    """Return a person as someone acting on items, with their admin flag."""
    return Actor(user_id=person.user_id, is_admin=person.is_admin)


def actor_for(deps: Deps, port: ChatPort, *, team_id: str, user_id: str) -> Actor:
    """Return who is acting, with their admin flag."""
    return as_actor(person_for(deps, port, team_id=team_id, user_id=user_id))


def check_owners(
    deps: Deps,
    port: ChatPort,
    *,
    team_id: str,
    user_ids: Sequence[str],
    known: Sequence[Person] = (),
) -> None:
    """Refuse owners who are bots or deactivated; learn everyone else's zone.

    `known` are people just read (whoever typed the command): they are not read again.
    """
    read = {person.user_id: person for person in known}
    for user_id in user_ids:
        person = read.get(user_id) or person_for(deps, port, team_id=team_id, user_id=user_id)
        refusal = owner_refusal(person, f"<@{user_id}>")
        if refusal:
            raise InvalidInput(refusal)


def owner_refusal(person: Person, who: str) -> str | None:
    """Say why a person can't own an item (an app, a deactivated account), or None if they can."""
    if person.is_bot:
        return f"{who} is an app, so it can't own an item. Pick a person."
    if person.deactivated:
        return f"{who}'s account is deactivated, so they can't own an item. Pick someone else."
    return None
