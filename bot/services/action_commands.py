"""`/action …` on any platform: read the words, do what they ask, answer the person.

A platform's listener builds an `Asked` (who, where, the port, and two ways to answer: to the
person alone, and to everyone where the command was given) and calls `run_action_command`.
Opening the edit form is the one step each platform does its own way (Slack: a modal from the
command's trigger; Teams: a card whose button opens the dialog), so it is passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.cycle_text import split_cycle_ref
from bot.errors import InvalidInput, NotAllowed, NotFound, UserFacingError
from bot.messages import items as said
from bot.messages.commands import change_summary, did_you_mean
from bot.messages.common import notice
from bot.messages.cycles import task_linked
from bot.messages.spans import Line
from bot.port import CANNOT_POST
from bot.services import actions as service
from bot.services import away
from bot.services.actions import Actor
from bot.services.announce import announce, refresh_announcement
from bot.services.asked import Asked
from bot.services.cycle_posts import refresh_cycle_post
from bot.services.cycles import link_task
from bot.services.directory import as_actor, check_owners, person_for, zone_of
from bot.services.homes import redraw_homes, refresh_homes, viewers_among
from bot.services.listing import list_items, manage_coordinators
from bot.services.notify import after_done, concerned
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

CLEAR_DUE = {"none", "clear", "no date", "nothing", "remove"}
PLATFORM_NAMES = {"slack": "Slack", "teams": "Teams"}


def run_action_command(asked: Asked, text: str, *, edit: Callable[[int], None]) -> None:
    """Answer `/action <text>`: a subcommand, or a new item."""
    match parse_action_command(text):
        case Help():
            asked.tell(said.help_message())
        case ListItems() as listing:
            list_items(asked, listing)
        case Change() as change:
            change_items(asked, change)
        case Coordinators() as coordinators:
            manage_coordinators(asked, coordinators)
        case DidYouMean() as guess:
            asked.tell(did_you_mean(guess))
        case Edit(number=number):
            edit(number)
        case Away(until=until):
            go_away(asked, until)
        case Back():
            come_back(asked)
        case Create(text=words):
            create_item(asked, words)


def go_away(asked: Asked, until: str) -> None:
    """Hold the person's reminders until a day (or explain how, when no day is given)."""
    asked.tell(
        away.go_away(asked.deps, asked.port, team_id=asked.team_id, user_id=asked.user_id,
                     until=until)
    )  # fmt: skip
    if until:
        refresh_homes(asked.deps, asked.port, team_id=asked.team_id, user_ids={asked.user_id})


def come_back(asked: Asked) -> None:
    """Send the person's reminders again from now."""
    asked.tell(away.come_back(asked.deps, asked.port, team_id=asked.team_id, user_id=asked.user_id))
    refresh_homes(asked.deps, asked.port, team_id=asked.team_id, user_ids={asked.user_id})


def create_item(asked: Asked, text: str) -> None:
    """Create an item from `/action <text>` and announce it where the command was given."""
    deps = asked.deps
    invoker = person_for(deps, asked.port, team_id=asked.team_id, user_id=asked.user_id)
    now = deps.now()
    text, cycle_number = split_cycle_ref(text)
    draft = read_action_text(text, now=now, zone=zone_of(invoker, deps.default_zone))
    check_owners(deps, asked.port, team_id=asked.team_id, user_ids=draft.owners, known=[invoker])
    with deps.transaction() as session:
        cycle = (link_task(session, team_id=asked.team_id, number=cycle_number)
                 if cycle_number is not None else None)  # fmt: skip
        item = service.create_item(
            session,
            team_id=asked.team_id,
            creator_id=asked.user_id,
            channel_id=asked.channel_id,
            draft=draft,
            now=now,
            posted_by_caller=True,
        )
        item.cycle_id = cycle.id if cycle else None
        viewers = viewers_among(session, team_id=asked.team_id, user_ids=concerned(item))
    _announce(asked, item)
    if cycle is not None:
        refresh_cycle_post(deps, asked.port, team_id=asked.team_id, number=cycle.number)
        asked.tell(notice(*task_linked(item, cycle)))
    redraw_homes(deps, asked.port, team_id=asked.team_id, user_ids=viewers)


def _announce(asked: Asked, item: Any) -> None:
    """Post a new item; where the platform would not, answer through the command instead."""
    # Whoever typed the command is in the channel they typed it in: no need to ask about them.
    unposted = announce(asked.deps, asked.port, item, thread=asked.thread, present={asked.user_id})
    if unposted is None:
        return
    if unposted.error.kind in CANNOT_POST:  # the command's own answer may go where Backbone may not
        asked.show(unposted.message)
        return
    then = "I'll post it here in a few minutes. " if unposted.later else ""
    platform = PLATFORM_NAMES.get(asked.port.platform, asked.port.platform)
    asked.tell(
        notice(
            f"I saved {item.code}, but {platform} didn't let me post it here just now. {then}"
            "It's in /action list, and reminders will still go out."
        )
    )


def change_items(asked: Asked, change: Change) -> None:
    """Apply `done|drop|snooze|due|assign A-n [A-m …] …`; say what changed, to the person alone.

    Each item is changed on its own, with its own permission check, so one refusal does not
    hold back the others; the answer says which changed and why the others did not.
    """
    person = person_for(asked.deps, asked.port, team_id=asked.team_id, user_id=asked.user_id)
    actor, zone = as_actor(person), zone_of(person, asked.deps.default_zone)
    now = asked.deps.now()
    owners = _new_owners(asked, change) if change.verb == "assign" else []
    due = _when(change, now=now, zone=zone) if change.verb in {"snooze", "due"} else None
    changed: list[Line] = []
    refused: list[tuple[str, str]] = []
    for number in change.numbers:
        try:
            changed.append(_change_one(asked, change, number, actor, owners=owners, due=due))
        except UserFacingError as error:
            if len(change.numbers) == 1:
                raise
            refused.append((f"A-{number}", refusal_reason(error)))
    asked.tell(change_summary(changed, refused))


def refusal_reason(error: UserFacingError) -> str:
    """Say in a few words why one item of several was not changed."""
    if isinstance(error, NotAllowed):
        return "only its owners, the person who asked for it, or a workspace admin can change it."
    if isinstance(error, NotFound):
        return "there is no item with that code in this workspace."
    return error.message


def _change_one(
    asked: Asked,
    change: Change,
    number: int,
    actor: Actor,
    *,
    owners: list[str],
    due: Due | None,
) -> Line:
    """Change one item and show it everywhere it appears; return what to tell the person."""
    deps, now, follow = asked.deps, asked.deps.now(), None
    with deps.transaction() as session:
        item = service.find_item(session, team_id=asked.team_id, number=number)
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
        told = after_done(deps, asked.port, item, follow, by=asked.user_id)
    refresh_announcement(asked.port, item, by=asked.user_id)
    people = before | concerned(item, follow)
    refresh_homes(deps, asked.port, team_id=asked.team_id, user_ids=people)
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


def _new_owners(asked: Asked, change: Change) -> list[str]:
    check_no_group_mentions(change.rest)
    owners = mentioned_users(change.rest)
    if not owners:
        raise InvalidInput(
            f"Who should own {_codes(change)}? Mention them, like: "
            f"/action assign {_codes(change)} @maria"
        )
    check_owners(asked.deps, asked.port, team_id=asked.team_id, user_ids=owners)
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
