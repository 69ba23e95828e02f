"""Buttons and menus on Backbone's messages."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Args

from bot.deps import deps_of
from bot.ids import ActionId, SnoozeChoice
from bot.messages.spans import Line
from bot.services.item_buttons import press_done, press_snooze
from bot.slack.render import mrkdwn_of
from bot.work import Lane
from handlers.slack.common import acknowledged, from_view, port_of, team_of, tell
from handlers.slack.home import refresh_homes
from handlers.slack.nudges import open_snooze_picker


def register(app: App) -> None:
    """Attach the listeners of buttons and menus."""
    app.action(ActionId.ITEM_DONE)(acknowledged(handle_done_button))
    app.action(ActionId.ITEM_SNOOZE)(acknowledged(handle_snooze_menu, lane=snooze_lane))


def handle_done_button(args: Args) -> None:
    """Mark an item done from a ✅ Done button: on its post, in a reminder, or on the Home tab."""
    deps, port = deps_of(args.context), port_of(args)
    team_id, user_id = team_of(args.context), args.body["user"]["id"]
    number = int(args.body["actions"][0]["value"])
    pressed = press_done(deps, port, team_id=team_id, user_id=user_id, number=number)
    answer(args, pressed.said, pressed.people)


def answer(args: Args, said: Line, people: set[str]) -> None:
    """Confirm a click: on the Home tab, atop the clicker's refreshed Home; elsewhere privately."""
    deps, team_id = deps_of(args.context), team_of(args.context)
    user_id = args.body["user"]["id"]
    notices = {user_id: mrkdwn_of(said)} if from_view(args.body) else {}
    if not notices:
        tell(args.respond, said)
    refresh_homes(deps, args.client, team_id=team_id, user_ids=people, notices=notices)


def snooze_lane(body: dict[str, Any]) -> Lane:
    """Picking a day opens a form, which must happen while the click's trigger lasts."""
    value = str(body["actions"][0].get("selected_option", {}).get("value", ""))
    return Lane.TRIGGER if value.endswith(f":{SnoozeChoice.PICK}") else Lane.PERSON


def handle_snooze_menu(args: Args) -> None:
    """Pause reminders about an item from its Snooze menu."""
    deps, client = deps_of(args.context), args.client
    team_id, user_id = team_of(args.context), args.body["user"]["id"]
    number, choice = args.body["actions"][0]["selected_option"]["value"].split(":", 1)
    if choice == SnoozeChoice.PICK:
        open_snooze_picker(deps, client, args.body, int(number), team_id=team_id)
        return
    pressed = press_snooze(
        deps, port_of(args), team_id=team_id, user_id=user_id, number=int(number),
        choice=SnoozeChoice(choice),
    )  # fmt: skip
    answer(args, pressed.said, pressed.people)
