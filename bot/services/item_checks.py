"""Checking a submitted item form: each problem is named under its field, nothing half-saved.

Each platform reads its own submission into `Filled` and shows `FormProblems` under the fields
they are keyed by (Slack's `response_action: errors`, a Teams dialog shown again), keeping the
form open with what the person typed, so they can fix it and submit again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.errors import NotFound
from bot.ids import ItemField
from bot.port import ChatError, ChatPort
from bot.services.directory import owner_refusal, person_for
from bot.text import MAX_TITLE, to_mrkdwn
from bot.when import Due, due_on

Problems = dict[str, str]
PICK_A_CHANNEL = "Pick a channel to post it in."


class FormProblems(Exception):
    """What is wrong with a submitted form, by block_id."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Filled:
    """What a person put in the form, as they typed and picked it."""

    title: str
    owners: list[str]
    day: str | None
    at: str | None
    channel: str | None
    note: str | None


@dataclass(frozen=True)
class Kept:
    """A due to keep as it is, because the pickers still show it."""

    due: Due | None


@dataclass(frozen=True)
class Checked:
    """A form that reads: the title as Slack text, owners, due, channel and note."""

    title: str
    owners: list[str]
    due: Due | None
    channel: str | None
    note: str | None


def check(
    deps: Deps,
    port: ChatPort,
    form: Filled,
    *,
    team_id: str,
    zone: ZoneInfo,
    kept: Kept | None = None,
    need_channel: bool = False,
    channel_later: bool = False,
) -> Checked:
    """Return the form read, or raise FormProblems naming every field to fix.

    With `kept`, the pickers still show the item's due, which stays as it is: an overdue item's
    title can be edited without being told its due date has passed. With `channel_later`, a
    needed channel must be picked, but whether Backbone can post there is for the caller to
    ask (`channel_problem`) once the person has been answered: asking takes a platform call.
    """
    problems = _title_problems(form.title) | _owner_problems(deps, port, team_id, form.owners)
    if kept is not None:
        due = kept.due
    else:
        due, due_problems = due_from_pickers(form.day, form.at, now=deps.now(), zone=zone)
        problems |= due_problems
    if need_channel and not form.channel:
        problems |= {ItemField.CHANNEL: PICK_A_CHANNEL}
    elif need_channel and not channel_later:
        problems |= _channel_problems(port, form.channel)
    if problems:
        raise FormProblems(problems)
    title = to_mrkdwn(form.title)
    return Checked(title, form.owners, due, form.channel, form.note)


def due_from_pickers(
    day: str | None, at: str | None, *, now: datetime, zone: ZoneInfo
) -> tuple[Due | None, Problems]:
    """Read the date and time pickers: a date alone is due at the end of that working day."""
    if day is None:
        if at is not None:
            return None, {ItemField.DUE_TIME: "Pick a date for this time too, or clear the time."}
        return None, {}
    picked_day = date.fromisoformat(day)
    picked_at = time.fromisoformat(at) if at else None
    due = due_on(picked_day, picked_at, zone)
    if picked_day < now.astimezone(zone).date():
        return None, {ItemField.DUE_DATE: "That date has passed. Pick today or a later date."}
    if picked_at is not None and due.at <= now:
        return None, {ItemField.DUE_TIME: "That time has already passed. Pick a later time."}
    return due, {}


def _title_problems(title: str) -> Problems:
    if not title:
        return {ItemField.TITLE: "What needs doing? Write a few words."}
    if len(title) > MAX_TITLE:
        return {
            ItemField.TITLE: f"That is {len(title):,} characters; an item can have up to "
            f"{MAX_TITLE:,}. Shorten it and put the details in the thread."
        }
    return {}


def _owner_problems(deps: Deps, port: ChatPort, team_id: str, owners: list[str]) -> Problems:
    if not owners:
        return {ItemField.OWNERS: "Pick at least one person to do it."}
    for user_id in owners:
        try:
            person = person_for(deps, port, team_id=team_id, user_id=user_id)
        except NotFound:
            return {ItemField.OWNERS: "I couldn't find one of these people. Pick them again."}
        refusal = owner_refusal(person, person.name or "That person")
        if refusal:
            return {ItemField.OWNERS: refusal}
    return {}


def channel_problem(port: ChatPort, channel_id: str) -> str | None:
    """Say why Backbone can't post a new item in a picked channel, or None when it can."""
    return _channel_problems(port, channel_id).get(ItemField.CHANNEL)


def _channel_problems(port: ChatPort, channel_id: str | None) -> Problems:
    if not channel_id:
        return {ItemField.CHANNEL: PICK_A_CHANNEL}
    try:
        channel = port.channel(channel_id)
    except ChatError as error:
        if error.kind != "no_channel":
            raise  # the platform's trouble, not the channel's: the form says sorry, with an id
        # Slack hides private channels the bot is not in.
        return {
            ItemField.CHANNEL: "I'm not in that channel. Invite me there first "
            "(type /invite @Backbone in it), or pick another one."
        }
    if channel.direct:
        return {ItemField.CHANNEL: "Pick a channel, not a direct message."}
    if channel.archived:
        return {ItemField.CHANNEL: "That channel is archived. Pick another one."}
    return {}
