"""`/action list …` and `/action coordinators …`: what people see of items, and who sees all.

Neutral: a platform's listener passes an `Asked` (bot.services.action_commands); every answer
here goes to the person alone.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

from bot.errors import NotAllowed
from bot.messages import commands as said
from bot.messages.common import notice
from bot.messages.items import LIST_LIMIT, item_list
from bot.messages.parts import Message
from bot.messages.spans import Line, Words, joined
from bot.services.actions import Actor
from bot.services.asked import Asked
from bot.services.directory import actor_for, check_owners
from bot.text import Coordinators, ListItems
from storage import coordinators as named
from storage import lists
from storage.lists import Shown
from storage.models import ActionItem


def list_items(call: Asked, listing: ListItems) -> None:
    """Show a list of open items, to the invoker alone."""
    now = call.deps.now()
    if listing.scope == "overdue_all" and not is_coordinator(call, _actor(call)):
        reply(call, said.not_a_coordinator())
        return
    heading, empty, shown = _listing(call, listing)
    counted = (*heading, Words(f" ({shown.total})"))
    reply(call, item_list(counted, shown.items, now=now, empty=empty, total=shown.total))


def reply(call: Asked, message: Message) -> None:
    """Answer the person who typed the command, to them alone."""
    call.tell(message)


def _listing(call: Asked, listing: ListItems) -> tuple[Line, Line, Shown]:
    """Return a list's heading, what it says when empty, and its first items."""
    channel = listing.channel_id or call.channel_id
    user = listing.user_id or call.user_id
    shown = None if channel == call.channel_id else channel
    heading, empty = said.list_words(listing.scope, channel=shown, user=user)
    where, owner = _where(call, listing.scope, channel=channel, user=user)
    with call.deps.transaction() as session:
        items = lists.first_open(
            session, team_id=call.team_id, where=where, owner=owner, limit=LIST_LIMIT
        )
    return heading, empty, items


Where = tuple[list[ColumnElement[bool]], str | None]


def _where(call: Asked, scope: str, *, channel: str, user: str) -> Where:
    """Say which open items a list shows, and whose they are."""
    now = call.deps.now()
    match scope:
        case "mine":
            return [], call.user_id
        case "channel":
            return [ActionItem.channel_id == channel], None
        case "overdue":
            return [ActionItem.channel_id == channel, ActionItem.due_at < now], None
        case "overdue_all":
            return [ActionItem.due_at < now], None
    return _visible_items_of(call, user)


def _visible_items_of(call: Asked, user_id: str) -> Where:
    """Another person's items, limited to what the asker could see anyway.

    Items live in channels, some private: show those of this channel and those the asker is part
    of; workspace admins see all.
    """
    if user_id == call.user_id or _actor(call).is_admin:
        return [], user_id
    return [lists.visible_to(call.user_id, channel_id=call.channel_id)], user_id


def _actor(call: Asked) -> Actor:
    return actor_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)


def is_coordinator(call: Asked, actor: Actor) -> bool:
    """Tell whether someone may see every channel's overdue items: an admin, or one named."""
    if actor.is_admin:
        return True
    with call.deps.transaction() as session:
        return named.is_coordinator(session, team_id=call.team_id, user_id=actor.user_id)


def manage_coordinators(call: Asked, command: Coordinators) -> None:
    """List, add or remove the workspace's named coordinators."""
    if command.op != "list":
        if not is_coordinator(call, _actor(call)):
            raise NotAllowed(said.ONLY_COORDINATORS_NAME)
        if command.op == "add":
            check_owners(call.deps, call.port, team_id=call.team_id, user_ids=command.user_ids)
        reply(call, notice(*_change_coordinators(call, command)))
        return
    with call.deps.transaction() as session:
        ids = named.coordinator_ids(session, team_id=call.team_id)
    reply(call, said.coordinator_list(ids))


def _change_coordinators(call: Asked, command: Coordinators) -> Line:
    """Add or remove each person named; say what happened to each."""
    now, lines = call.deps.now(), []
    with call.deps.transaction() as session:
        for user_id in command.user_ids:
            if command.op == "add":
                added = named.add_coordinator(
                    session, team_id=call.team_id, user_id=user_id, added_by=call.user_id, now=now
                )
                lines.append(said.coordinator_added(user_id, added=added))
            else:
                removed = named.remove_coordinator(session, team_id=call.team_id, user_id=user_id)
                lines.append(said.coordinator_removed(user_id, removed=removed))
    return joined(lines, "\n")
