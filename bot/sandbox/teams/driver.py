"""Acting as people in the tenant: messages, card presses, dialogs, installs, membership.

Mixed into `TeamsEmulator`, which supplies `state`, `send`, `_log` and the read-backs. Each
action builds the activity Teams would send (activities.py), delivers it signed, and returns a
`Delivery`: the activity and the bot's answer. Invoke answers are checked as Teams checks them
(invokes.py); an answer Teams would not take is recorded in `refusals()`.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.sandbox.recorder import CallLog
from bot.sandbox.sender import AppResponse
from bot.sandbox.teams import invokes
from bot.sandbox.teams.activities import (
    Place,
    invoke,
    mention,
    message,
    message_payload,
)
from bot.sandbox.teams.cards import ADAPTIVE_CARD
from bot.sandbox.teams.installs import InstallsDriver
from bot.sandbox.teams.invokes import Dialog
from bot.sandbox.teams.state import (
    CHANNEL,
    Conversation,
    Json,
    Person,
    Post,
    Team,
    Tenant,
    new_channel_id,
    new_guid,
    new_user_id,
)

if TYPE_CHECKING:
    from bot.sandbox.teams.sender import Forgery

MAKE_ACTION_ITEM = "make_action_item"  # the message extension's command id (bot.ids.CallbackId)
Who = Person | str


@dataclass
class Delivery:
    """An activity sent to the bot and the bot's answer (with the dialog it opened, if any)."""

    activity: Json
    response: AppResponse
    dialog: Dialog | None = field(default=None)

    @property
    def status(self) -> int:
        """Return the bot's HTTP status."""
        return self.response.status

    @property
    def json(self) -> dict[str, Any] | None:
        """Return the bot's answer body (an invoke's answer), when JSON."""
        return self.response.json

    @property
    def id(self) -> str:
        """Return the activity's id (for a message: the id of the person's post)."""
        return str(self.activity["id"])


