"""The Home tab: published when a person opens it, and again after changes that concern them."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping

from slack_bolt import App, Args
from slack_sdk import WebClient

from bot.deps import Deps, deps_of
from bot.ids import Event
from bot.services.directory import person_for, zone_of
from bot.services.home import gather_home
from bot.slack.blocks_home import home_view
from bot.slack.port import SlackPort
from handlers.slack.common import SLACK_FAILURES, acknowledged, slack_reason, team_of
from storage.models import Person
from storage.people import get_person, home_viewers, mark_home_opened

log = logging.getLogger(__name__)


def register(app: App) -> None:
    """Attach the Home tab listener."""
    app.event(Event.APP_HOME_OPENED)(acknowledged(handle_home_opened))


def handle_home_opened(args: Args) -> None:
    """Show a person their Home tab (the first time, the event carries no `view`)."""
    event = args.event or {}
    if event.get("tab") != "home":
        return  # the Messages tab: nothing to draw
    deps, client = deps_of(args.context), args.client
    team_id, user_id = team_of(args.context), event["user"]
    person = person_for(deps, SlackPort(client), team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        mark_home_opened(session, team_id=team_id, user_id=user_id, now=deps.now())
    publish_home(deps, client, person)


def refresh_homes(
    deps: Deps,
    client: WebClient,
    *,
    team_id: str,
    user_ids: Collection[str],
    notices: Mapping[str, str] | None = None,
) -> None:
    """Publish again the Home tabs of these people who have one; `notices` tops someone's Home.

    Someone in `notices` clicked in their Home, so it is published even if we missed its opening.
    """
    notices = notices or {}
    with deps.transaction() as session:
        people = home_viewers(session, team_id=team_id, user_ids=sorted({*user_ids, *notices}))
        seen = {person.user_id for person in people}
        for user_id in sorted(set(notices) - seen):
            person = get_person(session, team_id=team_id, user_id=user_id)
            people += [person] if person is not None else []
    for person in sorted(people, key=lambda p: p.user_id):
        publish_home(deps, client, person, notice=notices.get(person.user_id))


def publish_home(
    deps: Deps, client: WebClient, person: Person, *, notice: str | None = None
) -> None:
    """Draw a person's Home tab as things are now, in their zone."""
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
        view = home_view(page, now=now, zone=zone.key, notice=notice)
    try:
        client.views_publish(user_id=person.user_id, view=view)
    except SLACK_FAILURES as error:  # the Home shows what is stored: the next open redraws it
        log.warning("could not publish a Home tab: %s", slack_reason(error))
