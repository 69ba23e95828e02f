"""The test of change form, opened and saved through the port: a new cycle with its first
tasks, the next cycle of a ramp (prefilled), and a cycle's edit.

A form's problems come back by field (`FieldProblems`), so the platform shows each under its
input and keeps what was typed; nothing is half-saved.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.errors import UserFacingError
from bot.ids import CycleField
from bot.messages import cycle_forms as form_words
from bot.messages.cycle_forms import NO_GOAL, CycleValues
from bot.messages.parts import Form
from bot.port import ChatPort
from bot.services import cycles as service
from bot.services.actions import create_item
from bot.services.directory import as_actor, check_owners, person_for, zone_of
from bot.services.goal_forms import FieldProblems
from bot.text import Draft, read_action_text, to_mrkdwn
from storage import cycles as store
from storage import goals as goal_store
from storage.cycles import CyclePlan, study_time
from storage.models import ActionItem, Cycle, CycleStatus

Values = dict[str, str | None]
BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)]|\[\s?\])\s*")
NEEDED = {
    CycleField.CHANGE_IDEA: "Say the change you will try, in a few words.",
    CycleField.QUESTION: "Say what you want to learn from it.",
    CycleField.PREDICTION: "Say what you think will happen: Study compares it with the result.",
}
LIMITS = {CycleField.CHANGE_IDEA: service.MAX_IDEA, CycleField.QUESTION: service.MAX_TEXT,
          CycleField.PREDICTION: service.MAX_TEXT, CycleField.MEASURE: service.MAX_TEXT,
          CycleField.PLAN: service.MAX_TEXT}  # fmt: skip


def cycle_form_values(prefill_from: Cycle | None) -> CycleValues:
    """Return what the form shows: empty, or the next cycle after `prefill_from` (Adapt).

    The next cycle follows it, serves the same goal with the same owners and measure; its
    change idea starts from the last one; its dates are left for the owners to pick.
    """
    if prefill_from is None:
        return CycleValues()
    idea = prefill_from.change_idea.removesuffix(" (next cycle)")
    return CycleValues(
        change_idea=f"{idea[: service.MAX_IDEA - 13]} (next cycle)",
        measure=prefill_from.measure or "", goal_id=prefill_from.goal_id,
        owners=tuple(prefill_from.owner_ids), follows=prefill_from.number,
        follows_idea=prefill_from.change_idea,
    )  # fmt: skip


def new_cycle_form(
    deps: Deps, *, team_id: str, channel_id: str, today: date, change_idea: str = "",
    prefill_from: Cycle | None = None,
) -> Form:  # fmt: skip
    """Return the form that plans a cycle in a channel (the next of a ramp with `prefill_from`)."""
    values = cycle_form_values(prefill_from)
    if prefill_from is None:
        values = CycleValues(change_idea=change_idea[: service.MAX_IDEA], starts_on=today)
    else:
        channel_id = prefill_from.channel_id
    with deps.transaction() as session:
        goals = goal_store.channel_goals(session, team_id=team_id, channel_id=channel_id)
    return form_words.new_form(values, goals, channel_id=channel_id)


def edit_cycle_form(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int) -> Form:
    """Return a cycle's edit form, when the person may change it (NotAllowed otherwise)."""
    actor = person_for(deps, port, team_id=team_id, user_id=user_id)
    with deps.transaction() as session:
        cycle = service.find_cycle(session, team_id=team_id, number=number)
        service.require_change(session, cycle, as_actor(actor), doing="change it")
        goals = goal_store.channel_goals(session, team_id=team_id, channel_id=cycle.channel_id)
    values = CycleValues(
        change_idea=cycle.change_idea, question=cycle.question, prediction=cycle.prediction,
        measure=cycle.measure or "", plan=cycle.plan or "", goal_id=cycle.goal_id,
        starts_on=cycle.starts_on, ends_on=cycle.ends_on, owners=tuple(cycle.owner_ids),
    )  # fmt: skip
    return form_words.edit_form(number, values, goals)


@dataclass(frozen=True)
class Created:
    """A new cycle and the tasks made with it."""

    cycle: Cycle
    tasks: tuple[ActionItem, ...]


def save_new_cycle(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str, values: Values,
    owners: list[str],
) -> Created:  # fmt: skip
    """Save the new cycle form, with its first tasks; FieldProblems names every field to fix."""
    meta = json.loads(state)
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    zone, now = zone_of(person, deps.default_zone), deps.now()
    problems = _text_problems(values) | _owner_problems(deps, port, team_id, owners)
    starts, ends, dated = _dates(values, today=now.astimezone(zone).date())
    drafts, tasked = _tasks(values.get(CycleField.TASKS), now=now, zone=zone)
    if problems | dated | tasked:
        raise FieldProblems(problems | dated | tasked)
    assert starts is not None and ends is not None
    with deps.transaction() as session:
        follows = (store.cycle_by_number(session, team_id=team_id, number=int(meta["f"]))
                   if meta.get("f") else None)  # fmt: skip
        plan = _plan(values, channel_id=str(meta["c"]), dates=(starts, ends), tz=zone.key,
                     owners=owners or [user_id],
                     goal_id=_goal(session, team_id, str(meta["c"]), values),
                     follows_id=follows.id if follows else None)  # fmt: skip
        cycle = service.create_cycle(session, team_id=team_id, plan=plan, created_by=user_id,
                                     now=now)  # fmt: skip
        tasks = tuple(_make_task(session, cycle, d, user_id, now) for d in drafts)
    return Created(cycle, tasks)


