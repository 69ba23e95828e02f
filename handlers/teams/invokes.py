"""Teams invokes: card buttons, dialogs and the message extension, each answered in the HTTP body.

Teams waits for an invoke's answer (about 15 seconds) and shows it where the person pressed:
a card in place of the one pressed (`application/vnd.microsoft.card.adaptive`), a short text
(`application/vnd.microsoft.activity.message`) with the card left as it was, or a dialog
(`{"task": …}`). So the work runs here, on the request's thread; what only follows it (Home
cards, a creator's note) goes through the port as on Slack. A refusal (not allowed, already
done, a closed poll) is a text answer in the person's own words and the card stays unchanged;
anything unexpected is logged with an id and answered with the apology carrying it.

An invoke that changes something is claimed by its activity id before any work: Teams may
deliver it again when our answer was slow, and the second delivery changes nothing.

The modules: `presses` (card buttons), `dialogs` (task/fetch opens a form, task/submit saves it)
with `dialog_saves` (what each form's save does), `extension` (Make action item on a message);
`answers` (the answer shapes, plain words) and `cards` (cards and dialogs drawn by the port).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.errors import UserFacingError
from bot.messages.common import notice
from bot.messages.parts import Message
from bot.messages.spans import Line
from handlers.teams import answers, dialogs, presses
from handlers.teams import extension as message_extension
from handlers.teams.answers import Answer
from handlers.teams.common import TeamsCall, apology, first_delivery

Route = Callable[[TeamsCall, dict[str, Any]], Answer]
# What each invoke name does, and whether it changes anything (then a replay does nothing).
ROUTES: dict[str, tuple[Route, bool]] = {
    "adaptiveCard/action": (presses.handle_press, True),
    "task/fetch": (dialogs.handle_fetch, False),
    "task/submit": (dialogs.handle_submit, True),
    "composeExtension/fetchTask": (message_extension.handle_fetch_task, False),
    "composeExtension/submitAction": (message_extension.handle_submit_action, True),
}
REPLAYED = "That was already done: I had it the first time."
CLAIM = "invoke:"  # apart from the claims of other activities with the same id


def handle_invoke(call: TeamsCall, activity: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Answer an invoke activity: the HTTP status and the JSON body Teams shows."""
    name = str(activity.get("name") or "")
    route, changes = ROUTES.get(name, (None, False))
    if route is None:
        return answers.bad_request(f"Backbone doesn't handle “{name[:60]}” invokes.")
    if not isinstance(activity.get("value"), dict):
        return answers.bad_request("This press carried nothing to act on.")
    if changes and not first_delivery(
        call.deps, tenant_id=call.tenant_id, key=CLAIM + call.activity_id
    ):
        return _replayed(name)
    try:
        return route(call, activity)
    except UserFacingError as refusal:
        return _refused(name, notice(refusal.message))
    except Exception as error:  # noqa: BLE001 - the one error policy: logged with an id
        return _refused(name, notice(apology(error, name)))


def _replayed(name: str) -> Answer:
    return _refused(name, notice(REPLAYED))


def _refused(name: str, message: Message) -> Answer:
    """Say why nothing changed, the way this invoke shows words (the card stays as it was)."""
    said: Line = message.text
    if name == "adaptiveCard/action":
        return answers.text(said)
    return answers.dialog_message(said)
