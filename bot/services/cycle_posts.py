"""A cycle's channel post, as Study and Act change it: updated in place, or posted for a copy.

A studied cycle's post carries the Adopt / Adapt / Abandon buttons; a cycle started from
another (`scaled_from`) says where it came from and what was learned there.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.messages import cycle_study as words
from bot.messages.parts import Form, Message
from bot.port import CANNOT_POST, ChatError, ChatPort, PostRef
from storage import cycles as store
from storage.models import Cycle

log = logging.getLogger(__name__)


def card(session: Session, cycle: Cycle) -> Message:
    """Return a cycle's post as it reads now."""
    source = None
    if cycle.scaled_from_id is not None:
        source = store.cycles_by_id(session, [cycle.scaled_from_id]).get(cycle.scaled_from_id)
    return words.cycle_post(cycle, source)


def refresh_announcement(deps: Deps, port: ChatPort, *, team_id: str, number: int) -> None:
    """Update a cycle's channel post in place; a post gone or out of reach is left as it is."""
    with deps.transaction() as session:
        cycle = store.cycle_by_number(session, team_id=team_id, number=number)
        if cycle is None or not (cycle.announce_channel and cycle.announce_ts):
            return
        ref, message = PostRef(cycle.announce_channel, cycle.announce_ts), card(session, cycle)
    try:
        port.update(ref, message)
    except ChatError as error:
        if error.kind not in (*CANNOT_POST, "no_message"):
            raise
        log.info("a cycle's post could not be updated: %s", error.reason)


def announce_cycle(deps: Deps, port: ChatPort, *, team_id: str, number: int) -> None:
    """Post a cycle in its channel and remember where, so later changes update it."""
    with deps.transaction() as session:
        cycle = store.cycle_by_number(session, team_id=team_id, number=number)
        if cycle is None:
            return
        channel, message = cycle.channel_id, card(session, cycle)
    ref = port.post(channel, message)
    with deps.transaction() as session:
        cycle = store.cycle_by_number(session, team_id=team_id, number=number)
        if cycle is not None:
            cycle.announce_channel, cycle.announce_ts = ref.channel, ref.id


def next_form(session: Session, cycle: Cycle) -> Form | None:
    """Return the form of the cycle that follows an adapted one, prefilled from it."""
    return None