def _plan(
    values: Values, *, channel_id: str, dates: tuple[date, date], tz: str, owners: list[str],
    goal_id: int | None, follows_id: int | None,
) -> CyclePlan:  # fmt: skip
    """Return the Plan a form's fields say."""
    return CyclePlan(
        channel_id=channel_id, change_idea=_said(values, CycleField.CHANGE_IDEA),
        question=_said(values, CycleField.QUESTION),
        prediction=_said(values, CycleField.PREDICTION),
        measure=_said(values, CycleField.MEASURE) or None,
        plan=_said(values, CycleField.PLAN) or None, starts_on=dates[0], ends_on=dates[1], tz=tz,
        owner_ids=owners, goal_id=goal_id, follows_id=follows_id,
    )  # fmt: skip


def _make_task(session: Session, cycle: Cycle, draft: Draft, by: str, now: datetime) -> ActionItem:
    owned = Draft(owners=draft.owners or cycle.owner_ids, title=draft.title, due=draft.due)
    item = create_item(session, team_id=cycle.team_id, creator_id=by,
                       channel_id=cycle.channel_id, draft=owned, now=now)  # fmt: skip
    item.cycle_id = cycle.id
    return item


def save_cycle_edit(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str, values: Values,
    owners: list[str],
) -> Cycle:  # fmt: skip
    """Save a cycle's edit form; rights are checked again (someone may have lost them since)."""
    number = int(json.loads(state)["n"])
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    problems = _text_problems(values) | _owner_problems(deps, port, team_id, owners)
    starts, ends, dated = _dates(values, today=None)
    if problems | dated:
        raise FieldProblems(problems | dated)
    assert starts is not None and ends is not None
    with deps.transaction() as session:
        cycle = service.find_cycle(session, team_id=team_id, number=number)
        service.require_change(session, cycle, as_actor(person), doing="change it")
        plan = _plan(values, channel_id=cycle.channel_id, dates=(starts, ends), tz=cycle.tz,
                     owners=owners or cycle.owner_ids,
                     goal_id=_goal(session, team_id, cycle.channel_id, values),
                     follows_id=cycle.follows_id)  # fmt: skip
        _apply(session, cycle, plan, now=deps.now())
    return cycle


def _apply(session: Session, cycle: Cycle, plan: CyclePlan, *, now: datetime) -> None:
    """Change a cycle's Plan; one not studied yet is due for Study after its new end."""
    cycle.goal_id, cycle.change_idea, cycle.question = plan.goal_id, plan.change_idea, plan.question
    cycle.prediction, cycle.measure, cycle.plan = plan.prediction, plan.measure, plan.plan
    cycle.starts_on, cycle.ends_on, cycle.updated_at = plan.starts_on, plan.ends_on, now
    if cycle.status == CycleStatus.DOING:
        cycle.next_study_at = study_time(plan.ends_on, cycle.tz)
    if list(plan.owner_ids) != cycle.owner_ids:
        store.set_cycle_owners(session, cycle=cycle, owner_ids=plan.owner_ids)


def _said(values: Values, key: str) -> str:
    return (values.get(key) or "").strip()


def _text_problems(values: Values) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, limit in LIMITS.items():
        problem = service.text_problem(values.get(key), limit=limit, needed=NEEDED.get(key))
        if problem:
            found[key] = problem[:150]
    return found


def _owner_problems(deps: Deps, port: ChatPort, team_id: str, owners: list[str]) -> dict[str, str]:
    try:
        check_owners(deps, port, team_id=team_id, user_ids=owners)
    except UserFacingError as error:
        return {CycleField.OWNERS: error.message.replace("an item", "a test of change")[:150]}
    return {}


def _dates(
    values: Values, *, today: date | None
) -> tuple[date | None, date | None, dict[str, str]]:
    starts, ends = _day(values.get(CycleField.STARTS_ON)), _day(values.get(CycleField.ENDS_ON))
    problem = service.dates_problem(starts, ends, today=today)
    if problem is None:
        return starts, ends, {}
    key = CycleField.STARTS_ON if starts is None else CycleField.ENDS_ON
    return starts, ends, {key: problem}


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:10]) if text else None
    except ValueError:
        return None


def _goal(session: Session, team_id: str, channel_id: str, values: Values) -> int | None:
    chosen = values.get(CycleField.GOAL) or NO_GOAL
    if chosen == NO_GOAL or not chosen.isdigit():
        return None
    try:
        goal = service.goal_of(session, team_id=team_id, channel_id=channel_id,
                               number=int(chosen))  # fmt: skip
    except UserFacingError as error:
        raise FieldProblems({CycleField.GOAL: error.message[:150]}) from None
    return goal.id if goal else None


def _tasks(
    text: str | None, *, now: datetime, zone: ZoneInfo
) -> tuple[list[Draft], dict[str, str]]:
    """Read the first tasks, one a line (bullets and numbers off); the first problem, by field."""
    lines = [BULLET.sub("", one).strip() for one in (text or "").splitlines()]
    lines = [one for one in lines if one]
    if len(lines) > service.MAX_TASKS:
        return [], {CycleField.TASKS: f"Up to {service.MAX_TASKS} tasks here; add more later "
                    "with /action … for the cycle's code."}  # fmt: skip
    drafts: list[Draft] = []
    for one in lines:
        problem = service.text_problem(one, limit=service.MAX_IDEA)
        try:
            drafts.append(read_action_text(to_mrkdwn(one), now=now, zone=zone))
        except UserFacingError as error:
            problem = problem or error.message
        if problem:
            return [], {CycleField.TASKS: f"“{one[:40]}”: {problem}"[:150]}
    return drafts, {}
