"""Act on a studied cycle: Adopt (and maybe scale it out), Adapt (the next cycle), or Abandon.

Adopt with a channel picked starts a linked cycle there (`scaled_from`): the same change idea,
question, prediction, measure and plan, owned by the person who adopted it, running as long as
the first one did from today; its post says where it came from and what was learned. Adapt
answers with the next cycle's form prefilled (its save makes a cycle that `follows` this one).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.ids import StudyField
from bot.messages import cycle_study as words
from bot.messages.common import notice
from bot.messages.parts import Message
from bot.port import ChatError, ChatPort
from bot.services.cycle_acts import (
    After,
    Outcome,
    checked_texts,
    find_cycle,
    number_in,
    open_to_act,
    refresh_post,
    require_right,
)
from bot.services.cycle_forms import new_cycle_form
from bot.services.cycle_posts import post_cycle
from bot.services.directory import person_for, zone_of
from bot.services.goal_forms import FieldProblems
from storage import cycles as store
from storage.models import Cycle, CycleStatus, Person


def save_act(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str,
             values: dict[str, str | None]) -> Outcome:  # fmt: skip
    """Record a decision and its reason; start what follows from it."""
    status = words.ACT_OF.get(str(json.loads(state or "{}").get("d")))
    if status is None:
        raise InvalidInput("This form is from an older version of Backbone. Nothing was changed.")
    reason = checked_texts(values, (StudyField.REASON,), (StudyField.REASON,))[StudyField.REASON]
    scale_to = (values.get(StudyField.SCALE_TO) or "").strip() or None
    if scale_to is not None and status == CycleStatus.ADOPTED:
        unreachable = reach_problem(port, scale_to)
        if unreachable:
            raise FieldProblems({StudyField.SCALE_TO: unreachable})
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    now = deps.now()
    with deps.transaction() as session:
        cycle = find_cycle(session, team_id=team_id, number=number_in(state))
        require_right(session, cycle, person, doing="decide what to do with it")
        open_to_act(cycle)
        if scale_to == cycle.channel_id:
            raise FieldProblems({StudyField.SCALE_TO: f"That's where {cycle.code} ran. Pick "
                                 "another channel, or leave it empty."})  # fmt: skip
        store.decide(session, cycle=cycle, by=user_id, now=now, status=status, reason=reason or "")
        copy = None
        if status == CycleStatus.ADOPTED and scale_to:
            today = now.astimezone(zone_of(person, deps.default_zone)).date()
            copy = store.add_cycle(session, team_id=team_id, created_by=user_id, now=now,
                                   plan=copy_plan(cycle, scale_to, today, person))  # fmt: skip
        said = words.decided(cycle) if copy is None else words.scaled(cycle, copy)
    number = cycle.number
    after: list[After] = [lambda: refresh_post(deps, port, team_id=team_id, number=number)]
    if copy is not None:  # its post refreshes the source's
        after = [lambda: announce_copy(deps, port, cycle, copy)]
    then = None
    if status == CycleStatus.ADAPTED:
        today = now.astimezone(zone_of(person, deps.default_zone)).date()
        then = new_cycle_form(deps, team_id=team_id, channel_id=cycle.channel_id, today=today,
                              prefill_from=cycle)  # fmt: skip
    return Outcome(notice(*said), after, then)


def reach_problem(port: ChatPort, channel: str) -> str | None:
    """Say why a linked cycle could not be posted in a channel, or None when it can be."""
    cannot = "I can't post in that channel. Add Backbone to it, then pick it again."
    try:
        found = port.channel(channel)
    except ChatError as error:
        if error.kind in ("no_channel", "cannot_post", "refused"):
            return cannot
        raise
    if found.direct:
        return "Pick a channel, not a direct message."
    if found.archived:
        return "That channel is archived. Pick another one."
    return cannot if found.private and not found.member else None


def copy_plan(cycle: Cycle, channel: str, today: date, person: Person) -> store.CyclePlan:
    """Return the plan of a linked cycle in another channel: from today, as long as the first."""
    return store.CyclePlan(
        channel_id=channel, change_idea=cycle.change_idea, question=cycle.question,
        prediction=cycle.prediction, measure=cycle.measure, plan=cycle.plan,
        starts_on=today, ends_on=today + max(cycle.ends_on - cycle.starts_on, timedelta(0)),
        tz=person.tz, owner_ids=[person.user_id], scaled_from_id=cycle.id,
    )  # fmt: skip


def announce_copy(deps: Deps, port: ChatPort, source: Cycle, copy: Cycle) -> Message | None:
    """Post the linked cycle in its channel (the source's post follows); say so if refused."""
    if post_cycle(deps, port, copy) is None:
        return None
    refresh_post(deps, port, team_id=source.team_id, number=source.number)
    return notice(*words.scaled_unposted(source, copy))
