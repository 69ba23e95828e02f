"""A cycle's post in its channel: made when the cycle is saved, updated in place as it changes.

P-D-S-A steps (a task added, a study saved, a decision) call `refresh_cycle_post`; the post is a
convenience, so a platform that refuses an update leaves the cycle as saved.
"""

from __future__ import annotations

import logging
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import update

from bot.deps import Deps
from bot.messages import cycles as words
from bot.port import ChatError, ChatPort, PostRef
from bot.services.cycle_forms import Created
from bot.services.cycles import view_of
from bot.services.homes import refresh_homes
from storage import cycles as store
from storage.models import ActionItem, Cycle

log = logging.getLogger(__name__)


def today_for(cycle: Cycle, deps: Deps) -> date:
    """Return today in the cycle's zone (how its dates are read)."""
    return deps.now().astimezone(ZoneInfo(cycle.tz)).date()


def post_cycle(deps: Deps, port: ChatPort, cycle: Cycle) -> ChatError | None:
    """Post a cycle in its channel and remember where; the platform's refusal, if it refused."""
    with deps.transaction() as session:
        fresh = store.cycle_by_number(session, team_id=cycle.team_id, number=cycle.number)
        assert fresh is not None
        message = words.cycle_card(view_of(session, fresh), today_for(fresh, deps))
    try:
        ref = port.post(cycle.channel_id, message)
    except ChatError as error:
        log.warning("could not post %s: %s", cycle.code, error.reason)
        return error
    with deps.transaction() as session:
        session.execute(
            update(Cycle)
            .where(Cycle.id == cycle.id)
            .values(announce_channel=ref.channel, announce_ts=ref.id)
            .execution_options(synchronize_session=False)
        )
        linked = store.cycles_by_id(session, [cycle.follows_id, cycle.scaled_from_id]).values()
        numbers = [one.number for one in linked]
    for number in numbers:  # a ramp and a scale-out are linked both ways: the other post says so
        refresh_cycle_post(deps, port, team_id=cycle.team_id, number=number)
    return None


def refresh_cycle_post(deps: Deps, port: ChatPort, *, team_id: str, number: int) -> None:
    """Show a cycle's new state in its channel post, if it has one."""
    with deps.transaction() as session:
        cycle = store.cycle_by_number(session, team_id=team_id, number=number)
        if cycle is None or not cycle.announce_channel or not cycle.announce_ts:
            return
        ref = PostRef(cycle.announce_channel, cycle.announce_ts)
        message = words.cycle_card(view_of(session, cycle), today_for(cycle, deps))
        code = cycle.code
    try:
        port.update(ref, message)
    except ChatError as error:
        log.warning("could not update the post of %s: %s", code, error.reason)


def refresh_post_of_task(deps: Deps, port: ChatPort, item: ActionItem) -> None:
    """Show a task's change (done, say) in the post of the cycle it is a task of, if any."""
    if item.cycle_id is None:
        return
    with deps.transaction() as session:
        cycle = store.cycles_by_id(session, [item.cycle_id]).get(item.cycle_id)
        number = cycle.number if cycle is not None else None
    if number is not None:
        refresh_cycle_post(deps, port, team_id=item.team_id, number=number)


def after_new_cycle(deps: Deps, port: ChatPort, created: Created, *, by: str) -> None:
    """Post a new cycle (its ramp shows on both posts); tell its creator if it could not be posted.

    The owners' Homes show its tasks.
    """
    cycle = created.cycle
    if post_cycle(deps, port, cycle) is not None:
        port.dm(by, words.not_posted(cycle))
    if created.tasks:
        people = {by, *(o for t in created.tasks for o in t.owner_ids)}
        refresh_homes(deps, port, team_id=cycle.team_id, user_ids=people)
