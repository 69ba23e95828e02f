"""The item form's rules, for every platform: what it shows when it opens, and what a save does.

A platform reads its own submission into `Filled` (bot/services/item_checks.py) and hands it
here with the form's `state`; what follows a save (the announcement, Home) is the platform's
listener's, since only it knows how to answer the person where they pressed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.ids import CallbackId
from bot.messages.forms import ItemForm, item_form, title_shown
from bot.messages.parts import Form
from bot.messages.spans import ChannelRef, Line, Mention, line, strong
from bot.port import ChatError, ChatPort, PostRef
from bot.recurrence import rule_from_code
from bot.services import actions as service
from bot.services.directory import as_actor, person_for, zone_of
from bot.services.item_checks import Checked, Filled, Kept, check
from bot.services.notify import concerned
from bot.text import MAX_TITLE, Draft, from_mrkdwn, suggest_draft, title_too_long
from bot.when import Due
from storage.models import ActionItem, Person, Status


@dataclass(frozen=True)
class FromMessage:
    """The message a "Make action item" press was on: where it is, its words and its author."""

    channel: str
    ts: str
    thread: str
    text: str
    author: str | None
    reply_to: str | None = None  # where the platform lets the press be answered (Slack's URL)


@dataclass(frozen=True)
class Edited:
    """An item saved from its edit form, and who it concerned before the change."""

    item: ActionItem
    before: set[str]


@dataclass(frozen=True)
class Created:
    """A new item saved from the form, the message it came from, and the form's state."""

    item: ActionItem
    source: service.Source | None
    meta: dict[str, Any]

    @property
    def thread(self) -> PostRef | None:
        """Return the thread to announce the item in: its message's, when it came from one."""
        ts = self.meta.get("th")
        return PostRef(self.item.channel_id, str(ts)) if ts else None


def edit_form(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int) -> Form:
    """Return `/action edit A-n`'s form, filled in, if the person may change the item."""
    person, item = editable(deps, port, team_id=team_id, user_id=user_id, number=number)
    day, at = picker_values(service.due_of(item), zone_of(person, deps.default_zone))
    form = ItemForm(
        callback_id=CallbackId.ITEM_EDIT,
        heading=f"Edit {item.code}"[:24],
        submit="Save",
        metadata=json.dumps({"n": item.number, "d": _iso(day), "t": _iso(at)}),
        title=from_mrkdwn(item.title),
        owners=item.owner_ids,
        day=day,
        at=at,
        ask_note=True,
        notes=(_asked_by(item), *_long_title_note(item.title)),
    )
    return item_form(form)


def home_form(user_id: str) -> Form:
    """Return the empty form for a new item from Home; the person picks the channel."""
    form = ItemForm(
        callback_id=CallbackId.ITEM_NEW,
        heading="New action item",
        submit="Save",
        metadata="{}",
        owners=[user_id],
        ask_channel=True,
    )
    return item_form(form)


def message_form(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, message: FromMessage
) -> Form:
    """Return the form for a new item, filled in from the message it was made from."""
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    zone = zone_of(person, deps.default_zone)
    draft = suggest_draft(message.text, now=deps.now(), zone=zone)
    return item_form(_form_from(message, draft, person, zone))


def _form_from(message: FromMessage, draft: Draft, person: Person, zone: ZoneInfo) -> ItemForm:
    day, at = picker_values(draft.due, zone)
    metadata: dict[str, Any] = {"c": message.channel, "ts": message.ts, "th": message.thread}
    metadata["r"] = message.reply_to
    notes = [line("From a message in ", ChannelRef(message.channel),
                  ". I'll post the item in that message's thread.")]  # fmt: skip
    if title_too_long(draft.title):
        notes.append(line(f"The message is long, so the title holds its first {MAX_TITLE} "
                          "characters."))  # fmt: skip
    rule = rule_from_code(draft.recurrence)
    if rule is not None:
        metadata["rec"] = draft.recurrence
        notes.append(line(f"🔁 It repeats {rule.describe()}: when one is done, the next is made."))
    return ItemForm(
        callback_id=CallbackId.ITEM_NEW, heading="Make action item", submit="Save",
        metadata=json.dumps(metadata), title=from_mrkdwn(draft.title),
        owners=draft.owners or [message.author or person.user_id], day=day, at=at,
        notes=tuple(notes),
    )  # fmt: skip


def _asked_by(item: ActionItem) -> Line:
    return line(
        strong(item.code), " · asked by ", Mention(item.creator_id), " in ",
        ChannelRef(item.channel_id),
    )  # fmt: skip


def _long_title_note(title: str) -> list[Line]:
    if not title_too_long(title):
        return []
    return [
        line(
            f"This title is longer than {MAX_TITLE:,} characters, so the form shows its start. "
            "Leave it as it is to keep the whole title, or write a shorter one."
        )
    ]


def _kept_title(typed: str, item_title: str) -> str | None:
    """Return the stored title when the form sent back only the start it showed of it."""
    if title_too_long(item_title) and typed == title_shown(from_mrkdwn(item_title)):
        return item_title
    return None


