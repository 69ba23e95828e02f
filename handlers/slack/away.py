"""`/action away until <date>` and `/action back`: hold a person's reminders while they're away."""

from __future__ import annotations

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import away
from bot.services.homes import refresh_homes
from bot.slack.port import SlackPort
from bot.slack.render import render_message


def go_away(
    deps: Deps, client: WebClient, respond: Respond, *, team_id: str, user_id: str, until: str
) -> None:
    """Hold the invoker's reminders until a day (or explain how, when no day is given)."""
    port = SlackPort(client)
    said = away.go_away(deps, port, team_id=team_id, user_id=user_id, until=until)
    respond(**render_message(said))  # a response without response_type is ephemeral
    if until:
        refresh_homes(deps, port, team_id=team_id, user_ids={user_id})


def come_back(
    deps: Deps, client: WebClient, respond: Respond, *, team_id: str, user_id: str
) -> None:
    """Send the invoker's reminders again from now."""
    port = SlackPort(client)
    said = away.come_back(deps, port, team_id=team_id, user_id=user_id)
    respond(**render_message(said))
    refresh_homes(deps, port, team_id=team_id, user_ids={user_id})
