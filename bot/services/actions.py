"""The rules of action items, free of any chat platform: create, change, who may change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.recurrence import next_due, rule_from_code
from bot.services.item_flags import SYSTEM as SYSTEM  # re-exported: callers know it from here
from bot.services.item_flags import Actor as Actor
from bot.services.item_flags import flag_needs_owner as flag_needs_owner
from bot.services.item_flags import mark_needs_help as mark_needs_help
from bot.services.privacy import refuse_personal_data
from bot.text import MAX_TITLE, Draft, title_too_long
from bot.when import Due
from storage import actions as store
from storage.models import ActionItem, Status
from storage.people import get_person
from storage.workspaces import take_number

# How long the caller has to post a new item itself before a tick posts it instead.
POST_GRACE = timedelta(minutes=2)


@dataclass(frozen=True)
class Source:
    """The message a record was taken from, how (its "lines" or a "pushpin"), and the words read."""

    channel_id: str
    ts: str
    url: str | None
    via: str
    line: str = ""


def check_new_title(title: str) -> None:
    """Refuse a new item's title that is too long or holds a client's personal data."""
    if title_too_long(title):
        raise InvalidInput(
            f"An action item can have up to {MAX_TITLE:,} characters. "
            "Shorten it and put the details in the thread."
        )
    refuse_personal_data(title, what="that action item")


def create_item(
    session: Session,
    *,
    team_id: str,
    creator_id: str,
    channel_id: str,
    draft: Draft,
    now: datetime,
    source: Source | None = None,
    posted_by_caller: bool = False,
) -> ActionItem:
    """Store a new item, numbered next in its workspace; the creator owns it if nobody is named.

    `posted_by_caller`: the caller posts the item in its channel after this transaction; until
    it has, the item owes its post, and a tick makes it if the caller never got to (a crash).
    """
    check_new_title(draft.title)
    item = ActionItem(
        team_id=team_id,
        number=take_number(session, team_id=team_id, counter="action_seq", now=now),
        title=draft.title,
        creator_id=creator_id,
        channel_id=channel_id,
        status=Status.OPEN,
        created_at=now,
        updated_at=now,
        recurrence=draft.recurrence,
        announce_pending_until=now + POST_GRACE if posted_by_caller else None,
    )
    _apply_due(item, draft.due)
    if source is not None:
        item.source_channel, item.source_ts, item.source_url = (
            source.channel_id,
            source.ts,
            source.url,
        )
    # A new item is open: the nudge engine looks at each owner on its next tick (replan_nudges).
    store.add_item(session, item=item, owner_ids=draft.owners or [creator_id], next_nudge_at=now)
    detail: dict[str, object] = {"via": source.via, "line": source.line} if source else {}
    store.record_event(
        session, item=item, kind="created", actor_id=creator_id, now=now, detail=detail
    )
    return item


def find_item(session: Session, *, team_id: str, number: int) -> ActionItem:
    """Return the workspace's item A-<number>, or raise NotFound."""
    item = store.get_item(session, team_id=team_id, number=number)
    if item is None:
        raise NotFound(
            f"I couldn't find A-{number} in this workspace. "
            "Try /action list to see your items and their codes."
        )
    return item


def may_change(item: ActionItem, actor: Actor) -> bool:
    """Tell whether the actor is an owner, the creator or a workspace admin."""
    return actor.is_admin or actor.user_id == item.creator_id or actor.user_id in item.owner_ids


def require_change_allowed(item: ActionItem, actor: Actor) -> None:
    """Raise NotAllowed unless the actor may change the item."""
    if not may_change(item, actor):
        raise NotAllowed(
            f"Only the owners of {item.code}, the person who asked for it, or a workspace admin "
            "can change it. Nothing was changed. You could ask them in the thread."
        )


def _require_open(item: ActionItem) -> None:
    if item.status != Status.OPEN:
        raise InvalidInput(f"{item.code} is already {item.status}, so nothing was changed.")


