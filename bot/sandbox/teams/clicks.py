"""Pressing what cards show: Action.Execute buttons, dialogs (task modules), the message action.

Mixed into `TeamsEmulator` (through `TeamsDriver`). A press finds its control on the post's
current card (invokes.py fails the test for a control the card lacks), sends the invoke Teams
sends, and checks the bot's answer as Teams would: an answer Teams would not take is recorded
in `refusals()`; a card answer to an Action.Execute replaces the card in place.
"""

from __future__ import annotations

import copy
import uuid
from typing import TYPE_CHECKING

from bot.sandbox.recorder import CallLog
from bot.sandbox.teams import invokes
from bot.sandbox.teams.activities import Place, invoke, message, message_payload
from bot.sandbox.teams.cards import ADAPTIVE_CARD
from bot.sandbox.teams.delivery import Delivery
from bot.sandbox.teams.installs import not_sent
from bot.sandbox.teams.invokes import Dialog
from bot.sandbox.teams.state import Json, Person, Post, Tenant

if TYPE_CHECKING:
    from bot.sandbox.teams.people import Who
    from bot.sandbox.teams.sender import Forgery

MAKE_ACTION_ITEM = "make_action_item"  # the message extension's command id (bot.ids.CallbackId)


class CardsDriver:
    """Card buttons, dialogs and the message extension's action."""

    state: Tenant
    _log: CallLog
    if TYPE_CHECKING:  # supplied by TeamsDriver and TenantDriver

        def _person(self, who: Who) -> Person: ...
        def _reaches(self, conversation_id: str) -> bool: ...
        def _stored(self, said: Delivery | Post) -> Post: ...
        def _deliver(self, activity: Json, forgery: Forgery | None) -> Delivery: ...

    def press(
        self,
        post: Post,
        verb: str,
        data: Json | None,
        person: Who,
        *,
        inputs: dict[str, str] | None = None,
    ) -> Delivery:
        """Press the Action.Execute `verb` on a post's card; a card answer replaces it in place."""
        with self.state.lock:
            stored = self._stored(post)
            card = _only_card(stored)
            action = invokes.execute_action(card, verb)
            sent = {**(action.get("data") or {}), **(data or {}), **invokes.gathered(card, inputs)}
            value = {
                "action": {"type": "Action.Execute", "verb": verb, "data": sent},
                "trigger": "manual",
            }
            activity = self._invoke(stored, person, invokes.CARD_ACTION, value)
        delivery = self._send_if_reached(activity)
        if self._checked(invokes.CARD_ACTION, delivery):
            self._replace_card(stored, delivery.json or {})
        return delivery

    def submit_card(
        self, post: Post, title: str, person: Who, *, inputs: dict[str, str] | None = None
    ) -> Delivery:
        """Press a plain Action.Submit on a post's card: Teams sends a message with `value`."""
        with self.state.lock:
            stored = self._stored(post)
            card = _only_card(stored)
            action = invokes.plain_submit(card, title)
            value = {**(action.get("data") or {}), **invokes.gathered(card, inputs)}
            conversation = self.state.conversations[stored.conversation]
            place = Place(self.state, conversation, stored.root or stored.id)
            activity = message(place, self._person(person), self.state.new_message_id(), "", [])
            activity.pop("text")
            activity.pop("attachments", None)
            activity.update(value=value, replyToId=stored.id)
        return self._send_if_reached(activity)

    def fetch_dialog(
        self,
        post: Post,
        verb: str | None,
        person: Who,
        *,
        inputs: dict[str, str] | None = None,
        data: Json | None = None,
    ) -> Delivery:
        """Press a card's dialog-opening button (`task/fetch`); `.dialog` is what opened.

        `data` picks one of several buttons with the same verb (a Home lists many items), as
        `press` does: the button's own data, as the card carries it.
        """
        with self.state.lock:
            stored = self._stored(post)
            card = _only_card(stored)
            action = invokes.dialog_opener(card, verb)
            sent = {**action["data"], **(data or {}), **invokes.gathered(card, inputs)}
            value = {"data": sent, "context": {"theme": "default"}}
            activity = self._invoke(stored, person, invokes.TASK_FETCH, value)
            opened = Dialog(
                self._person(person).id,
                "",
                {},
                stored.conversation,
                stored.root or stored.id,
                stored.id,
            )
        return self._with_dialog(invokes.TASK_FETCH, activity, opened)

    def submit_dialog(
        self, dialog: Dialog, inputs: dict[str, str] | None = None, *, button: str | None = None
    ) -> Delivery:
        """Fill a dialog's inputs and press its submit button (`task/submit` or the extension's)."""
        with self.state.lock:
            action = invokes.submit_button(dialog.card, button)
            sent = {**(action.get("data") or {}), **invokes.gathered(dialog.card, inputs)}
            value: Json = {"data": sent, "context": {"theme": "default"}}
            name = invokes.TASK_SUBMIT
            if dialog.command_id is not None:
                name = invokes.EXTENSION_SUBMIT
                value.update(
                    commandId=dialog.command_id,
                    commandContext="message",
                    messagePayload=dialog.message_payload,
                )
            place = Place(self.state, self.state.conversations[dialog.conversation], dialog.root)
            activity = invoke(
                place, self._person(dialog.person_id), self.state.new_message_id(), name, value
            )
            if dialog.post_id is not None and dialog.command_id is None:
                activity["replyToId"] = dialog.post_id
        return self._with_dialog(name, activity, copy.deepcopy(dialog))

    def message_action(
        self, post: Post, person: Who, *, command_id: str = MAKE_ACTION_ITEM
    ) -> Delivery:
        """Run the message extension's action on a message (`composeExtension/fetchTask`)."""
        with self.state.lock:
            stored, who = self._stored(post), self._person(person)
            payload = message_payload(
                self.state, stored.activity, self.state.people.get(stored.author)
            )
            value = {
                "commandId": command_id,
                "commandContext": "message",
                "requestId": uuid.uuid4().hex,
                "context": {"theme": "default"},
                "messagePayload": payload,
            }
            root = stored.root or stored.id
            place = Place(self.state, self.state.conversations[stored.conversation], root)
            fetch = invokes.EXTENSION_FETCH
            activity = invoke(place, who, self.state.new_message_id(), fetch, value)
            opened = Dialog(who.id, "", {}, stored.conversation, root, stored.id)
            opened.command_id, opened.message_payload = command_id, payload
        return self._with_dialog(fetch, activity, opened)

    def _invoke(self, post: Post, person: Who, name: str, value: Json) -> Json:
        conversation = self.state.conversations[post.conversation]
        place = Place(self.state, conversation, post.root or post.id)
        activity = invoke(place, self._person(person), self.state.new_message_id(), name, value)
        activity["replyToId"] = post.id
        return activity

    def _send_if_reached(self, activity: Json) -> Delivery:
        """Deliver, unless the bot is not installed where the press happened (status 0)."""
        if not self._reaches(str(activity["conversation"]["id"])):
            return not_sent(activity)
        return self._deliver(activity, None)

    def _with_dialog(self, name: str, activity: Json, dialog: Dialog) -> Delivery:
        delivery = self._send_if_reached(activity)
        if self._checked(name, delivery):
            delivery.dialog = invokes.dialog_from(delivery.json, dialog)
        return delivery

    def _checked(self, name: str, delivery: Delivery) -> bool:
        if delivery.status == 0:  # nothing was sent, nothing answered
            return False
        problem = invokes.check_answer(name, delivery.status, delivery.json)
        if problem is None:
            return True
        self._log.record_refusal(
            f"invoke:{name}", "InvalidInvokeResponse", [problem], {"body": delivery.json}
        )
        return False

    def _replace_card(self, post: Post, answer: Json) -> None:
        if answer.get("type") != ADAPTIVE_CARD:
            return
        with self.state.lock:
            stored = self._stored(post)
            stored.history.append(copy.deepcopy(stored.activity))
            attachment = {"contentType": ADAPTIVE_CARD, "content": answer["value"]}
            stored.activity = {**stored.activity, "attachments": [attachment]}
            self._log.notify()


def _only_card(post: Post) -> Json:
    cards = post.cards
    if not cards:
        raise AssertionError(f"post {post.id} carries no Adaptive Card")
    return cards[0]
