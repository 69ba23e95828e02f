"""What a reminder's buttons do beyond the item's own: ask the channel for help, snooze to a day."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.messages import reminders as words
from bot.messages.common import notice, when
from bot.messages.parts import Form, Message
from bot.messages.spans import ChannelRef, Line, Mention, line
from bot.port import ChatError, ChatPort, PostRef
from bot.services import actions as service
from bot.services.directory import as_actor, person_for, zone_of
from bot.when import WORKDAY_END, Due
from storage.models import ActionItem

log = logging.getLogger(__name__)
AFTER_TODAY = "Pick a day after today."


@dataclass(frozen=True)
class HelpAsked:
    """What to tell the person who asked for help, and the item when the channel was asked."""

    said: Line
    item: ActionItem | None = None


def help_thread(item: ActionItem) -> tuple[str, PostRef | None]:
    """Return where to ask for help: the item's source thread, its announcement, or its channel."""
    if item.source_channel and item.source_ts:
        return item.source_channel, PostRef(item.source_channel, item.source_ts)
    if item.announce_channel and item.announce_ts:
        return item.announce_channel, PostRef(item.announce_channel, item.announce_ts)
    return item.channel_id, None


def ask_for_help(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int
) -> HelpAsked:
    """Ask the item's channel, in its thread, to help the owner who clicked; once per item."""
    actor = as_actor(person_for(deps, port, team_id=team_id, user_id=user_id))
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=number)
        service.require_change_allowed(item, actor)
    if item.help_requested_at is not None:
        return HelpAsked(_asked_before(item))
    channel, thread = help_thread(item)
    try:
        _post_request(port, channel, thread, words.help_request(item, by=user_id))
    except ChatError as error:
        return HelpAsked(_could_not_ask(item, channel, error))
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=number)
        service.request_help(session, item=item, actor=actor, now=deps.now())
    said = line("🙋 I asked in ", ChannelRef(channel), f" for someone to help with {item.code}.")
    return HelpAsked(said, item)


def _post_request(port: ChatPort, channel: str, thread: PostRef | None, message: Message) -> None:
    if thread is None:
        port.post(channel, message)
    else:
        port.reply(thread, message)


def _asked_before(item: ActionItem) -> Line:
    assert item.help_requested_at is not None
    asked = when(item.help_requested_at, all_day=True, tz="UTC")
    return line(
        f"Help with {item.code} was already asked for in ", ChannelRef(item.channel_id),
        " on ", asked, ". You could follow up in that thread.",
    )  # fmt: skip


def _could_not_ask(item: ActionItem, channel: str, error: ChatError) -> Line:
    slow = error.kind == "unreachable"
    why = "Slack didn't answer in time" if slow else "it may be archived, or I'm not in it"
    return line(
        "I couldn't post in ", ChannelRef(channel), f" ({why}). You could ask ",
        Mention(item.creator_id), " directly, or try again in a minute.",
    )  # fmt: skip


def snooze_picker(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int) -> Form:
    """Return the form that asks until which day to snooze an item, if the person may."""
    item, tomorrow = _snoozable(deps, port, team_id=team_id, user_id=user_id, number=number)
    return words.snooze_form(item, initial=tomorrow)


def snooze_pick_message(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int
) -> Message:
    """Return the message with a day picker to snooze an item (where no form can open)."""
    item, tomorrow = _snoozable(deps, port, team_id=team_id, user_id=user_id, number=number)
    return words.snooze_pick_message(item, initial=tomorrow)


def _snoozable(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int
) -> tuple[ActionItem, date]:
    """Return an item the person may snooze, and their tomorrow; raise why they can't."""
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=number)
        service.require_change_allowed(item, as_actor(person))
    today = deps.now().astimezone(zone_of(person, deps.default_zone)).date()
    return item, today + timedelta(days=1)


def snooze_to_day(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int, day: date | None
) -> tuple[ActionItem, Due]:
    """Snooze an item until the end of a picked day; raise InvalidInput when it is no later."""
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    zone, now = zone_of(person, deps.default_zone), deps.now()
    if day is None or day <= now.astimezone(zone).date():
        raise InvalidInput(AFTER_TODAY)
    at = datetime.combine(day, WORKDAY_END, tzinfo=zone).astimezone(UTC)
    until = Due(at=at, all_day=True, zone=zone.key)
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=number)
        service.snooze_item(session, item=item, actor=as_actor(person), until=until, now=now)
    return item, until


def confirm_snooze(port: ChatPort, item: ActionItem, until: Due, *, to: str) -> None:
    """Tell the person, in a DM, until when an item's reminders are paused."""
    shown = when(until.at, all_day=True, tz=until.zone)
    try:
        port.dm(to, notice(f"😴 Reminders about {item.code} are paused until ", shown, "."))
    except ChatError as error:  # the snooze is saved; only its confirmation is lost
        log.warning("could not confirm a snooze of %s: %s", item.code, error.reason)
