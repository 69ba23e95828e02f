"""What each Teams dialog's save does, and how each form is shown again when a field is wrong.

The savers read a submission's `data` (each field's value by its key) into what the services
Slack's view submissions use take, and return what to tell the person and what follows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.errors import InvalidInput
from bot.ids import BlockId, CallbackId, GoalField, ItemField, NudgeCallback
from bot.messages import goal_forms as goal_words
from bot.messages.items import paused_until
from bot.messages.parts import Form, Message
from bot.messages.spans import ChannelRef, Line, line, strong
from bot.port import ChatError
from bot.services import goal_forms, goals, item_forms, poll_followup
from bot.services.announce import announce, refresh_announcement
from bot.services.directory import person_for, zone_of
from bot.services.homes import refresh_homes
from bot.services.item_checks import Filled, FormProblems
from bot.services.notify import concerned
from bot.services.poll_link_commands import people_form_for, save_people_form
from bot.services.reminder_buttons import snooze_picker, snooze_to_day
from bot.text import to_mrkdwn
from handlers.teams.common import TeamsCall

Data = dict[str, Any]
After = Callable[[], None]


@dataclass(frozen=True)
class Saved:
    """What a dialog's save tells the person, and what follows it once they are answered."""

    said: Line
    after: list[After] = field(default_factory=list)


# What each form's state must name (the dialog carries it back as it was drawn).
STATE_KEYS: dict[str, tuple[str, ...]] = {
    CallbackId.ITEM_EDIT: ("n",), CallbackId.ITEM_NEW: (), CallbackId.POLL_DECISION: ("n",),
    CallbackId.GOAL_REPORT: ("n", "p"), CallbackId.GOAL_EDIT: ("n",),
    CallbackId.POLL_PEOPLE: ("n",),
}  # fmt: skip


def state_reads(key: str, state: str) -> bool:
    """Tell whether a submitted form's state is as Backbone drew it (not altered, not older)."""
    if key == NudgeCallback.SNOOZE_DATE:
        return state.isdigit()
    try:
        meta = json.loads(state or "{}")
    except ValueError:
        return False
    needed = STATE_KEYS.get(key, ())
    return isinstance(meta, dict) and all(meta.get(name) is not None for name in needed)


def today_of(call: TeamsCall) -> date:
    """Return today as the person reads it, in their zone."""
    person = person_for(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id)
    return call.deps.now().astimezone(zone_of(person, call.deps.default_zone)).date()


def typed(data: Data) -> dict[str, str | list[str] | None]:
    """Return what was typed in each field, as the form shows it again."""
    return {key: value if isinstance(value, str | list) else None for key, value in data.items()}


