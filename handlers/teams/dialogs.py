"""Dialogs on Teams: `task/fetch` opens a form from a card's button, `task/submit` saves it.

A button in `bot.ids.OPENS_FORM` is drawn as a task/fetch Submit carrying `verb` and `value`;
its press opens the same neutral form Slack opens, through `port.open_form`. A submission's
`data` holds each field's value by its key, plus `form` and `state`; it is saved by the same
services as Slack's view submissions. A field that does not read shows the dialog again with
what was typed and the words under that field; nothing is saved. What only follows a save
(Home cards, a confirmation in the person's chat) is queued, as on Slack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.errors import InvalidInput
from bot.ids import ActionId
from bot.messages.common import BUSY
from bot.messages.parts import Form
from bot.messages.refilled import refilled
from bot.messages.spans import line
from bot.services import goal_forms, item_forms, poll_followup
from bot.services.directory import person_for
from bot.services.goal_commands import Invoker, goal_edit_form
from bot.services.goal_forms import FieldProblems
from bot.services.item_checks import FormProblems
from bot.services.poll_link_commands import people_form_for
from bot.work import Lane
from handlers.teams import answers
from handlers.teams.answers import Answer
from handlers.teams.cards import dialog_of
from handlers.teams.common import TeamsCall, guarded
from handlers.teams.dialog_saves import (
    AGAIN,
    SAVERS,
    After,
    Data,
    state_reads,
    today_of,
    typed,
)

OUTDATED = "This button is from an older version of Backbone. Nothing was changed."


def data_of(activity: dict[str, Any]) -> Data:
    """Return what a dialog's press or submission carries (`value.data`)."""
    value = activity.get("value") or {}
    data = value.get("data")
    return dict(data if isinstance(data, dict) else value)


def handle_fetch(call: TeamsCall, activity: dict[str, Any]) -> Answer:
    """Open the form a card's button names, filled in, if the person may use it."""
    data = data_of(activity)
    opener = OPENERS.get(str(data.get("verb") or ""))
    if opener is None:
        return answers.dialog_message(line(OUTDATED))
    return show(call, opener(call, str(data.get("value") or "")))


def show(call: TeamsCall, form: Form) -> Answer:
    """Answer with a form as a dialog, drawn by the port."""
    return answers.dialog(dialog_of(call, form))


def open_item_edit(call: TeamsCall, value: str) -> Form:
    """The item form of a reminder's Update or a pin's Change owners."""
    number = _number(value)
    return item_forms.edit_form(call.deps, call.port, team_id=call.tenant_id,
                                user_id=call.user_id, number=number)  # fmt: skip


def open_item_new(call: TeamsCall, value: str) -> Form:
    """The empty item form of Home's Add button."""
    return item_forms.home_form(call.user_id)


def open_decision(call: TeamsCall, value: str) -> Form:
    """The decision form under a poll's results."""
    return poll_followup.decision_form_for(call.deps, call.port, team_id=call.tenant_id,
                                           user_id=call.user_id, number=_number(value))  # fmt: skip


def open_poll_item(call: TeamsCall, value: str) -> Form:
    """The item form under a poll's results, to be posted in the poll's thread."""
    return poll_followup.item_form_for(call.deps, call.port, team_id=call.tenant_id,
                                       user_id=call.user_id, number=_number(value))  # fmt: skip


def open_goal_report(call: TeamsCall, value: str) -> Form:
    """The check-in form of a goal's check-in card ("<number>:<period>")."""
    _number(value)
    return goal_forms.report_form_for(call.deps, team_id=call.tenant_id, value=value,
                                      today=today_of(call))  # fmt: skip


def open_goal_item(call: TeamsCall, value: str) -> Form:
    """The item form prefilled from a goal value's note ("<number>:<period>")."""
    _number(value)
    return goal_forms.item_form_from_note(call.deps, team_id=call.tenant_id,
                                          user_id=call.user_id, value=value)  # fmt: skip


def open_goal_edit(call: TeamsCall, value: str) -> Form:
    """A goal's edit form, from the button that answers `goal edit G-n`."""
    person = person_for(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id)
    who = Invoker(call.tenant_id, call.user_id, call.channel_id)
    return goal_edit_form(call.deps, who, _number(value), admin=person.is_admin)


def open_people_links(call: TeamsCall, value: str) -> Form:
    """The form of labels for one-person links to a poll."""
    return people_form_for(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                           value=value)  # fmt: skip


OPENERS: dict[str, Callable[[TeamsCall, str], Form]] = {
    ActionId.ITEM_UPDATE: open_item_edit,
    ActionId.PIN_CHANGE_OWNERS: open_item_edit,
    ActionId.HOME_ADD_ITEM: open_item_new,
    ActionId.POLL_DECISION: open_decision,
    ActionId.POLL_ACTION_ITEM: open_poll_item,
    ActionId.POLL_PEOPLE_LINKS: open_people_links,
    ActionId.GOAL_REPORT: open_goal_report,
    ActionId.GOAL_ACTION_ITEM: open_goal_item,
    ActionId.GOAL_EDIT: open_goal_edit,
}


def _number(value: str) -> int:
    head = value.split(":", 1)[0]
    if not head.isdigit():
        raise InvalidInput(OUTDATED)
    return int(head)


def handle_submit(call: TeamsCall, activity: dict[str, Any]) -> Answer:
    """Save a submitted dialog; show it again with what to fix when a field does not read."""
    return save_dialog(call, data_of(activity))


def save_dialog(call: TeamsCall, data: Data) -> Answer:
    """Save a dialog's fields by its form's key (the message extension's submission too)."""
    key, state = str(data.get("form") or ""), str(data.get("state") or "")
    saver = SAVERS.get(key)
    if saver is None or not state_reads(key, state):
        return answers.dialog_message(line(OUTDATED))
    slot = call.deps.reserve(Lane.PERSON)
    if slot is None:  # nothing is saved: the person can press Save again in a minute
        return answers.dialog_message(line(BUSY))
    try:
        saved = saver(call, state, data)
    except (FormProblems, FieldProblems) as problems:
        slot.release()
        return show(call, refilled(AGAIN[key](call, state), typed(data), problems.problems))
    except BaseException:
        slot.release()
        raise
    slot.submit(guarded(call, lambda _: run_all(saved.after), f"after {key}"))
    names = answers.names_in(call.deps, tenant_id=call.tenant_id, said=saved.said)
    return answers.dialog_message(saved.said, names)


def run_all(after: list[After]) -> None:
    """Run what follows a save, in order."""
    for step in after:
        step()
