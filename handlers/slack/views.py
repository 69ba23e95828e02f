"""The item form (a modal): `/action edit`, the "Make action item" shortcut, and Home's Add button.

A submission is answered in the modal itself: problems with a field under that field
(`response_action: errors`), a refusal or a failure as a short notice in place of the form, and
success by closing it. What follows a save (posts, Home tabs) runs after that answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import App, Args, Respond
from slack_sdk import WebClient

from bot.deps import Deps, deps_of
from bot.errors import UserFacingError
from bot.ids import ActionId, CallbackId
from bot.messages.common import notice_form
from bot.messages.forms import ItemForm, item_form, title_shown
from bot.messages.parts import Form
from bot.messages.spans import ChannelRef, Line, Mention, Typed, line, strong
from bot.port import ChatError, ChatPort, PostRef
from bot.recurrence import rule_from_code
from bot.services import actions as service
from bot.services.action_commands import editable
from bot.services.directory import as_actor, person_for, zone_of
from bot.services.homes import refresh_homes
from bot.slack.port import SlackPort
from bot.slack.render import render_form
from bot.text import MAX_TITLE, Draft, from_mrkdwn, suggest_draft, title_too_long
from bot.when import Due
from bot.work import Lane
from handlers.slack.announce import announce, refresh_announcement
from handlers.slack.common import (
    acknowledged,
    apology,
    form_slot,
    later_in_slot,
    port_of,
    team_of,
)
from handlers.slack.item_form import Checked, FormProblems, Kept, check, filled
from handlers.slack.notify import concerned
from storage.models import ActionItem, Person

After = Callable[[], None]


def register(app: App) -> None:
    """Attach the listeners that open and save the item form."""
    app.shortcut(CallbackId.MAKE_ACTION_ITEM)(acknowledged(open_from_message, lane=Lane.TRIGGER))
    app.action(ActionId.HOME_ADD_ITEM)(acknowledged(open_new_from_home, lane=Lane.TRIGGER))
    app.view(CallbackId.ITEM_EDIT)(submission(save_edit))
    app.view(CallbackId.ITEM_NEW)(submission(save_new))


def open_edit(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, number: int, trigger_id: str
) -> None:
    """Open `/action edit A-n`'s form, filled in, if the person may change the item."""
    port = SlackPort(client)
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
    port.open_form(trigger_id, item_form(form))


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


def open_from_message(args: Args) -> None:
    """Open the form for a new item, filled in from the message the shortcut was used on."""
    deps, port, body = deps_of(args.context), port_of(args), args.body
    person = person_for(deps, port, team_id=team_of(args.context), user_id=body["user"]["id"])
    zone = zone_of(person, deps.default_zone)
    draft = suggest_draft(body["message"].get("text") or "", now=deps.now(), zone=zone)
    port.open_form(body["trigger_id"], item_form(_form_from(body, draft, person, zone)))


