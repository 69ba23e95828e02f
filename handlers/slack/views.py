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
from bot.errors import InvalidInput, UserFacingError
from bot.ids import ActionId, CallbackId
from bot.recurrence import rule_from_code
from bot.services import actions as service
from bot.services.directory import as_actor, person_for, zone_of
from bot.slack.blocks_modals import ItemForm, item_modal, notice_modal, title_shown
from bot.slack.port import SlackPort
from bot.text import MAX_TITLE, Draft, from_mrkdwn, suggest_draft, title_too_long
from bot.when import Due
from handlers.slack.announce import announce, refresh_announcement
from handlers.slack.common import SLACK_FAILURES, acknowledged, apology, team_of
from handlers.slack.home import refresh_homes
from handlers.slack.item_form import FormProblems, Kept, check, filled
from handlers.slack.notify import concerned
from storage.models import ActionItem, Person, Status

After = Callable[[], None]


def register(app: App) -> None:
    """Attach the listeners that open and save the item form."""
    app.shortcut(CallbackId.MAKE_ACTION_ITEM)(acknowledged(open_from_message))
    app.action(ActionId.HOME_ADD_ITEM)(acknowledged(open_new_from_home))
    app.view(CallbackId.ITEM_EDIT)(submission(save_edit))
    app.view(CallbackId.ITEM_NEW)(submission(save_new))


def open_edit(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, number: int, trigger_id: str
) -> None:
    """Open `/action edit A-n`'s form, filled in, if the person may change the item."""
    person, item = _editable(deps, client, team_id=team_id, user_id=user_id, number=number)
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
        notes=[
            f"*{item.code}* · asked by <@{item.creator_id}> in <#{item.channel_id}>",
            *_long_title_note(item.title),
        ],
    )
    client.views_open(trigger_id=trigger_id, view=item_modal(form))


def _long_title_note(title: str) -> list[str]:
    if not title_too_long(title):
        return []
    return [
        f"This title is longer than {MAX_TITLE:,} characters, so the form shows its start. "
        "Leave it as it is to keep the whole title, or write a shorter one."
    ]


def _kept_title(typed: str, item_title: str) -> str | None:
    """Return the stored title when the form sent back only the start it showed of it."""
    if title_too_long(item_title) and typed == title_shown(from_mrkdwn(item_title)):
        return item_title
    return None


def open_from_message(args: Args) -> None:
    """Open the form for a new item, filled in from the message the shortcut was used on."""
    deps, client, body = deps_of(args.context), args.client, args.body
    message, channel = body["message"], body["channel"]["id"]
    person = person_for(
        deps, SlackPort(client), team_id=team_of(args.context), user_id=body["user"]["id"]
    )
    zone = zone_of(person, deps.default_zone)
    draft = suggest_draft(message.get("text") or "", now=deps.now(), zone=zone)
    author = None if message.get("bot_id") else message.get("user")
    day, at = picker_values(draft.due, zone)
    thread = message.get("thread_ts") or message["ts"]
    metadata = {"c": channel, "ts": message["ts"], "th": thread, "r": body.get("response_url")}
    notes = [f"From a message in <#{channel}>. I'll post the item in that message's thread."]
    if title_too_long(draft.title):
        notes.append(f"The message is long, so the title holds its first {MAX_TITLE} characters.")
    rule = rule_from_code(draft.recurrence)
    if rule is not None:
        metadata["rec"] = draft.recurrence
        notes.append(f"🔁 It repeats {rule.describe()}: when one is done, the next is made.")
    form = ItemForm(
        callback_id=CallbackId.ITEM_NEW,
        heading="Make action item",
        submit="Save",
        metadata=json.dumps(metadata),
        title=from_mrkdwn(draft.title),
        owners=draft.owners or [author or person.user_id],
        day=day,
        at=at,
        notes=notes,
    )
    client.views_open(trigger_id=body["trigger_id"], view=item_modal(form))


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
    args.client.views_open(trigger_id=args.body["trigger_id"], view=item_modal(form))