def complete_item(
    session: Session, *, item: ActionItem, actor: Actor, now: datetime, note: str | None = None
) -> ActionItem | None:
    """Mark an item done, with the owner's closing note if any; return a series' next item."""
    require_change_allowed(item, actor)
    _require_open(item)
    refuse_personal_data(note, what="that note")
    item.status = Status.DONE
    item.done_at = now
    item.note = note or item.note
    follow = _next_occurrence(session, item, now=now)
    detail: dict[str, object] = {"note": note} if note else {}
    if follow is not None:
        detail["next"] = follow.code
    _touch(session, item, actor, now, "done", detail)
    return follow


def _next_occurrence(session: Session, item: ActionItem, *, now: datetime) -> ActionItem | None:
    """Create the next item of a repeating series: same words and people, the next due."""
    rule = rule_from_code(item.recurrence)
    if rule is None:
        return None
    previous = due_of(item) or Due(at=now, all_day=True, zone=_zone_name(session, item))
    draft = Draft(
        owners=item.owner_ids,
        title=item.title,
        due=next_due(rule, previous=previous, now=now),
        recurrence=item.recurrence,
    )
    follow = create_item(
        session,
        team_id=item.team_id,
        creator_id=item.creator_id,
        channel_id=item.channel_id,
        draft=draft,
        now=now,
        posted_by_caller=True,
    )
    follow.source_url = item.source_url  # the meeting where the series was agreed
    return follow


def _zone_name(session: Session, item: ActionItem) -> str:
    creator = get_person(session, team_id=item.team_id, user_id=item.creator_id)
    return creator.tz if creator is not None else "UTC"


def edit_item(
    session: Session,
    *,
    item: ActionItem,
    actor: Actor,
    title: str,
    owner_ids: Sequence[str],
    due: Due | None,
    now: datetime,
    note: str | None = None,
) -> list[str]:
    """Change an item's title, owners and due at once; return what changed (history "edited")."""
    require_change_allowed(item, actor)
    _require_open(item)
    too_long = title != item.title and title_too_long(title)  # older, longer titles may stay
    if not title.strip() or too_long or not owner_ids:
        raise InvalidInput(
            f"An item needs a title of up to {MAX_TITLE:,} characters and at least one owner."
        )
    refuse_personal_data(title, note, what="that change")
    changes: dict[str, object] = {}
    if title != item.title:
        changes["title"] = {"from": item.title, "to": title}
        item.title = title
    if list(owner_ids) != item.owner_ids:
        changes["owners"] = {"from": item.owner_ids, "to": list(owner_ids)}
        store.set_owners(session, item=item, owner_ids=owner_ids)
    if due != due_of(item):
        changes["due"] = {"from": _iso(due_of(item)), "to": _iso(due)}
        _apply_due(item, due)
    if note:
        changes["note"] = note
    if changes:
        _touch(session, item, actor, now, "edited", changes)
    return [name for name in changes if name != "note"]


def drop_item(session: Session, *, item: ActionItem, actor: Actor, now: datetime) -> None:
    """Mark an item dropped: nobody will do it, and nobody will be reminded."""
    require_change_allowed(item, actor)
    _require_open(item)
    item.status = Status.DROPPED
    _touch(session, item, actor, now, "dropped", {})


def snooze_item(
    session: Session, *, item: ActionItem, actor: Actor, until: Due, now: datetime
) -> None:
    """Pause reminders about an item until a moment (for a day: until that day begins)."""
    require_change_allowed(item, actor)
    _require_open(item)
    item.snoozed_until = start_of(until)
    _touch(session, item, actor, now, "snoozed", {"until": until.iso()})


