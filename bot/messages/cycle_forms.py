"""The test of change form: a new cycle (`/pdsa`, or the next one of a ramp) and a cycle's edit.
Pure: what is filled in comes as `CycleValues`, the channel's goals as a list."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.ids import CallbackId, CycleField
from bot.messages.parts import (
    ChoiceField,
    DateField,
    Field,
    Form,
    Note,
    Option,
    Paragraph,
    Part,
    PeopleField,
    TextField,
)
from bot.messages.spans import Typed, line, strong
from bot.services.cycles import MAX_IDEA, MAX_TEXT
from storage.models import Goal

NO_GOAL = "none"
PRIVATE = "No client names or details: say what changed, not who."


@dataclass(frozen=True)
class CycleValues:
    """What the form shows filled in; `follows` is the number of the cycle this one follows."""

    change_idea: str = ""
    question: str = ""
    prediction: str = ""
    measure: str = ""
    plan: str = ""
    goal_id: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    owners: tuple[str, ...] = ()
    follows: int | None = None
    follows_idea: str = ""


def goal_field(goals: Sequence[Goal], chosen: int | None) -> ChoiceField | None:
    """Return the goal picker: the channel's goals (none: the field is left out)."""
    if not goals:
        return None
    listed = tuple(Option(f"{g.code} {g.title}"[:75], str(g.number)) for g in goals[:99])
    options = (Option("No goal", NO_GOAL), *listed)
    initial = next((str(g.number) for g in goals if g.id == chosen), NO_GOAL)
    return ChoiceField(CycleField.GOAL, "The goal it serves", options, initial=initial,
                       optional=True)  # fmt: skip


def plan_fields(values: CycleValues) -> list[Field]:
    """Return the Plan's fields, filled in from `values`."""
    return [
        TextField(CycleField.CHANGE_IDEA, "Change idea", initial=values.change_idea,
                  max_length=MAX_IDEA, placeholder="Text clients the day before intake"),
        TextField(CycleField.QUESTION, "What question does it answer?", initial=values.question,
                  multiline=True, max_length=MAX_TEXT,
                  placeholder="Will reminders cut missed intake appointments?"),
        TextField(CycleField.PREDICTION, "What do you predict will happen?",
                  initial=values.prediction, multiline=True, max_length=MAX_TEXT,
                  placeholder="Missed intakes drop from 8 a week to 4",
                  hint="Study compares what happened with this."),
        TextField(CycleField.MEASURE, "How will you measure it?", initial=values.measure,
                  multiline=True, max_length=MAX_TEXT, optional=True,
                  placeholder="Missed intakes each week, from the intake log"),
        TextField(CycleField.PLAN, "Who, what, when, where", initial=values.plan, multiline=True,
                  max_length=MAX_TEXT, optional=True,
                  placeholder="Ana texts Tuesday's clients on Monday afternoons, at Main St"),
        DateField(CycleField.STARTS_ON, "Starts", initial=values.starts_on),
        DateField(CycleField.ENDS_ON, "Ends", initial=values.ends_on,
                  hint="The day after, its owners are asked what happened."),
        PeopleField(CycleField.OWNERS, "Owners", initial=values.owners, optional=True,
                    hint="Nobody picked: you own it."),
    ]  # fmt: skip


TASKS = TextField(
    CycleField.TASKS, "First tasks (optional), one a line", multiline=True, max_length=MAX_TEXT,
    optional=True, placeholder="Write the text message by Friday",
    hint="Each becomes an action item for the owners, with reminders.",
)  # fmt: skip


def new_form(values: CycleValues, goals: Sequence[Goal], *, channel_id: str) -> Form:
    """Return the form that plans a new cycle (the next of a ramp when `values.follows`)."""
    items: list[Part | Field] = []
    if values.follows is not None:
        items.append(Paragraph((line("Next cycle after ", strong(f"T-{values.follows}"), " ",
                                     Typed(values.follows_idea, 150)),)))  # fmt: skip
    picker = goal_field(goals, values.goal_id)
    items += [*([picker] if picker else []), *plan_fields(values)]
    items.append(TASKS)
    items.append(Note(line(PRIVATE)))
    state = json.dumps({"c": channel_id, "f": values.follows})
    return Form(key=CallbackId.CYCLE_NEW, title="Plan a test of change", items=tuple(items),
                submit="Start", state=state)  # fmt: skip


def edit_form(number: int, values: CycleValues, goals: Sequence[Goal]) -> Form:
    """Return the form that changes a cycle's plan."""
    picker = goal_field(goals, values.goal_id)
    items: list[Part | Field] = [*([picker] if picker else []), *plan_fields(values),
                                 Note(line(PRIVATE))]  # fmt: skip
    return Form(key=CallbackId.CYCLE_EDIT, title=f"Edit T-{number}"[:24], items=tuple(items),
                submit="Save", state=json.dumps({"n": number}))  # fmt: skip