class TeamsDriver(InstallsDriver):
    """People, teams and what they do; see the module docstring."""

    state: Tenant
    _log: CallLog
    if TYPE_CHECKING:  # supplied by TeamsEmulator

        def send(self, activity: Json, *, forgery: Forgery | None = None) -> AppResponse: ...

    # --- the tenant --------------------------------------------------------------------------

    def add_person(
        self,
        name: str,
        *,
        zone: str = "America/New_York",
        locale: str = "en-US",
        email: str | None = None,
        in_tenant: bool = True,
        person_id: str | None = None,
        aad_object_id: str | None = None,
    ) -> Person:
        """Add someone to the tenant (`in_tenant=False`: a stranger the connector refuses)."""
        mail = email or f"{name.lower().replace(' ', '.')}@example.org"
        person = Person(
            person_id or new_user_id(),
            name,
            aad_object_id or new_guid(),
            zone,
            locale,
            mail,
            in_tenant,
        )
        with self.state.lock:
            self.state.people[person.id] = person
            return copy.deepcopy(person)

    def add_team(
        self,
        name: str,
        *,
        members: list[Who] | tuple[Who, ...] = (),
        channels: tuple[str, ...] = (),
    ) -> Team:
        """Add a team with its General channel (whose id is the team's) and more `channels`."""
        team_id = new_channel_id()
        with self.state.lock:
            team = Team(
                team_id,
                name,
                new_guid(),
                {team_id: "General"},
                [self._person(m).id for m in members],
            )
            self.state.teams[team_id] = team
            self.state.conversations[team_id] = Conversation(team_id, CHANNEL, "General", team_id)
            for channel in channels:
                self._add_channel(team, channel)
            return copy.deepcopy(team)

    def add_channel(self, team_id: str, name: str) -> str:
        """Add a channel to a team; return its id."""
        with self.state.lock:
            return self._add_channel(self.state.teams[team_id], name)

    def _add_channel(self, team: Team, name: str) -> str:
        channel_id = new_channel_id()
        team.channels[channel_id] = name
        self.state.conversations[channel_id] = Conversation(channel_id, CHANNEL, name, team.id)
        return channel_id

    def channel(self, team_id: str, name: str) -> str:
        """Return the id of a team's channel by name ("General" is the team's id)."""
        with self.state.lock:
            team = self.state.teams[team_id]
            return next(cid for cid, n in team.channels.items() if n == name)

    def personal_chat_id(self, person: Who) -> str:
        """Return the id of the bot's personal chat with a person, opening it if needed."""
        with self.state.lock:
            return self.state.open_personal_chat(self._person(person).id).id

    def _person(self, who: Who) -> Person:
        found = self.state.person(who.id if isinstance(who, Person) else who)
        if found is None:
            raise KeyError(f"no such person: {who!r}")
        return found

    # --- messages ----------------------------------------------------------------------------

    def say(
        self,
        channel: str,
        person: Who,
        text: str,
        *,
        mention_bot: bool = True,
        mentions: list[Who] | tuple[Who, ...] = (),
        reply_to: str | None = None,
        forgery: Forgery | None = None,
    ) -> Delivery:
        """Post in a channel as `person` (in `reply_to`'s thread if given); `<at>` the bot first.

        Each person in `mentions` must be written `<at>Name</at>` in `text`.
        """
        with self.state.lock:
            who = self._person(person)
            entities = [mention(self._person(m).id, self._person(m).name) for m in mentions]
            for entity in entities:
                if entity["text"] not in text:
                    raise ValueError(f"write {entity['text']} in the text to mention that person")
            if mention_bot:
                text = f"<at>{self.state.bot_name}</at> {text}"
                entities.insert(0, mention(self.state.bot_id, self.state.bot_name))
            conversation = self.state.conversations[channel]
            post_id = self.state.new_message_id()
            place = Place(self.state, conversation, reply_to or post_id)
            activity = message(place, who, post_id, text, entities)
            self.state.posts.append(Post(channel, post_id, who.id, text, activity, reply_to))
        return self._deliver(activity, forgery)

    def say_personal(self, person: Who, text: str, *, forgery: Forgery | None = None) -> Delivery:
        """Write to the bot in its personal chat with `person`."""
        with self.state.lock:
            who = self._person(person)
            chat = self.state.open_personal_chat(who.id)
            post_id = self.state.new_message_id()
            activity = message(Place(self.state, chat), who, post_id, text, [])
            self.state.posts.append(Post(chat.id, post_id, who.id, text, activity))
        return self._deliver(activity, forgery)

    def edit(self, said: Delivery | Post, text: str) -> Delivery:
        """Change the text of a person's message: Teams sends a `messageUpdate`."""
        with self.state.lock:
            post = self._stored(said)
            edited = copy.deepcopy(post.activity)
            edited.update(type="messageUpdate", text=text)
            edited["channelData"]["eventType"] = "editMessage"
            post.history.append(post.activity)
            post.activity, post.text = edited, text
        return self._deliver(edited, None)

    def _stored(self, said: Delivery | Post) -> Post:
        if isinstance(said, Post):
            found = self.state.post(said.conversation, said.id)
        else:
            conversation = str(said.activity["conversation"]["id"]).partition(";messageid=")[0]
            found = self.state.post(conversation, said.id)
        if found is None:
            raise AssertionError("that message is not in the tenant")
        return found

    # --- cards and dialogs ---------------------------------------------------------------

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
        delivery = self._deliver(activity, None)
        if self._checked(invokes.CARD_ACTION, delivery):
            self._replace_card(stored, delivery.json or {})
        return delivery

    def fetch_dialog(
        self, post: Post, verb: str | None, person: Who, *, inputs: dict[str, str] | None = None
    ) -> Delivery:
        """Press a card's dialog-opening button (`task/fetch`); `.dialog` is what opened."""
        with self.state.lock:
            stored = self._stored(post)
            card = _only_card(stored)
            action = invokes.dialog_opener(card, verb)
            sent = {**action["data"], **invokes.gathered(card, inputs)}
            value = {"type": invokes.TASK_FETCH, "data": sent, "context": {"theme": "default"}}
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
            else:
                value["type"] = invokes.TASK_SUBMIT
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
            stored = self._stored(post)
            author = self.state.people.get(stored.author)
            payload = message_payload(self.state, stored.activity, author)
            value = {
                "commandId": command_id,
                "commandContext": "message",
                "requestId": uuid.uuid4().hex,
                "context": {"theme": "default"},
                "messagePayload": payload,
            }
            root = stored.root or stored.id
            place = Place(self.state, self.state.conversations[stored.conversation], root)
            activity = invoke(
                place,
                self._person(person),
                self.state.new_message_id(),
                invokes.EXTENSION_FETCH,
                value,
            )
            opened = Dialog(
                self._person(person).id,
                "",
                {},
                stored.conversation,
                root,
                stored.id,
                command_id,
                payload,
            )
        return self._with_dialog(invokes.EXTENSION_FETCH, activity, opened)

    def _invoke(self, post: Post, person: Who, name: str, value: Json) -> Json:
        conversation = self.state.conversations[post.conversation]
        place = Place(self.state, conversation, post.root or post.id)
        activity = invoke(place, self._person(person), self.state.new_message_id(), name, value)
        activity["replyToId"] = post.id
        return activity

    def _with_dialog(self, name: str, activity: Json, dialog: Dialog) -> Delivery:
        delivery = self._deliver(activity, None)
        if self._checked(name, delivery):
            delivery.dialog = invokes.dialog_from(delivery.json, dialog)
        return delivery

    def _checked(self, name: str, delivery: Delivery) -> bool:
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

    def _deliver(self, activity: Json, forgery: Forgery | None) -> Delivery:
        return Delivery(activity, self.send(activity, forgery=forgery))


def _only_card(post: Post) -> Json:
    cards = post.cards
    if not cards:
        raise AssertionError(f"post {post.id} carries no Adaptive Card")
    return cards[0]
