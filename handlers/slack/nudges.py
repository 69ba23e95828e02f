"""Listeners around reminders: Need help, Snooze to a picked date, and people leaving Slack."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from slack_bolt import Ack, App, Args, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps, deps_of
from bot.errors import UserFacingError
from bot.ids import ActionId, BlockId, NudgeCallback
from bot.services import actions as service
from bot.services.directory import as_actor, person_for, profile_of, zone_of
from bot.slack import blocks, blocks_nudge
from bot.slack.port import SlackPort, person_info
from bot.when import WORKDAY_END, Due
from handlers.slack.common import SLACK_FAILURES, acknowledged, log, slack_reason, team_of, tell
from handlers.slack.home import refresh_homes
from handlers.slack.notify import concerned
from handlers.slack.views import open_edit_from_button
from storage import actions as store
from storage.models import ActionItem
from storage.people import save_profile
from storage.workspaces import ensure_workspace


def register(app: App) -> None:
    """Attach the reminder listeners."""
    app.action(ActionId.ITEM_NEED_HELP)(acknowledged(handle_need_help))
    app.action(ActionId.ITEM_UPDATE)(acknowledged(open_edit_from_button))
    app.view(NudgeCallback.SNOOZE_DATE)(handle_snooze_date)
    app.event("user_change")(handle_user_change)


def _help_thread(item: ActionItem) -> tuple[str, str | None]:
    if item.source_channel and item.source_ts:
        return item.source_channel, item.source_ts
    if item.announce_channel and item.announce_ts:
        return item.announce_channel, item.announce_ts
    return item.channel_id, None


def handle_need_help(args: Args) -> None:
    """Ask the item's channel, in its thread, to help the owner who clicked; once per item."""
    deps, client = deps_of(args.context), args.client
    team_id, user_id = team_of(args.context), args.body["user"]["id"]
    actor = as_actor(person_for(deps, SlackPort(client), team_id=team_id, user_id=user_id))
    number = int(args.body["actions"][0]["value"])
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=number)
        service.require_change_allowed(item, actor)
    if item.help_requested_at is not None:
        asked = blocks.when_phrase(item.help_requested_at, all_day=True, tz="UTC")
        tell(
            args.respond,
            f"Help with {item.code} was already asked for in <#{item.channel_id}> "
            f"on {asked}. You could follow up in that thread.",
        )
        return
    channel, thread = _help_thread(item)
    try:
        client.chat_postMessage(
            channel=channel, thread_ts=thread, **blocks_nudge.help_request(item, by=user_id)
        )
    except SLACK_FAILURES as error:
        slow = not isinstance(error, SlackApiError)
        why = "Slack didn't answer in time" if slow else "it may be archived, or I'm not in it"
        tell(
            args.respond,
            f"I couldn't post in <#{channel}> ({why}). You could ask <@{item.creator_id}> "
            "directly, or try again in a minute.",
        )
        return
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=number)
        service.request_help(session, item=item, actor=actor, now=deps.now())
    tell(args.respond, f"🙋 I asked in <#{channel}> for someone to help with {item.code}.")
    refresh_homes(deps, client, team_id=team_id, user_ids=concerned(item))


def open_snooze_picker(
    deps: Deps, client: WebClient, body: dict[str, Any], number: int, *, team_id: str
) -> None:
    """Open the modal that asks until which day to snooze an item of workspace `team_id`."""
    user_id = body["user"]["id"]
    person = person_for(deps, SlackPort(client), team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=number)
        service.require_change_allowed(item, as_actor(person))
    today = deps.now().astimezone(zone_of(person, deps.default_zone)).date()
    view = blocks_nudge.snooze_date_modal(item, initial=today + timedelta(days=1))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def _picked_day(view: dict[str, Any]) -> date | None:
    value = view["state"]["values"].get(BlockId.SNOOZE_DATE, {}).get(ActionId.SNOOZE_DATE_PICKED)
    picked = (value or {}).get("selected_date")
    return date.fromisoformat(picked) if picked else None


def handle_snooze_date(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Snooze an item until the day picked in the modal; problems show in the modal itself."""
    deps = deps_of(context)
    team_id, user_id = team_of(context), body["user"]["id"]
    person = person_for(deps, SlackPort(client), team_id=team_id, user_id=user_id)
    zone, now = zone_of(person, deps.default_zone), deps.now()
    day = _picked_day(body["view"])
    if day is None or day <= now.astimezone(zone).date():
        ack(response_action="errors", errors={BlockId.SNOOZE_DATE: "Pick a day after today."})
        return
    until = Due(
        at=datetime.combine(day, WORKDAY_END, tzinfo=zone).astimezone(UTC),
        all_day=True,
        zone=zone.key,
    )
    try:
        with deps.transaction() as session:
            item = service.find_item(
                session, team_id=team_id, number=int(body["view"]["private_metadata"])
            )
            service.snooze_item(session, item=item, actor=as_actor(person), until=until, now=now)
    except UserFacingError as error:
        ack(response_action="errors", errors={BlockId.SNOOZE_DATE: error.message[:150]})
        return
    ack()
    refresh_homes(deps, client, team_id=team_id, user_ids=concerned(item))
    when = blocks.when_phrase(until.at, all_day=True, tz=until.zone)
    try:
        client.chat_postMessage(
            channel=user_id,
            **blocks.notice(f"😴 Reminders about {item.code} are paused until {when}."),
        )
    except SLACK_FAILURES as error:  # the snooze is saved; only its confirmation is lost
        log.warning("could not confirm a snooze of %s: %s", item.code, slack_reason(error))


def is_member_of(user: dict[str, Any], team_id: str) -> bool:
    """Tell whether a Slack user object is a member of workspace `team_id`.

    Slack sends `user_change` for people of other orgs in Slack Connect channels too; their
    `team_id` is their own org. In Enterprise Grid a member's `team_id` can be another workspace
    of the org, and `enterprise_user.teams` lists the workspaces they belong to.
    """
    home = user.get("team_id")
    teams = (user.get("enterprise_user") or {}).get("teams") or []
    return home in {None, team_id} or team_id in teams


def handle_user_change(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Keep a person's profile current; when they are deactivated, flag their open items."""
    deps, user, team_id = deps_of(context), event["user"], team_of(context)
    if not is_member_of(user, team_id):
        return  # a partner org's person, seen through a shared channel: theirs to change
    profile = profile_of(person_info(user), fallback_zone=deps.default_zone.key)
    now = deps.now()
    with deps.transaction() as session:
        ensure_workspace(session, team_id=team_id, now=now)
        save_profile(session, team_id=team_id, profile=profile, now=now)
        if profile.deactivated:
            for item in store.open_items_owned_by(
                session, team_id=team_id, user_id=profile.user_id
            ):
                service.flag_needs_owner(session, item=item, now=now)