def save_edit(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str, form: Filled
) -> Edited:
    """Save an edit form: rights are checked again, someone may have lost them since."""
    meta = json.loads(state)
    person, item = editable(deps, port, team_id=team_id, user_id=user_id, number=int(meta["n"]))
    unchanged = (form.day, form.at) == (meta.get("d"), meta.get("t"))
    kept = Kept(service.due_of(item)) if unchanged else None
    zone = zone_of(person, deps.default_zone)
    checked = check(deps, port, form, team_id=team_id, zone=zone, kept=kept)
    with deps.transaction() as session:
        item = service.find_item(session, team_id=item.team_id, number=item.number)
        before = concerned(item)
        service.edit_item(
            session, item=item, actor=as_actor(person),
            title=_kept_title(form.title, item.title) or checked.title, owner_ids=checked.owners,
            due=checked.due, now=deps.now(), note=checked.note,
        )  # fmt: skip
    return Edited(item, before)


@dataclass(frozen=True)
class NewItem:
    """A new item's form, read and checked but not saved yet, and the form's state."""

    team_id: str
    user_id: str
    checked: Checked
    source: service.Source | None
    meta: dict[str, Any]

    @property
    def picked_channel(self) -> str | None:
        """Return the channel the person picked, when the form asked for one (from Home)."""
        return None if "c" in self.meta else self.checked.channel


def read_new(
    deps: Deps,
    port: ChatPort,
    *,
    team_id: str,
    user_id: str,
    state: str,
    form: Filled,
    channel_later: bool = False,
) -> NewItem:
    """Check a new item's form, or raise FormProblems (see `check` for `channel_later`)."""
    meta: dict[str, Any] = json.loads(state or "{}")
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    zone = zone_of(person, deps.default_zone)
    checked = check(deps, port, form, team_id=team_id, zone=zone, need_channel="c" not in meta,
                    channel_later=channel_later)  # fmt: skip
    return NewItem(team_id, user_id, checked, _source(port, meta), meta)


def save_read(deps: Deps, new: NewItem) -> Created:
    """Save a new item read from its form (not yet announced: the platform's listener does)."""
    checked, meta = new.checked, new.meta
    draft = Draft(checked.owners, checked.title, checked.due, recurrence=meta.get("rec"))
    with deps.transaction() as session:
        item = service.create_item(
            session, team_id=new.team_id, creator_id=new.user_id,
            channel_id=str(meta.get("c") or checked.channel), draft=draft, now=deps.now(),
            source=new.source, posted_by_caller=True,
        )  # fmt: skip
    return Created(item, new.source, meta)


def save_new(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str, form: Filled
) -> Created:
    """Save a new item from the form (not yet announced: the platform's listener does that)."""
    new = read_new(deps, port, team_id=team_id, user_id=user_id, state=state, form=form)
    return save_read(deps, new)


def home_form_again(state: str, form: Filled, problem: str) -> Form:
    """Return the new item form from Home again, with what was typed and what to change."""
    again = ItemForm(
        callback_id=CallbackId.ITEM_NEW,
        heading="New action item",
        submit="Save",
        metadata=state or "{}",
        title=form.title,
        owners=form.owners,
        day=date.fromisoformat(form.day) if form.day else None,
        at=time.fromisoformat(form.at) if form.at else None,
        ask_channel=True,
        notes=(not_saved_line(problem),),
    )
    return item_form(again)


def not_saved_line(problem: str) -> Line:
    """Say that a new item is not saved yet, and why."""
    return line("⚠️ I haven't saved it yet. ", problem)


def _source(port: ChatPort, meta: dict[str, Any]) -> service.Source | None:
    """Return the message the form was made from, with its link when the platform gives one."""
    if "ts" not in meta:
        return None
    try:
        url = port.link_to(PostRef(meta["c"], meta["ts"]))
    except ChatError:
        url = None  # a link is a convenience: a DM the bot can't read has none
    return service.Source(channel_id=meta["c"], ts=meta["ts"], url=url, via="shortcut")


def saved_line(item: ActionItem) -> Line:
    """Say that a new item is saved and where it is posted."""
    return line("📌 ", strong(item.code), " is saved and posted in ", ChannelRef(item.channel_id),
                ".")  # fmt: skip


def picker_values(due: Due | None, zone: ZoneInfo) -> tuple[date | None, time | None]:
    """Return how a due shows in the pickers: its calendar day, and its time in `zone` if any."""
    if due is None:
        return None, None
    if due.all_day:
        return due.local().date(), None
    local = due.at.astimezone(zone)
    return local.date(), local.time().replace(second=0, microsecond=0)


def editable(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int
) -> tuple[Person, ActionItem]:
    """Return the person and the item they want to edit, or raise why they can't."""
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=number)
        service.require_change_allowed(item, as_actor(person))
    if item.status != Status.OPEN:
        raise InvalidInput(f"{item.code} is already {item.status}, so it can't be edited.")
    return person, item


def _iso(value: date | time | None) -> str | None:
    """Return a value as the pickers send it back: "2026-12-05", "14:30"."""
    if value is None:
        return None
    return value.strftime("%H:%M") if isinstance(value, time) else value.isoformat()


def form_again(state: str) -> Form:
    """Return a new item's form as it opened from `state`, to show again with what was typed."""
    meta: dict[str, Any] = json.loads(state or "{}")
    channel = meta.get("c")
    notes = (line("I'll post the item in ", ChannelRef(str(channel)), "."),) if channel else ()
    form = ItemForm(
        callback_id=CallbackId.ITEM_NEW,
        heading="Make action item" if channel else "New action item",
        submit="Save",
        metadata=state,
        ask_channel=not channel,
        notes=notes,
    )
    return item_form(form)
