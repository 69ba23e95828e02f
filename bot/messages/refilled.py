"""A form shown again after a submission it could not take: what was typed, and what to fix.

Platforms that cannot mark a field in an open form (a Teams dialog is redrawn from its card)
show the form again: each field holds what the person put in it, and the words saying what
to fix sit right under that field. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, time

from bot.messages.parts import (
    ChannelField,
    ChoiceField,
    DateField,
    Field,
    Form,
    Note,
    Part,
    PeopleField,
    TextField,
    TimeField,
)
from bot.messages.spans import line

FIELDS = (TextField, PeopleField, DateField, TimeField, ChannelField, ChoiceField)
Typed = Mapping[str, str | list[str] | None]


def refilled(form: Form, typed: Typed, problems: Mapping[str, str]) -> Form:
    """Return the form with what was typed in its fields and each problem under its field."""
    items: list[Part | Field] = []
    for item in form.items:
        if not isinstance(item, FIELDS):
            items.append(item)
            continue
        items.append(_with_value(item, typed.get(item.key)) if item.key in typed else item)
        problem = problems.get(item.key)
        if problem:
            items.append(Note(line(f"⚠️ {problem}")))
    return replace(form, items=tuple(items))


def _with_value(field: Field, value: str | list[str] | None) -> Field:
    """Return a field showing a submitted value (a value it cannot hold leaves it empty)."""
    one = value[0] if isinstance(value, list) and value else value
    text = one if isinstance(one, str) else None
    match field:
        case TextField():
            return replace(field, initial=text or "")
        case PeopleField():
            people = value if isinstance(value, list) else [text] if text else []
            return replace(field, initial=tuple(people))
        case DateField():
            return replace(field, initial=_day(text))
        case TimeField():
            return replace(field, initial=_time(text))
        case ChoiceField():
            return replace(field, initial=text)
    return field


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _time(text: str | None) -> time | None:
    try:
        return time.fromisoformat(text) if text else None
    except ValueError:
        return None