def _form_from(body: dict[str, Any], draft: Draft, person: Person, zone: ZoneInfo) -> ItemForm:
    """Return the new item's form, filled in from a message and the draft read from it."""
    message, channel = body["message"], body["channel"]["id"]
    author = None if message.get("bot_id") else message.get("user")
    day, at = picker_values(draft.due, zone)
    thread = message.get("thread_ts") or message["ts"]
    metadata = {"c": channel, "ts": message["ts"], "th": thread, "r": body.get("response_url")}
    notes = [line("From a message in ", ChannelRef(channel),
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
        owners=draft.owners or [author or person.user_id], day=day, at=at, notes=tuple(notes),
    )  # fmt: skip


def open_new_from_home(args: Args) -> None:
    """Open an empty form for a new item from the Home tab; the person picks the channel."""
    form = ItemForm(
        callback_id=CallbackId.ITEM_NEW,
        heading="New action item",
        submit="Save",
        metadata="{}",
        owners=[args.body["user"]["id"]],
        ask_channel=True,
    )
    port_of(args).open_form(args.body["trigger_id"], item_form(form))


def submission(work: Callable[[Args], After]) -> Callable[[Args], None]:
    """Wrap a view_submission listener: every outcome is an answer in the modal, never a failure.

    A place for what follows the save (posts, Home tabs) is held first: when the app is too
    busy to take it, the form says so and nothing is saved.
    """

    def listener(args: Args) -> None:
        slot = form_slot(args)
        if slot is None:
            return
        try:
            after = work(args)
        except FormProblems as problems:
            slot.release()
            args.ack(response_action="errors", errors=problems.problems)
            return
        except Exception as error:  # noqa: BLE001 - answered in the modal, by the one policy
            slot.release()
            args.ack(response_action="update", view=render_form(_refusal(error, args.body)))
            return
        args.ack()
        later_in_slot(slot, args.body, after)

    listener.__name__ = listener.__qualname__ = work.__name__
    return listener


def _refusal(error: Exception, body: dict[str, Any]) -> Form:
    """Return the small form that says why a submission was not saved."""
    if isinstance(error, UserFacingError):
        return notice_form(Typed(error.message))
    return notice_form(apology(error, body))


def save_edit(args: Args) -> After:
    """Save `/action edit`'s form: rights are checked again, someone may have lost them since."""
    deps, port, body = deps_of(args.context), port_of(args), args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    meta = json.loads(body["view"]["private_metadata"])
    person, item = editable(deps, port, team_id=team_id, user_id=user_id, number=int(meta["n"]))
    form = filled(body["view"])
    unchanged = (form.day, form.at) == (meta.get("d"), meta.get("t"))
    kept = Kept(service.due_of(item)) if unchanged else None
    zone = zone_of(person, deps.default_zone)
    checked = check(deps, port, form, team_id=team_id, zone=zone, kept=kept)
    before, item = _edit(deps, person, item, checked, typed=form.title)

    def after() -> None:
        refresh_announcement(args.client, item, by=user_id)
        refresh_homes(deps, port, team_id=team_id, user_ids=before | concerned(item))

    return after


def _edit(
    deps: Deps, person: Person, item: ActionItem, checked: Checked, *, typed: str
) -> tuple[set[str], ActionItem]:
    """Save an item's new values; return who it concerned before, and the item."""
    with deps.transaction() as session:
        item = service.find_item(session, team_id=item.team_id, number=item.number)
        before = concerned(item)
        service.edit_item(
            session, item=item, actor=as_actor(person),
            title=_kept_title(typed, item.title) or checked.title, owner_ids=checked.owners,
            due=checked.due, now=deps.now(), note=checked.note,
        )  # fmt: skip
    return before, item


def save_new(args: Args) -> After:
    """Save a new item from the form, and announce it: in the source message's thread, if any."""
    deps, port, body = deps_of(args.context), port_of(args), args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    meta: dict[str, Any] = json.loads(body["view"]["private_metadata"] or "{}")
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    zone = zone_of(person, deps.default_zone)
    form = filled(body["view"])
    checked = check(deps, port, form, team_id=team_id, zone=zone, need_channel="c" not in meta)
    item, source = _create(deps, port, meta, checked, team_id=team_id, user_id=user_id)

    def after() -> None:
        respond = Respond(response_url=meta["r"]) if meta.get("r") else None
        announce(deps, args.client, item, respond, thread_ts=meta.get("th"))
        saved = line("📌 ", strong(item.code), " is saved and posted in ",
                     ChannelRef(item.channel_id), ".")  # fmt: skip
        notices = {} if source else {user_id: saved}
        refresh_homes(deps, port, team_id=team_id, user_ids=concerned(item), notices=notices)

    return after


def _create(
    deps: Deps, port: ChatPort, meta: dict[str, Any], checked: Checked, *, team_id: str,
    user_id: str,
) -> tuple[ActionItem, service.Source | None]:  # fmt: skip
    """Save a new item from a checked form; return it and the message it came from, if any."""
    source = _source(port, meta)
    draft = Draft(checked.owners, checked.title, checked.due, recurrence=meta.get("rec"))
    with deps.transaction() as session:
        item = service.create_item(
            session, team_id=team_id, creator_id=user_id,
            channel_id=str(meta.get("c") or checked.channel), draft=draft, now=deps.now(),
            source=source, posted_by_caller=True,
        )  # fmt: skip
    return item, source


def _source(port: ChatPort, meta: dict[str, Any]) -> service.Source | None:
    """Return the message the shortcut was used on, with its link when the platform gives one."""
    if "ts" not in meta:
        return None
    try:
        url = port.link_to(PostRef(meta["c"], meta["ts"]))
    except ChatError:
        url = None  # a link is a convenience: a DM the bot can't read has none
    return service.Source(channel_id=meta["c"], ts=meta["ts"], url=url, via="shortcut")


def picker_values(due: Due | None, zone: ZoneInfo) -> tuple[date | None, time | None]:
    """Return how a due shows in the pickers: its calendar day, and its time in `zone` if any."""
    if due is None:
        return None, None
    if due.all_day:
        return due.local().date(), None
    local = due.at.astimezone(zone)
    return local.date(), local.time().replace(second=0, microsecond=0)


def _iso(value: date | time | None) -> str | None:
    """Return a value as the pickers send it back: "2026-12-05", "14:30"."""
    if value is None:
        return None
    return value.strftime("%H:%M") if isinstance(value, time) else value.isoformat()


def open_edit_from_button(args: Args) -> None:
    """Open the form of the item a button names (a reminder's Update, a pin's Change owners)."""
    body = args.body
    open_edit(
        deps_of(args.context),
        args.client,
        team_id=team_of(args.context),
        user_id=body["user"]["id"],
        number=int(body["actions"][0]["value"]),
        trigger_id=body["trigger_id"],
    )
