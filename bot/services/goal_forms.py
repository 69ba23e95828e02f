"""The goal forms, read and saved through the port: the check-in's value and note, the edit.

A form's problems come back by field (`FieldProblems`), so the platform shows each under its
input and keeps what was typed; nothing is half-saved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from bot.deps import Deps
from bot.errors import InvalidInput, UserFacingError
from bot.goal_periods import Period, from_key
from bot.goal_phrases import typed_number
from bot.ids import CallbackId, GoalField
from bot.messages import forms
from bot.messages import goal_forms as form_words
from bot.messages import goals as words
from bot.messages.goal_privacy import short_refusal
from bot.messages.parts import Form, Message
from bot.port import ChatPort
from bot.privacy import personal_data
from bot.services import goals as service
from bot.services.actions import Actor
from bot.services.directory import check_owners, person_for, zone_of
from bot.services.goal_checkins import replan
from storage import goals as store
from storage.models import Goal


class FieldProblems(Exception):
    """What is wrong with a submitted form, by field key."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Opened:
    """What a check-in button opens: the goal and the period it asks about."""

    goal: Goal
    period: Period


def opened(deps: Deps, *, team_id: str, value: str) -> Opened:
    """Read a button's value "<number>:<period>" into its goal and period."""
    number, _, key = value.partition(":")
    with deps.transaction() as session:
        goal = service.find_goal(session, team_id=team_id, number=int(number))
    return Opened(goal, from_key(key, goal.cadence, anchor=service.anchor_of(goal)))


def report_form_for(deps: Deps, *, team_id: str, value: str, today: date) -> Form:
    """Return the check-in form a button opens."""
    found = opened(deps, team_id=team_id, value=value)
    return form_words.report_form(found.goal, found.period, today)


def read_number(typed: str | None, field: str, *, optional: bool = False) -> float | None:
    """Read a typed number, or raise FieldProblems under its field."""
    said = (typed or "").strip()
    if not said:
        if optional:
            return None
        raise FieldProblems({field: "Type a number, like 62."})
    found = typed_number(said)
    if found is None:
        raise FieldProblems({field: f"“{said[:60]}” isn't a number. Type one, like 62."})
    return found


def save_report(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str, value: str | None,
    note: str | None,
) -> Message:  # fmt: skip
    """Save a check-in form; return the confirmation for its owner."""
    meta = json.loads(state)
    number = read_number(value, GoalField.VALUE)
    assert number is not None
    note = (note or "").strip() or None
    found = personal_data(note) if note else None
    if found is not None:  # said short, under the field: the long form is for the command
        raise FieldProblems({GoalField.NOTE: short_refusal(found)})
    try:
        service.check_note(note)
    except InvalidInput as error:
        raise FieldProblems({GoalField.NOTE: error.message[:150]}) from None
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    today = deps.now().astimezone(zone_of(person, deps.default_zone)).date()
    with deps.transaction() as session:
        goal = service.find_goal(session, team_id=team_id, number=int(meta["n"]))
        period = from_key(meta["p"], goal.cadence, anchor=service.anchor_of(goal))
        try:
            done = service.report_for(session, goal=goal, value=number, period=period,
                                      note=note, by=user_id, now=deps.now())  # fmt: skip
        except InvalidInput as error:
            raise FieldProblems({GoalField.VALUE: error.message[:150]}) from None
        threshold = store.small_count(session, team_id=team_id)
    return words.reported(done, threshold, today)


def item_form_from_note(deps: Deps, *, team_id: str, user_id: str, value: str) -> Form:
    """Return the item form, prefilled from a value's note, to be posted in the goal's channel."""
    found = opened(deps, team_id=team_id, value=value)
    with deps.transaction() as session:
        saved = store.value_for(session, goal_id=found.goal.id, period=found.period.key)
    note = (saved.note if saved else None) or f"put {found.goal.title} to use"
    form = forms.ItemForm(
        callback_id=CallbackId.ITEM_NEW, heading="Make action item", submit="Save",
        metadata=json.dumps({"c": found.goal.channel_id}),
        title=f"{found.goal.code}: {note}"[:200], owners=[user_id],
    )  # fmt: skip
    return forms.item_form(form)


def save_edit(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str,
    values: dict[str, str | None],
) -> Message:  # fmt: skip
    """Save the edit form; return the confirmation."""
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    owner = values.get(GoalField.OWNER)
    if owner:
        try:
            check_owners(deps, port, team_id=team_id, user_ids=[owner])
        except UserFacingError as error:
            raise FieldProblems({GoalField.OWNER: error.message[:150]}) from None
    keys = (GoalField.BASELINE, GoalField.TARGET, GoalField.BASELINE_POINTS)
    numbers: dict[str, float | None] = {
        key: read_number(values.get(key), key, optional=True) for key in keys
    }
    title = (values.get(GoalField.TITLE) or "").strip()
    if not title:
        raise FieldProblems({GoalField.TITLE: "Say what the goal measures."})
    with deps.transaction() as session:
        goal = service.find_goal(session, team_id=team_id, number=int(json.loads(state)["n"]))
        service.require_change(goal, Actor(user_id, person.is_admin), doing="change it")
        _apply(goal, values, numbers, title)
        replan(goal, now=deps.now())
        threshold = store.small_count(session, team_id=team_id)
    return words.edited(goal, threshold)


def _apply(goal: Goal, values: dict[str, str | None], numbers: dict[str, float | None],
           title: str) -> None:  # fmt: skip
    points = numbers[GoalField.BASELINE_POINTS]
    if points is not None and (points < 1 or not points.is_integer()):
        raise FieldProblems({GoalField.BASELINE_POINTS: "A whole number of values, like 6."})
    day = values.get(GoalField.TARGET_DATE)
    if day and numbers[GoalField.TARGET] is None:
        raise FieldProblems({GoalField.TARGET: "A target date needs a target."})
    goal.title = title
    goal.higher_is_better = values.get(GoalField.DIRECTION) == "higher"
    goal.baseline, goal.target = numbers[GoalField.BASELINE], numbers[GoalField.TARGET]
    goal.target_date = date.fromisoformat(day) if day else None
    goal.owner_id = values.get(GoalField.OWNER) or goal.owner_id
    cadence = values.get(GoalField.CADENCE) or goal.cadence
    if cadence != goal.cadence:
        goal.cadence, goal.cadence_day = cadence, None
    goal.method = "anhoj" if values.get(GoalField.METHOD) == "anhoj" else "ihi"
    goal.baseline_points = int(points) if points is not None else None