def submission(work: Callable[[Args], After]) -> Callable[[Args], None]:
    """Wrap a view_submission listener: every outcome is an answer in the modal, never a failure."""

    def listener(args: Args) -> None:
        try:
            after = work(args)
        except FormProblems as problems:
            args.ack(response_action="errors", errors=problems.problems)
            return
        except Exception as error:  # noqa: BLE001 - answered in the modal, by the one policy
            text = (
                error.message if isinstance(error, UserFacingError) else apology(error, args.body)
            )
            args.ack(response_action="update", view=notice_modal(text))
            return
        args.ack()
        try:
            after()
        except Exception as error:  # noqa: BLE001 - the modal is closed; logged with an id
            apology(error, args.body)

    listener.__name__ = listener.__qualname__ = work.__name__
    return listener


def save_edit(args: Args) -> After:
    """Save `/action edit`'s form: rights are checked again, someone may have lost them since."""
    deps, client, body = deps_of(args.context), args.client, args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    meta = json.loads(body["view"]["private_metadata"])
    number = int(meta["n"])
    person, item = _editable(deps, client, team_id=team_id, user_id=user_id, number=number)
    form = filled(body["view"])
    unchanged = (form.day, form.at) == (meta.get("d"), meta.get("t"))
    kept = Kept(service.due_of(item)) if unchanged else None
    zone = zone_of(person, deps.default_zone)
    checked = check(deps, client, form, team_id=team_id, zone=zone, kept=kept)
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=item.number)
        before = concerned(item)
        service.edit_item(
            session,
            item=item,
            actor=as_actor(person),
            title=_kept_title(form.title, item.title) or checked.title,
            owner_ids=checked.owners,
            due=checked.due,
            now=deps.now(),
            note=checked.note,
        )

    def after() -> None:
        refresh_announcement(client, item, by=user_id)
        refresh_homes(deps, client, team_id=team_id, user_ids=before | concerned(item))

    return after


def save_new(args: Args) -> After:
    """Save a new item from the form, and announce it: in the source message's thread, if any."""
    deps, client, body = deps_of(args.context), args.client, args.body
    team_id, user_id = team_of(args.context), body["user"]["id"]
    meta: dict[str, Any] = json.loads(body["view"]["private_metadata"] or "{}")
    person = person_for(deps, SlackPort(client), team_id=team_id, user_id=user_id)
    zone = zone_of(person, deps.default_zone)
    checked = check(
        deps, client, filled(body["view"]), team_id=team_id, zone=zone, need_channel="c" not in meta
    )
    channel = str(meta.get("c") or checked.channel)
    source = _source(client, meta)
    draft = Draft(checked.owners, checked.title, checked.due, recurrence=meta.get("rec"))
    with deps.transaction() as session:
        item = service.create_item(
            session,
            team_id=team_id,
            creator_id=user_id,
            channel_id=channel,
            draft=draft,
            now=deps.now(),
            source=source,
            posted_by_caller=True,
        )

    def after() -> None:
        respond = Respond(response_url=meta["r"]) if meta.get("r") else None
        announce(deps, client, item, respond, thread_ts=meta.get("th"))
        notices = (
            {} if source else {user_id: f"📌 *{item.code}* is saved and posted in <#{channel}>."}
        )
        refresh_homes(deps, client, team_id=team_id, user_ids=concerned(item), notices=notices)

    return after


def _source(client: WebClient, meta: dict[str, Any]) -> service.Source | None:
    """Return the message the shortcut was used on, with its permalink when Slack gives one."""
    if "ts" not in meta:
        return None
    try:
        url = client.chat_getPermalink(channel=meta["c"], message_ts=meta["ts"]).get("permalink")
    except SLACK_FAILURES:
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


def _editable(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, number: int
) -> tuple[Person, ActionItem]:
    """Return the person and the item they want to edit, or raise why they can't."""
    person = person_for(deps, SlackPort(client), team_id=team_id, user_id=user_id)
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
