"""Showing people their Home: when they open it, and again after changes that concern them."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping

from bot.deps import Deps
from bot.messages.home import home_page
from bot.messages.spans import Line
from bot.port import ChatError, ChatPort
from bot.services.directory import zone_of
from bot.services.home import gather_home
from storage.models import Person
from storage.people import get_person, home_viewers

log = logging.getLogger(__name__)


def refresh_homes(
    deps: Deps,
    port: ChatPort,
    *,
    team_id: str,
    user_ids: Collection[str],
    notices: Mapping[str, Line] | None = None,
) -> None:
    """Show again the Homes of these people who have one; `notices` tops someone's Home.

    Someone in `notices` clicked in their Home, so it is shown even if we missed its opening.
    """
    notices = notices or {}
    with deps.transaction() as session:
        people = home_viewers(session, team_id=team_id, user_ids=sorted({*user_ids, *notices}))
        seen = {person.user_id for person in people}
        for user_id in sorted(set(notices) - seen):
            person = get_person(session, team_id=team_id, user_id=user_id)
            people += [person] if person is not None else []
    for person in sorted(people, key=lambda p: p.user_id):
        publish_home(deps, port, person, notice=notices.get(person.user_id))


def publish_home(deps: Deps, port: ChatPort, person: Person, *, notice: Line | None = None) -> None:
    """Show a person their Home as things are now, in their zone."""
    now, zone = deps.now(), zone_of(person, deps.default_zone)
    with deps.transaction() as session:
        page = gather_home(
            session,
            team_id=person.team_id,
            user_id=person.user_id,
            now=now,
            zone=zone,
            away_until=person.away_until,
        )
        shown = home_page(page, now=now, zone=zone.key, notice=notice)
    try:
        port.show_home(person.user_id, shown)
    except ChatError as error:  # the Home shows what is stored: the next open redraws it
        log.warning("could not publish a Home tab: %s", error.reason)
