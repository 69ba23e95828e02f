"""The once-only notes to creators: an item needs help, or lost its owner.

Each tick finds the flagged items whose creators were not told yet (a partial index holds just
those), claims each note in one UPDATE per kind (the once-only timestamp: another run that
claimed it first sends it instead), then sends the notes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.deps import Deps
from bot.port import ChatError, Ports
from storage import nudges as ledger
from storage.models import ActionItem

if TYPE_CHECKING:
    from bot.messages.parts import Message

log = logging.getLogger(__name__)


def tell_creators(deps: Deps, ports: Ports) -> int:
    """Tell creators, once each, about items that need help or a new owner; return how many."""
    with deps.transaction() as session:
        items = ledger.items_to_tell_creators(session)
        # Only a lost owner's note names who left: one read for all of them.
        lost = [item for item in items if _lost_owner(item)]
        people = ledger.people_by_key(session, ((i.team_id, u) for i in lost for u in i.owner_ids))
    # A workspace that removed Backbone is told when it installs it again: not claimed now.
    reachable = [item for item in items if ports.for_team(item.team_id) is not None]
    with deps.transaction() as session:
        won = {column: ledger.claim_once_each(session, column=column, now=deps.now(),
                                              item_ids=[i.id for i in reachable
                                                        if _column(i) == column])
               for column in ("owner_flagged_at", "escalated_at")}  # fmt: skip
    told = 0
    for item in reachable:
        if item.id not in won[_column(item)]:
            continue  # another run is telling them
        gone = [u for u in item.owner_ids if (p := people.get((item.team_id, u))) and p.deactivated]
        told += _tell_creator(ports, item, gone)
    return told


def _lost_owner(item: ActionItem) -> bool:
    return item.needs_owner and item.owner_flagged_at is None


def _column(item: ActionItem) -> str:
    return "owner_flagged_at" if _lost_owner(item) else "escalated_at"


def _tell_creator(ports: Ports, item: ActionItem, gone: list[str]) -> int:
    lost_owner = _lost_owner(item)
    if not lost_owner and item.creator_id in item.owner_ids:
        return 0  # they asked it of themselves and have had the reminders
    port = ports.for_team(item.team_id)
    if port is None:
        return 0
    try:
        port.dm(item.creator_id, _creator_note(item, gone, lost_owner=lost_owner))
    except ChatError as error:
        log.warning("could not tell the creator of %s: %s", item.code, error.reason)
        return 0
    return 1


def _creator_note(item: ActionItem, gone: list[str], *, lost_owner: bool) -> Message:
    from bot.messages import reminders as words  # loaded at the first note: most ticks send none

    if lost_owner:
        return words.owner_left(item, gone)
    if item.help_requested_at is not None:
        return words.help_asked(item)
    return words.escalation(item)
