"""What a person's click sends, and what Teams makes of the bot's answer to an invoke.

Finding the control: a test presses only what the card shows (an Action.Execute by verb, a
dialog-opening Action.Submit, a dialog's submit button) and types only into inputs the card has;
anything else is the test's mistake and fails at once. Checking the answer: Teams expects an
invoke answer of a given shape per invoke name; any other answer is recorded as a refusal (Teams
would show the person an error), and a card in it must pass the same checks as a posted card.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.sandbox.teams.cards import ADAPTIVE_CARD, CardRefused, check_card
from bot.sandbox.teams.state import Json

CARD_ACTION, TASK_FETCH, TASK_SUBMIT = "adaptiveCard/action", "task/fetch", "task/submit"
EXTENSION_FETCH, EXTENSION_SUBMIT = "composeExtension/fetchTask", "composeExtension/submitAction"
MESSAGE_ANSWER = "application/vnd.microsoft.activity.message"
ERROR_ANSWER = "application/vnd.microsoft.error"


@dataclass
class Dialog:
    """A dialog (task module) open in front of a person, as the bot's answer described it."""

    person_id: str
    title: str
    card: Json
    conversation: str
    root: str | None
    post_id: str | None = None
    command_id: str | None = None
    message_payload: Json | None = None


def actions(card: Json) -> Iterator[Json]:
    """Yield every action of a card, nested ones (ActionSet, ShowCard) included."""
    stack: list[Any] = [card]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Action."):
                yield node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def inputs_of(card: Json) -> dict[str, Json]:
    """Return a card's inputs by id."""
    found: dict[str, Json] = {}
    stack: list[Any] = [card]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input.") and isinstance(node.get("id"), str):
                found[node["id"]] = node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def gathered(card: Json, typed: dict[str, str] | None) -> dict[str, str]:
    """Return the input values Teams sends: each input's value, as typed or as preset."""
    fields = inputs_of(card)
    unknown = sorted(set(typed or {}) - set(fields))
    if unknown:
        raise AssertionError(f"the card has no input {unknown[0]!r}; it has {sorted(fields)}")
    values = {k: str(v["value"]) for k, v in fields.items() if v.get("value") is not None}
    values.update(typed or {})
    missing = [k for k, v in fields.items() if v.get("isRequired") and not values.get(k)]
    if missing:
        raise AssertionError(f"the required input {missing[0]!r} is empty: Teams would not send")
    return values


def execute_action(card: Json, verb: str) -> Json:
    """Return the card's Action.Execute with this verb, or fail the test."""
    for action in actions(card):
        if action.get("type") == "Action.Execute" and action.get("verb") == verb:
            return action
    verbs = [a.get("verb") for a in actions(card) if a.get("type") == "Action.Execute"]
    raise AssertionError(f"the card has no Action.Execute with verb {verb!r}; it has {verbs}")


def dialog_opener(card: Json, verb: str | None) -> Json:
    """Return the card's Action.Submit that opens a dialog (task/fetch), by verb."""
    for action in actions(card):
        data = action.get("data") if action.get("type") == "Action.Submit" else None
        opens = isinstance(data, dict) and (data.get("msteams") or {}).get("type") == TASK_FETCH
        if opens and verb in (None, data.get("verb") if isinstance(data, dict) else None):
            return action
    raise AssertionError(f"the card has no button opening a dialog with verb {verb!r}")


def plain_submit(card: Json, title: str) -> Json:
    """Return the card's Action.Submit titled `title` that opens no dialog, or fail the test."""
    for action in actions(card):
        data = action.get("data")
        opens = isinstance(data, dict) and "msteams" in data
        if action.get("type") == "Action.Submit" and action.get("title") == title and not opens:
            return action
    raise AssertionError(f"the card has no plain Action.Submit titled {title!r}")


def submit_button(card: Json, title: str | None) -> Json:
    """Return a dialog card's Action.Submit (the one titled `title`, or the first)."""
    for action in actions(card):
        if action.get("type") == "Action.Submit" and title in (None, action.get("title")):
            return action
    raise AssertionError(f"the dialog has no submit button titled {title!r}")


def check_answer(name: str, status: int, body: Json | None) -> str | None:
    """Return why Teams would not take the bot's answer to an invoke, or None."""
    if status != 200:
        return f"the bot answered the {name} invoke with HTTP {status}"
    try:
        if name == CARD_ACTION:
            return _card_action_answer(body)
        if name in {TASK_FETCH, EXTENSION_FETCH}:
            return _task_answer(body, optional=False)
        if name in {TASK_SUBMIT, EXTENSION_SUBMIT}:
            return _task_answer(body, optional=True)
    except CardRefused as error:
        return f"the card in the {name} answer is refused: {error}"
    return None


def _card_action_answer(body: Json | None) -> str | None:
    if not isinstance(body, dict) or not isinstance(body.get("statusCode"), int):
        return 'an adaptiveCard/action answer needs {"statusCode", "type", "value"}'
    kind, value = body.get("type"), body.get("value")
    if kind == ADAPTIVE_CARD:
        check_card(value)
    elif kind == MESSAGE_ANSWER:
        if not isinstance(value, str):
            return "a message answer's value must be the text to show"
    elif kind == ERROR_ANSWER:
        if not isinstance(value, dict) or not {"code", "message"} <= set(value):
            return 'an error answer\'s value needs "code" and "message"'
    else:
        return f"unknown adaptiveCard/action answer type {kind!r}"
    return None


def _task_answer(body: Json | None, *, optional: bool) -> str | None:
    if not body:
        return None if optional else "opening a dialog needs a task answer, not an empty one"
    task = body.get("task")
    if not isinstance(task, dict):
        return None if optional and "composeExtension" in body else 'the answer needs a "task"'
    if task.get("type") == "message":
        return None if isinstance(task.get("value"), str) else "a task message needs its text"
    if task.get("type") != "continue" or not isinstance(task.get("value"), dict):
        return 'a task answer is {"type": "continue", "value": {…}} or {"type": "message", …}'
    card = task["value"].get("card")
    if not isinstance(card, dict) or card.get("contentType") != ADAPTIVE_CARD:
        return "a dialog's value.card must be an Adaptive Card attachment"
    check_card(card.get("content"))
    return None


def dialog_from(answer: Json | None, dialog: Dialog) -> Dialog | None:
    """Return the dialog a (checked) task answer opens, or None when it closes."""
    task = (answer or {}).get("task")
    if not isinstance(task, dict) or task.get("type") != "continue":
        return None
    value = task["value"]
    dialog.title = str(value.get("title", ""))
    dialog.card = value["card"]["content"]
    return dialog
