"""Listeners around reminders: Need help, Snooze to a picked date, and people leaving Slack."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import App, Args
from slack_sdk import WebClient

from bot.deps import Deps, deps_of
from bot.errors import UserFacingError
from bot.ids import ActionId, BlockId, NudgeCallback
from bot.services.directory import profile_of
from bot.services.homes import refresh_homes
from bot.services.people import flag_items_of
from bot.services.reminder_buttons import ask_for_help, confirm_snooze, snooze_picker, snooze_to_day
from bot.slack.port import SlackPort, person_info
from bot.work import Lane
from handlers.slack.common import (
    acknowledged,
    form_slot,
    later_in_slot,
    port_of,
    team_of,
    tell,
)
from handlers.slack.notify import concerned
from handlers.slack.views import open_edit_from_button
from storage.people import save_profile
from storage.workspaces import ensure_workspace


def register(app: App) -> None:
    """Attach the reminder listeners."""
    app.action(ActionId.ITEM_NEED_HELP)(acknowledged(handle_need_help))
    app.action(ActionId.ITEM_UPDATE)(acknowledged(open_edit_from_button, lane=Lane.TRIGGER))
    app.view(NudgeCallback.SNOOZE_DATE)(handle_snooze_date)
    app.event("user_change")(acknowledged(handle_user_change, lane=Lane.BACKGROUND))


def handle_need_help(args: Args) -> None:
    """Ask the item's channel, in its thread, to help the owner who clicked; once per item."""
    deps, team_id, port = deps_of(args.context), team_of(args.context), port_of(args)
    asked = ask_for_help(
        deps, port, team_id=team_id, user_id=args.body["user"]["id"],
        number=int(args.body["actions"][0]["value"]),
    )  # fmt: skip
    tell(args.respond, asked.said)
    if asked.item is not None:
        refresh_homes(deps, port, team_id=team_id, user_ids=concerned(asked.item))


def open_snooze_picker(
    deps: Deps, client: WebClient, body: dict[str, Any], number: int, *, team_id: str
) -> None:
    """Open the modal that asks until which day to snooze an item of workspace `team_id`."""
    port = SlackPort(client)
    form = snooze_picker(deps, port, team_id=team_id, user_id=body["user"]["id"], number=number)
    port.open_form(body["trigger_id"], form)


def _picked_day(view: dict[str, Any]) -> date | None:
    value = view["state"]["values"].get(BlockId.SNOOZE_DATE, {}).get(ActionId.SNOOZE_DATE_PICKED)
    picked = (value or {}).get("selected_date")
    return date.fromisoformat(picked) if picked else None


def handle_snooze_date(args: Args) -> None:
    """Snooze an item until the day picked in the modal; problems show in the modal itself."""
    deps, team_id, body = deps_of(args.context), team_of(args.context), args.body
    view, port, user_id = body["view"], port_of(args), body["user"]["id"]
    slot = form_slot(args)
    if slot is None:
        return
    try:
        item, until = snooze_to_day(
            deps, port, team_id=team_id, user_id=user_id,
            number=int(view["private_metadata"]), day=_picked_day(view),
        )  # fmt: skip
    except UserFacingError as error:
        slot.release()
        args.ack(response_action="errors", errors={BlockId.SNOOZE_DATE: error.message[:150]})
        return
    except Exception:
        slot.release()
        raise

    def after() -> None:
        refresh_homes(deps, port, team_id=team_id, user_ids=concerned(item))
        confirm_snooze(port, item, until, to=user_id)

    args.ack()
    later_in_slot(slot, body, after)


def is_member_of(user: dict[str, Any], team_id: str) -> bool:
    """Tell whether a Slack user object is a member of workspace `team_id`.

    Slack sends `user_change` for people of other orgs in Slack Connect channels too; their
    `team_id` is their own org. In Enterprise Grid a member's `team_id` can be another workspace
    of the org, and `enterprise_user.teams` lists the workspaces they belong to.
    """
    home = user.get("team_id")
    teams = (user.get("enterprise_user") or {}).get("teams") or []
    return home in {None, team_id} or team_id in teams


def handle_user_change(args: Args) -> None:
    """Keep a person's profile current; when they are deactivated, flag their open items."""
    deps, user, team_id = deps_of(args.context), args.body["event"]["user"], team_of(args.context)
    if not is_member_of(user, team_id):
        return  # a partner org's person, seen through a shared channel: theirs to change
    profile = profile_of(person_info(user), fallback_zone=deps.default_zone.key)
    now = deps.now()
    with deps.transaction() as session:
        ensure_workspace(session, team_id=team_id, now=now)
        save_profile(session, team_id=team_id, profile=profile, now=now)
        if profile.deactivated:
            flag_items_of(session, team_id=team_id, user_id=profile.user_id, now=now)