def filled_of(call: TeamsCall, data: Data) -> Filled:
    """Read a submitted item form; a date or time that does not read is named under its field."""
    day, at = _text(data.get(ItemField.DUE_DATE)), _text(data.get(ItemField.DUE_TIME))
    problems: dict[str, str] = {}
    if day and not _reads(day, "%Y-%m-%d"):
        problems[ItemField.DUE_DATE] = "Pick the date with the date picker."
    if at and not _reads(at[:5], "%H:%M"):
        problems[ItemField.DUE_TIME] = "Pick the time with the time picker."
    if problems:
        raise FormProblems(problems)
    return Filled(
        title=(_text(data.get(ItemField.TITLE)) or "").strip(),
        owners=people_in(call, data.get(ItemField.OWNERS)),
        day=day[:10] if day else None,
        at=at[:5] if at else None,
        channel=_text(data.get(ItemField.CHANNEL)),
        note=(_text(data.get(ItemField.NOTE)) or "").strip() or None,
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _reads(text: str, pattern: str) -> bool:
    try:
        datetime.strptime(text, pattern)
    except ValueError:
        return False
    return True


def people_in(call: TeamsCall, value: Any) -> list[str]:
    """Read a people picker: Teams ids as they are, directory (AAD) ids looked up to theirs."""
    raw = value if isinstance(value, list) else str(value or "").split(",")
    people: list[str] = []
    for one in (str(item).strip() for item in raw):
        if not one:
            continue
        if not one.startswith("29:"):
            one = _teams_id(call, one)
        if one not in people:
            people.append(one)
    return people


def _teams_id(call: TeamsCall, directory_id: str) -> str:
    """Return the Teams id of a person the picker names by their directory (AAD) id."""
    try:
        return call.port.person(directory_id).id
    except ChatError:
        return directory_id  # left as it is: the form then says it can't find this person


def save_item_edit(call: TeamsCall, state: str, data: Data) -> Saved:
    """Save the item edit form; the item's post and the Homes it is on show the change."""
    edited = item_forms.save_edit(call.deps, call.port, team_id=call.tenant_id,
                                  user_id=call.user_id, state=state,
                                  form=filled_of(call, data))  # fmt: skip
    item, people = edited.item, edited.before | concerned(edited.item)
    return Saved(
        line("✏️ ", strong(item.code), " is saved."),
        [lambda: refresh_announcement(call.port, item, by=call.user_id),
         lambda: refresh_homes(call.deps, call.port, team_id=call.tenant_id, user_ids=people)],
    )  # fmt: skip


def save_item_new(call: TeamsCall, state: str, data: Data) -> Saved:
    """Save a new item and post it (in its message's thread, if any): the answer says where."""
    created = item_forms.save_new(call.deps, call.port, team_id=call.tenant_id,
                                  user_id=call.user_id, state=state or "{}",
                                  form=filled_of(call, data))  # fmt: skip
    item = created.item
    unposted = announce(call.deps, call.port, item, thread=created.thread)
    people = concerned(item)
    homes: After = lambda: refresh_homes(  # noqa: E731 - one step of the list below
        call.deps, call.port, team_id=call.tenant_id, user_ids=people
    )
    if unposted is None:
        return Saved(item_forms.saved_line(item), [homes])
    later = " I'll post it there in a few minutes." if unposted.later else ""
    return Saved(line("📌 ", strong(item.code), " is saved, but Teams didn't let me post it in ",
                      ChannelRef(item.channel_id), f" just now.{later} It's in your Home and in ",
                      "action list, and reminders will still go out."), [homes])  # fmt: skip


def save_decision(call: TeamsCall, state: str, data: Data) -> Saved:
    """Record the decision typed under a poll's results and post it in the poll's thread."""
    typed_text = (_text(data.get(BlockId.POLL_DECISION_TEXT)) or "").strip()
    try:
        poll, decision = poll_followup.record_from_poll(
            call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id, state=state,
            text=to_mrkdwn(typed_text),
        )  # fmt: skip
    except InvalidInput as problem:
        raise FormProblems({BlockId.POLL_DECISION_TEXT: problem.message}) from None
    said = line("🧭 ", strong(f"Decision {decision.code}"), " is recorded. I'm posting it in the "
                "poll's thread.")  # fmt: skip
    return Saved(said, [lambda: poll_followup.post_decision(call.port, poll, decision)])


def save_people_links(call: TeamsCall, state: str, data: Data) -> Saved:
    """Make one link per label; the links come to the person's chat with Backbone."""
    try:
        poll, said = save_people_form(
            call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id, state=state,
            typed=_text(data.get(BlockId.POLL_PEOPLE_LABELS)) or "",
        )  # fmt: skip
    except InvalidInput as problem:
        raise FormProblems({BlockId.POLL_PEOPLE_LABELS: problem.message}) from None
    told = line(f"👥 The links for {poll.code} are in our chat: one per person.")
    return Saved(told, [lambda: call.port.whisper(poll.channel_id, call.user_id, said)])


def save_goal_report(call: TeamsCall, state: str, data: Data) -> Saved:
    """Save a goal's check-in; its confirmation (and any next step) goes to the person's chat."""
    said = goal_forms.save_report(
        call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id, state=state,
        value=_text(data.get(GoalField.VALUE)), note=_text(data.get(GoalField.NOTE)),
    )  # fmt: skip
    return Saved(line("📈 Saved. The details are in our chat."),
                 [lambda: _dm(call, said)])  # fmt: skip


def save_goal_edit(call: TeamsCall, state: str, data: Data) -> Saved:
    """Save a goal's edit form; its confirmation goes to the person's chat."""
    values: dict[str, str | None] = {key: _text(data.get(key)) for key in GoalField}
    owners = people_in(call, data.get(GoalField.OWNER))
    values[GoalField.OWNER] = owners[0] if owners else None
    said = goal_forms.save_edit(call.deps, call.port, team_id=call.tenant_id,
                                user_id=call.user_id, state=state, values=values)  # fmt: skip
    return Saved(line("📈 Saved. The details are in our chat."),
                 [lambda: _dm(call, said)])  # fmt: skip


def _dm(call: TeamsCall, message: Message) -> None:
    """Send the person a confirmation in their chat with Backbone."""
    call.port.dm(call.user_id, message)


def save_snooze_day(call: TeamsCall, state: str, data: Data) -> Saved:
    """Snooze an item until the day picked in the snooze form (a form some path opened)."""
    text = _text(data.get(BlockId.SNOOZE_DATE)) or ""
    day = _day(text[:10])
    try:
        item, until = snooze_to_day(call.deps, call.port, team_id=call.tenant_id,
                                    user_id=call.user_id, number=int(state), day=day)  # fmt: skip
    except InvalidInput as problem:
        raise FormProblems({BlockId.SNOOZE_DATE: problem.message}) from None
    people = concerned(item)
    return Saved(paused_until(item, until), [
        lambda: refresh_homes(call.deps, call.port, team_id=call.tenant_id, user_ids=people)
    ])  # fmt: skip


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


SAVERS: dict[str, Callable[[TeamsCall, str, Data], Saved]] = {
    NudgeCallback.SNOOZE_DATE: save_snooze_day,
    CallbackId.ITEM_EDIT: save_item_edit,
    CallbackId.ITEM_NEW: save_item_new,
    CallbackId.POLL_DECISION: save_decision,
    CallbackId.POLL_PEOPLE: save_people_links,
    CallbackId.GOAL_REPORT: save_goal_report,
    CallbackId.GOAL_EDIT: save_goal_edit,
}


def item_edit_again(call: TeamsCall, state: str) -> Form:
    """The item edit form as it opened (the typed values are put back over it)."""
    number = int(json.loads(state)["n"])
    return item_forms.edit_form(call.deps, call.port, team_id=call.tenant_id,
                                user_id=call.user_id, number=number)  # fmt: skip


def item_new_again(call: TeamsCall, state: str) -> Form:
    """The new item form again, keeping where it will be posted."""
    return item_forms.form_again(state or "{}")


def decision_again(call: TeamsCall, state: str) -> Form:
    """The decision form again."""
    number = int(json.loads(state)["n"])
    return poll_followup.decision_form_for(call.deps, call.port, team_id=call.tenant_id,
                                           user_id=call.user_id, number=number)  # fmt: skip


def people_links_again(call: TeamsCall, state: str) -> Form:
    """The form of labels again."""
    number = str(json.loads(state)["n"])
    return people_form_for(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                           value=number)  # fmt: skip


def goal_report_again(call: TeamsCall, state: str) -> Form:
    """The check-in form again, for the same period."""
    meta = json.loads(state)
    value = f"{int(meta['n'])}:{meta['p']}"
    return goal_forms.report_form_for(call.deps, team_id=call.tenant_id, value=value,
                                      today=today_of(call))  # fmt: skip


def goal_edit_again(call: TeamsCall, state: str) -> Form:
    """The goal's edit form again."""
    with call.deps.transaction() as session:
        goal = goals.find_goal(session, team_id=call.tenant_id, number=int(json.loads(state)["n"]))
    return goal_words.edit_form(goal)


def snooze_again(call: TeamsCall, state: str) -> Form:
    """The snooze form again."""
    return snooze_picker(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                         number=int(state))  # fmt: skip


AGAIN: dict[str, Callable[[TeamsCall, str], Form]] = {
    NudgeCallback.SNOOZE_DATE: snooze_again,
    CallbackId.ITEM_EDIT: item_edit_again,
    CallbackId.ITEM_NEW: item_new_again,
    CallbackId.POLL_DECISION: decision_again,
    CallbackId.POLL_PEOPLE: people_links_again,
    CallbackId.GOAL_REPORT: goal_report_again,
    CallbackId.GOAL_EDIT: goal_edit_again,
}
