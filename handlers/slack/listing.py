"""`/action list …` and `/action coordinators …`: what people see of items, and who sees all."""

from __future__ import annotations

from collections.abc import Sequence

from bot.errors import NotAllowed
from bot.services.actions import Actor
from bot.services.directory import actor_for, check_owners
from bot.slack import blocks, blocks_commands
from bot.text import Coordinators, ListItems
from handlers.slack.common import SlashCall
from storage import actions as store
from storage import coordinators as named
from storage.models import ActionItem


def list_items(call: SlashCall, listing: ListItems) -> None:
    """Show a list of open items, to the invoker alone."""
    now = call.deps.now()
    if listing.scope == "overdue_all" and not is_coordinator(call, _actor(call)):
        call.respond(**blocks.notice(blocks_commands.NOT_A_COORDINATOR))
        return
    heading, empty, items = _listing(call, listing)
    call.respond(**blocks.item_list(f"{heading} ({len(items)})", items, now=now, empty=empty))


def _listing(call: SlashCall, listing: ListItems) -> tuple[str, str, Sequence[ActionItem]]:
    """Return a list's heading, what it says when empty, and its items."""
    now, team = call.deps.now(), call.team_id
    channel = listing.channel_id or call.channel_id
    where = "this channel" if channel == call.channel_id else f"<#{channel}>"
    with call.deps.transaction() as session:
        match listing.scope:
            case "mine":
                items = store.open_items_owned_by(session, team_id=team, user_id=call.user_id)
                return "Your open items", "You have no open items. Nice work!", items
            case "channel":
                items = store.open_items_in_channel(session, team_id=team, channel_id=channel)
                whole = "This channel" if where == "this channel" else where
                return f"Open items in {where}", f"{whole} has no open items.", items
            case "overdue":
                items = store.overdue_items_in_channel(
                    session, team_id=team, channel_id=channel, now=now
                )
                return f"Overdue items in {where}", "Nothing here is overdue. 🎉", items
            case "overdue_all":
                items = store.overdue_items(session, team_id=team, now=now)
                return "Overdue items in every channel", "Nothing is overdue anywhere. 🎉", items
    user = listing.user_id or call.user_id
    return (
        f"Open items of <@{user}> that you can see",
        f"<@{user}> has no open items that you can see.",
        _visible_items_of(call, user),
    )


def _visible_items_of(call: SlashCall, user_id: str) -> list[ActionItem]:
    """Another person's items, limited to what the asker could see anyway.

    Items live in channels, some private: show those of this channel and those the asker is part
    of; workspace admins see all.
    """
    actor = _actor(call)
    with call.deps.transaction() as session:
        items = store.open_items_owned_by(session, team_id=call.team_id, user_id=user_id)
    if actor.is_admin or user_id == call.user_id:
        return items
    return [
        item
        for item in items
        if item.channel_id == call.channel_id
        or item.creator_id == call.user_id
        or call.user_id in item.owner_ids
    ]


def _actor(call: SlashCall) -> Actor:
    return actor_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)


def is_coordinator(call: SlashCall, actor: Actor) -> bool:
    """Tell whether someone may see every channel's overdue items: an admin, or one named."""
    if actor.is_admin:
        return True
    with call.deps.transaction() as session:
        return named.is_coordinator(session, team_id=call.team_id, user_id=actor.user_id)


def manage_coordinators(call: SlashCall, command: Coordinators) -> None:
    """List, add or remove the workspace's named coordinators."""
    if command.op != "list":
        if not is_coordinator(call, _actor(call)):
            raise NotAllowed(blocks_commands.ONLY_COORDINATORS_NAME)
        if command.op == "add":
            check_owners(call.deps, call.port, team_id=call.team_id, user_ids=command.user_ids)
        said = _change_coordinators(call, command)
        call.respond(**blocks.notice(said))
        return
    with call.deps.transaction() as session:
        ids = named.coordinator_ids(session, team_id=call.team_id)
    call.respond(**blocks_commands.coordinator_list(ids))


def _change_coordinators(call: SlashCall, command: Coordinators) -> str:
    """Add or remove each person named; say what happened to each."""
    now, lines = call.deps.now(), []
    with call.deps.transaction() as session:
        for user_id in command.user_ids:
            if command.op == "add":
                added = named.add_coordinator(
                    session, team_id=call.team_id, user_id=user_id, added_by=call.user_id, now=now
                )
                lines.append(
                    f"<@{user_id}> is now a coordinator: they can use `/action list overdue all`."
                    if added
                    else f"<@{user_id}> is already a coordinator."
                )
            else:
                removed = named.remove_coordinator(session, team_id=call.team_id, user_id=user_id)
                lines.append(
                    f"<@{user_id}> is no longer a named coordinator."
                    if removed
                    else f"<@{user_id}> was not a named coordinator, so nothing changed."
                )
    return "\n".join(lines)
