"""The goal forms: the check-in's value and note, and the goal's edit form. Pure."""

from __future__ import annotations

import json
from datetime import date

from bot.goal_periods import Period
from bot.ids import CallbackId, GoalField
from bot.messages.parts import (
    ChoiceField,
    DateField,
    Form,
    Option,
    Paragraph,
    PeopleField,
    TextField,
)
from bot.messages.spans import Typed, line, strong
from storage.models import Goal


def report_form(goal: Goal, period: Period, today: date) -> Form:
    """Return the check-in form: the value, and an optional note."""
    state = json.dumps({"n": goal.number, "p": period.key})
    return Form(
        key=CallbackId.GOAL_REPORT, title=f"{goal.code} · {period.label(today)}"[:24],
        items=(
            Paragraph((line(strong(goal.code), " ", Typed(goal.title, 200)),)),
            TextField(GoalField.VALUE, f"Value for {period.label(today)}"[:150], max_length=20,
                      placeholder="A number, like 62"),
            TextField(GoalField.NOTE, "Note (optional)", multiline=True, max_length=1000,
                      optional=True, hint="What helped or got in the way. No names or client "
                      "details: numbers only."),
        ),
        submit="Save", state=state,
    )  # fmt: skip


DIRECTIONS = (Option("Lower is better", "lower"), Option("Higher is better", "higher"))
CADENCES = (Option("Weekly", "weekly"), Option("Every 2 weeks", "biweekly"),
            Option("Monthly", "monthly"))  # fmt: skip
METHODS = (Option("Run chart rules (IHI)", "ihi"), Option("Anhøj rules", "anhoj"))


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def edit_form(goal: Goal) -> Form:
    """Return the form that changes a goal."""
    points = "" if goal.baseline_points is None else str(goal.baseline_points)
    return Form(
        key=CallbackId.GOAL_EDIT, title=f"Edit {goal.code}"[:24],
        items=(
            TextField(GoalField.TITLE, "Measure", initial=goal.title, max_length=200),
            ChoiceField(GoalField.DIRECTION, "Which way is better", DIRECTIONS,
                        initial="higher" if goal.higher_is_better else "lower"),
            TextField(GoalField.BASELINE, "Baseline", initial=_number(goal.baseline),
                      max_length=20, optional=True),
            TextField(GoalField.TARGET, "Target", initial=_number(goal.target), max_length=20,
                      optional=True),
            DateField(GoalField.TARGET_DATE, "Target date", initial=goal.target_date,
                      optional=True),
            PeopleField(GoalField.OWNER, "Who reports it",
                        initial=(goal.owner_id,) if goal.owner_id else ()),
            ChoiceField(GoalField.CADENCE, "How often", CADENCES, initial=goal.cadence),
            ChoiceField(GoalField.METHOD, "Rules", METHODS, initial=goal.method),
            TextField(GoalField.BASELINE_POINTS, "Baseline: the first how many values",
                      initial=points, max_length=3, optional=True,
                      hint="Their median is frozen as the centre line. Empty: all values."),
        ),
        submit="Save", state=json.dumps({"n": goal.number}),
    )  # fmt: skip
