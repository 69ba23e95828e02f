"""The Home tab: shown when a person opens it; `refresh_homes` for listeners after a change."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from slack_bolt import App, Args
from slack_sdk import WebClient

from bot.clip import clip
from bot.deps import Deps, deps_of
from bot.ids import BlockId, Event
from bot.messages.parts import HomePage
from bot.messages.spans import Line
from bot.services import homes
from bot.services.directory import person_for
from bot.slack.port import SlackPort, speaking
from bot.slack.render import MAX_HOME_BLOCKS, SECTION_LIMIT, render_home
from handlers.slack.common import acknowledged, port_of, team_of
from storage.people import mark_home_opened


def register(app: App) -> None:
    """Attach the Home tab listener."""
    app.event(Event.APP_HOME_OPENED)(acknowledged(handle_home_opened))


def handle_home_opened(args: Args) -> None:
    """Show a person their Home tab (the first time, the event carries no `view`)."""
    event = args.event or {}
    if event.get("tab") != "home":
        return  # the Messages tab: nothing to draw
    deps, port = deps_of(args.context), port_of(args)
    team_id, user_id = team_of(args.context), event["user"]
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        mark_home_opened(session, team_id=team_id, user_id=user_id, now=deps.now())
    homes.publish_home(deps, port, person)


def refresh_homes(
    deps: Deps,
    client: WebClient,
    *,
    team_id: str,
    user_ids: Collection[str],
    notices: Mapping[str, Line | str] | None = None,
) -> None:
    """Show again the Home tabs of these people who have one; `notices` tops someone's Home.

    A notice still written as mrkdwn (a str) is shown as it is written.
    """
    written = {who: said for who, said in (notices or {}).items() if isinstance(said, str)}
    said = {who: said for who, said in (notices or {}).items() if not isinstance(said, str)}
    port = _WrittenNotices(client, written) if written else SlackPort(client)
    notices_by = {**said, **dict.fromkeys(written, ())}
    homes.refresh_homes(deps, port, team_id=team_id, user_ids=user_ids, notices=notices_by)


class _WrittenNotices(SlackPort):
    """A port that tops some people's Home with a notice already written as mrkdwn."""

    def __init__(self, client: WebClient, written: Mapping[str, str]) -> None:
        super().__init__(client)
        self.written = written

    def show_home(self, person: str, page: HomePage) -> None:
        """Publish a person's Home tab, their written notice above its Add button."""
        if person not in self.written:
            return super().show_home(person, page)
        view = render_home(page)
        text = {"type": "mrkdwn", "text": clip(self.written[person], SECTION_LIMIT)}
        at = next(i for i, b in enumerate(view["blocks"]) if b.get("block_id") == BlockId.HOME_ADD)
        view["blocks"].insert(at, {"type": "section", "text": text})
        view["blocks"] = view["blocks"][:MAX_HOME_BLOCKS]
        with speaking():
            self.client.views_publish(user_id=person, view=view)
        return None
