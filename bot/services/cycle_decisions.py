"""Act on a studied cycle: Adopt (and maybe scale it out), Adapt (the next cycle), or Abandon.

Adopt with a channel picked starts a linked cycle there (`scaled_from`): the same change idea,
question, prediction, measure and plan, owned by the person who adopted it, running as long as
the first one did from today; its post says where it came from and what was learned. Adapt
answers with the next cycle's form prefilled (its save makes a cycle that `follows` this one).
"""

from __future__ import annotations

import json
from datetime import timedelta

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.ids import ActionId, StudyField
from bot.messages import cycle_study as words
from bot.messages.common import notice
from bot.port import CANNOT_POST, ChatError, ChatPort
from bot.services.cycle_acts import (
    Outcome,
    checked_texts,
    find_cycle,
    number_in,
    refresh_post,
    require_right,
)
from bot.services.directory import person_for, zone_of
from bot.services.goal_forms import FieldProblems
from storage import cycles as store
from storage.models import Cycle, CycleStatus


def save_act(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str,
             values: dict[str, str | None]) -> Outcome:  # fmt: skip
    """Record a decision and its reason; start what follows from it."""
    meta = json.loads(state or "{}")
    status = words.ACT_OF.get(ActionId(meta["d"])) if meta.get("d") in ActionId else None
    if status is None:
        raise InvalidInput("This form is from an older version of Backbone. Nothing was changed.")
    reason = checked_texts(values, (StudyField.REASON,), (StudyField.REASON,))[StudyField.REASON]
    scale_to = (values.get(StudyField.SCALE_TO) or "").strip() or None
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    now = deps.now()
    with deps.transaction() as session:
        cycle = find_cycle(session, team_id=team_id, number=number_in(state))
        require_right(session, cycle, person, doing="decide what to do with it")
        if cycle.status == CycleStatus.DOING:
            raise InvalidInput(words.not_studied_yet(cycle))
        if cycle.status != CycleStatus.STUDIED:
            raise InvalidInput(words.already_decided(cycle))
        if scale_to == cycle.channel_id:
            raise FieldProblems({StudyField.SCALE_TO: f"That's where {cycle.code} ran. Pick "
                                 "another channel, or leave it empty."})  # fmt: skip
        store.decide(session, cycle=cycle, by=user_id, now=now, status=status, reason=reason or "")
        copy = None
        if status == CycleStatus.ADOPTED and scale_to:
            today = now.astimezone(zone_of(person, deps.default_zone)).date()
            copy = store.add_cycle(session, team_id=team_id, created_by=user_id, now=now,
                                   plan=_copy_plan(cycle, scale_to, today, person.tz, user_id))  # fmt: skip
        number, copy_number = cycle.number, copy.number if copy else None
        said = words.decided(cycle) if copy is None else words.scaled(cycle, copy)
    after = [lambda: refresh_post(deps, port, team_id=team_id, number=number)]
    if copy_number is not None:
        after.append(lambda: _announce_copy(deps, port, team_id=team_id, number=copy_number,
                                            user_id=user_id))  # fmt: skip
    then = next_cycle_form(deps, team_id=team_id, number=number) if status == CycleStatus.ADAPTED else None
    return Outcome(notice(*said), after, then)


def _copy_plan(cycle: Cycle, channel: str, today: object, tz: str, owner: str) -> store.CyclePlan:
    assert hasattr(today, "isoformat")
    length = cycle.ends_on - cycle.starts_on
    starts = today  # type: ignore[assignment]
    return store.CyclePlan(
        channel_id=channel, change_idea=cycle.change_idea, question=cycle.question,
        prediction=cycle.prediction, measure=cycle.measure, plan=cycle.plan,
        starts_on=starts, ends_on=starts + max(length, timedelta(days=0)), tz=tz,  # type: ignore[operator]
        owner_ids=[owner], scaled_from_id=cycle.id,
    )  # fmt: skip


def _announce_copy(deps: Deps, port: ChatPort, *, team_id: str, number: int,
                   user_id: str) -> None:  # fmt: skip
    """Post the linked cycle in its channel; tell the person when that channel refuses it."""
    from bot.services.cycle_scaling import announce_cycle

    try:
        announce_cycle(deps, port, team_id=team_id, number=number)
    except ChatError as error:
        if error.kind not in CANNOT_POST:
            raise
        with deps.transaction() as session:
            copy = find_cycle(session, team_id=team_id, number=number)
            source = store.cycles_by_id(session, [copy.scaled_from_id])[copy.scaled_from_id or 0]
            said = words.scaled_unposted(source, copy)
        port.dm(user_id, notice(*said))


def next_cycle_form(deps: Deps, *, team_id: str, number: int) -> object:
    """Return the next cycle's form, prefilled from an adapted one."""
    from bot.services.cycle_scaling import next_form

    return next_form(deps, team_id=team_id, number=number)
