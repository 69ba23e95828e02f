"""Buttons and menus on Backbone's messages."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import blocks
from bot.deps import deps_of
from bot.ids import ActionId, SnoozeChoice
from bot.services import actions as service
from bot.when import read_when
from handlers.announce import refresh_announcement
from handlers.people import as_actor, person_for, zone_of

SNOOZE_PHRASES = {SnoozeChoice.TOMORROW: "tomorrow", SnoozeChoice.NEXT_WEEK: "next week"}


def register(app: App) -> None:
    """Attach the listeners of buttons and menus."""
    app.action(ActionId.ITEM_DONE)(handle_done_button)
    app.action(ActionId.ITEM_SNOOZE)(handle_snooze_menu)


def _private(respond: Respond, text: str) -> None:
    # Keep the message that holds the button; add a note only the clicker sees.
    respond(**blocks.notice(text), response_type="ephemeral", replace_original=False)


def handle_done_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
) -> None:
    """Mark an item done from its ✅ Done button."""
    ack()
    deps = deps_of(context)
    team_id, user_id = body["user"]["team_id"], body["user"]["id"]
    actor = as_actor(person_for(deps, client, team_id=team_id, user_id=user_id))
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=int(action["value"]))
        service.complete_item(session, item=item, actor=actor, now=deps.now())
    refresh_announcement(client, item, by=user_id)
    _private(respond, f"✅ {item.code} is done. Thank you!")


def handle_snooze_menu(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
) -> None:
    """Pause reminders about an item from its Snooze menu."""
    ack()
    deps = deps_of(context)
    team_id, user_id = body["user"]["team_id"], body["user"]["id"]
    number, choice = action["selected_option"]["value"].split(":", 1)
    person = person_for(deps, client, team_id=team_id, user_id=user_id)
    now = deps.now()
    until = read_when(
        SNOOZE_PHRASES[SnoozeChoice(choice)], now=now, zone=zone_of(person, deps.default_zone)
    )
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=int(number))
        service.snooze_item(session, item=item, actor=as_actor(person), until=until, now=now)
    when = blocks.when_phrase(until.at, all_day=until.all_day, tz=until.zone)
    _private(respond, f"😴 Reminders about {item.code} are paused until {when}.")