def set_due(
    session: Session, *, item: ActionItem, actor: Actor, due: Due | None, now: datetime
) -> None:
    """Give an item a new due date, or none."""
    require_change_allowed(item, actor)
    _require_open(item)
    before = item.due_at.isoformat() if item.due_at else None
    _apply_due(item, due)
    _touch(session, item, actor, now, "due_changed", {"from": before, "to": _iso(due)})


def assign_item(
    session: Session, *, item: ActionItem, actor: Actor, owner_ids: Sequence[str], now: datetime
) -> None:
    """Hand an item to new owners."""
    require_change_allowed(item, actor)
    _require_open(item)
    before = item.owner_ids
    store.set_owners(session, item=item, owner_ids=owner_ids)
    _touch(session, item, actor, now, "reassigned", {"from": before, "to": list(owner_ids)})


def request_help(session: Session, *, item: ActionItem, actor: Actor, now: datetime) -> None:
    """Record that an owner asked the channel for help, once."""
    require_change_allowed(item, actor)
    _require_open(item)
    item.help_requested_at = now
    mark_needs_help(session, item=item, now=now, by=actor.user_id)


FOLLOWS_SOURCE = {"created", "source_edited"}  # history of an item nobody has changed by hand


def update_from_source(
    session: Session,
    *,
    item: ActionItem,
    draft: Draft,
    default_owner: str,
    line: str,
    actor_id: str,
    now: datetime,
) -> bool:
    """Follow an edit of the message an item was taken from, unless someone changed the item."""
    kinds = {event.kind for event in store.history(session, item=item)}
    if item.status != Status.OPEN or not kinds <= FOLLOWS_SOURCE:
        return False
    refuse_personal_data(draft.title, what="that change")
    owners = draft.owners or [default_owner]
    before = {"title": item.title, "owners": item.owner_ids, "due": _iso(due_of(item))}
    after = {"title": draft.title, "owners": owners, "due": _iso(draft.due)}
    if before == after:
        return False
    item.title = draft.title
    if owners != item.owner_ids:
        store.set_owners(session, item=item, owner_ids=owners)
    _apply_due(item, draft.due)
    detail: dict[str, object] = {"from": before, "to": after, "line": line}
    _touch(session, item, Actor(actor_id), now, "source_edited", detail)
    return True


def note_source_deleted(
    session: Session, *, item: ActionItem, actor_id: str, now: datetime
) -> None:
    """Note in an item's history that its source message was deleted; the item stays as it is."""
    if all(event.kind != "source_deleted" for event in store.history(session, item=item)):
        store.record_event(session, item=item, kind="source_deleted", actor_id=actor_id, now=now)


def due_of(item: ActionItem) -> Due | None:
    """Return an item's due as a Due, or None."""
    if item.due_at is None:
        return None
    return Due(at=item.due_at, all_day=item.due_all_day, zone=item.due_tz or "UTC")


def start_of(when: Due) -> datetime:
    """Return when a pause ends: the moment given, or the start of the day given."""
    if not when.all_day:
        return when.at
    zone = ZoneInfo(when.zone)
    return datetime.combine(when.local().date(), time(0), tzinfo=zone).astimezone(UTC)


def replan_nudges(item: ActionItem, *, now: datetime) -> None:
    """Ask the nudge engine to work out each owner's next reminder on its next tick."""
    for owner in item.owners:
        owner.next_nudge_at = now if item.status == Status.OPEN else None


def _apply_due(item: ActionItem, due: Due | None) -> None:
    item.due_at = due.at if due else None
    item.due_all_day = due.all_day if due else False
    item.due_tz = due.zone if due else None


def _iso(due: Due | None) -> str | None:
    return due.iso() if due else None


def _touch(
    session: Session,
    item: ActionItem,
    actor: Actor,
    now: datetime,
    kind: str,
    detail: dict[str, object],
) -> None:
    item.updated_at = now
    replan_nudges(item, now=now)
    store.record_event(
        session, item=item, kind=kind, actor_id=actor.user_id, now=now, detail=detail
    )
