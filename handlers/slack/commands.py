"""Slash commands: `/action` and its subcommands."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import App, Args

from bot.errors import InvalidInput, NotAllowed, NotFound, UserFacingError
from bot.ids import Command
from bot.messages import items as said
from bot.messages.commands import change_summary, did_you_mean
from bot.messages.spans import Line
from bot.services import actions as service
from bot.services.actions import Actor
from bot.services.announce import refresh_announcement
from bot.services.directory import as_actor, check_owners, person_for, zone_of
from bot.services.notify import after_done, concerned
from bot.slack.render import render_message
from bot.text import (
    Away,
    Back,
    Change,
    Coordinators,
    Create,
    DidYouMean,
    Edit,
    Help,
    ListItems,
    check_no_group_mentions,
    mentioned_users,
    parse_action_command,
    read_action_text,
)
from bot.when import Due, read_when
from bot.work import Lane
from handlers.slack.announce import announce
from handlers.slack.away import come_back, go_away
from handlers.slack.common import SlashCall, acknowledged
from handlers.slack.home import refresh_homes
from handlers.slack.listing import list_items, manage_coordinators
from handlers.slack.views import open_edit

CLEAR_DUE = {"none", "clear", "no date", "nothing", "remove"}


def register(app: App) -> None:
    """Attach the slash command listeners."""
    app.command(Command.ACTION)(acknowledged(handle_action_command, lane=action_lane))


def action_lane(body: dict[str, Any]) -> Lane:
    """`/action edit` opens a form, which must happen while the command's trigger lasts."""
    words = str(body.get("text") or "").split(maxsplit=1)
    return Lane.TRIGGER if words and words[0].lower() == "edit" else Lane.PERSON


def handle_action_command(args: Args) -> None:
    """Answer `/action …`."""
    call = SlashCall.of(args)
    command, respond = args.body, args.respond
    match parse_action_command(command.get("text") or ""):
        case Help():
            respond(**render_message(said.help_message()))
        case ListItems() as listing:
            list_items(call, listing)
        case Change() as change:
            change_items(call, change)
        case Coordinators() as coordinators:
            manage_coordinators(call, coordinators)
        case DidYouMean() as guess:
            respond(**render_message(did_you_mean(guess)))
        case Edit(number=number):
            open_edit(call.deps, call.client, team_id=call.team_id, user_id=call.user_id,
                      number=number, trigger_id=call.trigger_id)  # fmt: skip
        case Away(until=until):
            go_away(call.deps, call.client, respond, team_id=call.team_id,
                    user_id=call.user_id, until=until)  # fmt: skip
        case Back():
            come_back(call.deps, call.client, respond, team_id=call.team_id, user_id=call.user_id)
        case Create(text=text):
            create_item(call, text)


def create_item(call: SlashCall, text: str) -> None:
    """Create an item from `/action <text>` and announce it in the channel."""
    invoker = person_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    now = call.deps.now()
    draft = read_action_text(text, now=now, zone=zone_of(invoker, call.deps.default_zone))
    check_owners(call.deps, call.port, team_id=call.team_id, user_ids=draft.owners)
    with call.deps.transaction() as session:
        item = service.create_item(
            session,
            team_id=call.team_id,
            creator_id=call.user_id,
            channel_id=call.channel_id,
            draft=draft,
            now=now,
            posted_by_caller=True,
        )
    announce(call.deps, call.client, item, call.respond)
    refresh_homes(call.deps, call.client, team_id=call.team_id, user_ids=concerned(item))


def change_items(call: SlashCall, change: Change) -> None:
    """Apply `/action done|drop|snooze|due|assign A-n [A-m …] …`; say what changed, privately.

    Each item is changed on its own, with its own permission check, so one refusal does not
    hold back the others; the reply says which changed and why the others did not.
    """
    person = person_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    actor, zone = as_actor(person), zone_of(person, call.deps.default_zone)
    now = call.deps.now()
    owners = _new_owners(call, change) if change.verb == "assign" else []
    due = _when(change, now=now, zone=zone) if change.verb in {"snooze", "due"} else None
    changed: list[Line] = []
    refused: list[tuple[str, str]] = []
    for number in change.numbers:
        try:
            changed.append(_change_one(call, change, number, actor, owners=owners, due=due))
        except UserFacingError as error:
            if len(change.numbers) == 1:
                raise
            refused.append((f"A-{number}", refusal_reason(error)))
    call.respond(**render_message(change_summary(changed, refused)))


def refusal_reason(error: UserFacingError) -> str:
    """Say in a few words why one item of several was not changed."""
    if isinstance(error, NotAllowed):
        return "only its owners, the person who asked for it, or a workspace admin can change it."
    if isinstance(error, NotFound):
        return "there is no item with that code in this workspace."
    return error.message


def _change_one(
    call: SlashCall,
    change: Change,
    number: int,
    actor: Actor,
    *,
    owners: list[str],
    due: Due | None,
) -> Line:
    """Change one item and show it everywhere it appears; return what to tell the person."""
    now = call.deps.now()
    follow = None
    with call.deps.transaction() as session:
        item = service.find_item(session, team_id=call.team_id, number=number)
        before = concerned(item)
        match change.verb:
            case "done":
                follow = service.complete_item(
                    session, item=item, actor=actor, now=now, note=change.rest or None
                )
            case "drop":
                service.drop_item(session, item=item, actor=actor, now=now)
            case "snooze":
                assert due is not None
                service.snooze_item(session, item=item, actor=actor, until=due, now=now)
            case "due":
                service.set_due(session, item=item, actor=actor, due=due, now=now)
            case "assign":
                service.assign_item(session, item=item, actor=actor, owner_ids=owners, now=now)
    told = confirmation(change, item, due)
    if change.verb == "done":
        told = after_done(call.deps, call.port, item, follow, by=call.user_id)
    refresh_announcement(call.port, item, by=call.user_id)
    people = before | concerned(item, follow)
    refresh_homes(call.deps, call.client, team_id=call.team_id, user_ids=people)
    return told


def _when(change: Change, *, now: datetime, zone: ZoneInfo) -> Due | None:
    if change.verb == "due" and change.rest.lower().strip(" .") in CLEAR_DUE:
        return None
    if not change.rest:
        example = "next week" if change.verb == "snooze" else "Dec 5"
        raise InvalidInput(
            f"When? Add a date, like: /action {change.verb} {_codes(change)} {example}"
        )
    return read_when(change.rest, now=now, zone=zone)


def _new_owners(call: SlashCall, change: Change) -> list[str]:
    check_no_group_mentions(change.rest)
    owners = mentioned_users(change.rest)
    if not owners:
        raise InvalidInput(
            f"Who should own {_codes(change)}? Mention them, like: "
            f"/action assign {_codes(change)} @maria"
        )
    check_owners(call.deps, call.port, team_id=call.team_id, user_ids=owners)
    return owners


def _codes(change: Change) -> str:
    return " ".join(f"A-{number}" for number in change.numbers)


def confirmation(change: Change, item: Any, due: Due | None) -> Line:
    """Say, in a line, what a change did."""
    match change.verb:
        case "done":
            return said.done_said(item, None)
        case "drop":
            return said.dropped(item)
        case "snooze":
            assert due is not None
            return said.paused_until(item, due)
        case "due":
            return said.due_changed(item)
        case _:
            return said.owners_changed(item)
