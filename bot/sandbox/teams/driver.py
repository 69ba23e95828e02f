"""Acting as people in the tenant: messages, card presses, dialogs, installs, membership.

`TeamsDriver` gathers the mixins (people.py: the tenant; clicks.py: cards and dialogs;
installs.py: installs and membership) and adds messages. Each action builds the activity Teams
would send (activities.py), delivers it signed (`TeamsEmulator.send`), and returns a `Delivery`:
the activity and the bot's answer. Where the bot is not installed (a team's channel, a
person's chat), Teams sends it nothing: the `Delivery` then has status 0.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from bot.sandbox.recorder import CallLog
from bot.sandbox.sender import AppResponse
from bot.sandbox.teams.activities import Place, base_activity, mention, message
from bot.sandbox.teams.clicks import MAKE_ACTION_ITEM, CardsDriver
from bot.sandbox.teams.delivery import Delivery
from bot.sandbox.teams.installs import InstallsDriver, not_sent
from bot.sandbox.teams.people import TenantDriver, Who
from bot.sandbox.teams.state import Conversation, Json, Post, Tenant

if TYPE_CHECKING:
    from bot.sandbox.teams.sender import Forgery

REACTIONS = frozenset({"like", "heart", "laugh", "surprised", "sad", "angry"})
__all__ = ["MAKE_ACTION_ITEM", "Delivery", "TeamsDriver", "Who"]


class TeamsDriver(CardsDriver, TenantDriver, InstallsDriver):
    """People, teams and what they do; see the module docstring."""

    state: Tenant
    _log: CallLog
    if TYPE_CHECKING:  # supplied by TeamsEmulator

        def send(self, activity: Json, *, forgery: Forgery | None = None) -> AppResponse: ...

    # --- messages ----------------------------------------------------------------------------

    def say(
        self,
        channel: str,
        person: Who,
        text: str,
        *,
        mention_bot: bool = True,
        mentions: list[Who] | tuple[Who, ...] = (),
        mention_channel: bool = False,
        mention_team: bool = False,
        reply_to: str | None = None,
        forgery: Forgery | None = None,
    ) -> Delivery:
        """Post in a channel or group chat as `person` (in `reply_to`'s thread if given).

        The bot's `<at>` mention is put first unless `mention_bot=False`. Each other mention
        (a person in `mentions`, the channel, the team) must be written `<at>Name</at>` in
        `text`, as Teams writes it.
        """
        with self.state.lock:
            who = self._person(person)
            conversation = self.state.conversations[channel]
            entities = self._mentions(conversation, mentions, mention_channel, mention_team)
            for entity in entities:
                if entity["text"] not in text:
                    raise ValueError(f"write {entity['text']} in the text to mention it")
            if mention_bot:
                text = f"<at>{self.state.bot_name}</at> {text}"
                entities.insert(0, mention(self.state.bot_id, self.state.bot_name))
            post_id = self.state.new_message_id()
            place = Place(self.state, conversation, reply_to or post_id)
            activity = message(place, who, post_id, text, entities)
            self.state.posts.append(Post(channel, post_id, who.id, text, activity, reply_to))
        return self._deliver(activity, forgery) if self._reaches(channel) else not_sent(activity)

    def _mentions(
        self,
        conversation: Conversation,
        people: list[Who] | tuple[Who, ...],
        of_channel: bool,
        of_team: bool,
    ) -> list[Json]:
        entities = [mention(self._person(m).id, self._person(m).name) for m in people]
        team = self.state.teams.get(str(conversation.team_id))
        if (of_channel or of_team) and team is None:
            raise ValueError("only a channel of a team can mention its channel or team")
        if of_channel and team is not None:
            name = team.channels[conversation.id]
            entities.append(mention(conversation.id, name, conversationIdentityType="channel"))
        if of_team and team is not None:
            entities.append(mention(team.id, team.name, conversationIdentityType="team"))
        return entities

    def say_personal(self, person: Who, text: str, *, forgery: Forgery | None = None) -> Delivery:
        """Write to the bot in its personal chat with `person`."""
        with self.state.lock:
            who = self._person(person)
            chat = self.state.open_personal_chat(who.id)
            post_id = self.state.new_message_id()
            activity = message(Place(self.state, chat), who, post_id, text, [])
            self.state.posts.append(Post(chat.id, post_id, who.id, text, activity))
        return self._deliver(activity, forgery) if self._reaches(chat.id) else not_sent(activity)

    def edit(
        self,
        said: Delivery | Post,
        text: str,
        *,
        mentions: list[Who] | tuple[Who, ...] | None = None,
    ) -> Delivery:
        """Change the text of a person's message: Teams sends a `messageUpdate`.

        `mentions`, when given, are the people the new text mentions (`<at>Name</at>`): their
        entities replace the people mentioned before, as Teams describes the edited text.
        """
        with self.state.lock:
            post = self._stored(said)
            edited = copy.deepcopy(post.activity)
            edited.update(type="messageUpdate", text=text)
            if mentions is not None:
                kept = [e for e in edited.get("entities", []) if not _person_mention(self.state, e)]
                people = [self._person(m) for m in mentions]
                edited["entities"] = [*(mention(p.id, p.name) for p in people), *kept]
            edited["channelData"]["eventType"] = "editMessage"
            post.history.append(post.activity)
            post.activity, post.text = edited, text
        return self._deliver(edited, None)

    def delete_message(self, said: Delivery | Post) -> Delivery:
        """Delete a person's message: Teams sends a `messageDelete` (a soft delete)."""
        with self.state.lock:
            post = self._stored(said)
            post.deleted = True
            gone = {k: v for k, v in post.activity.items() if k not in {"text", "attachments"}}
            gone = copy.deepcopy(gone)
            gone["type"] = "messageDelete"
            gone["channelData"]["eventType"] = "softDeleteMessage"
        return self._deliver(gone, None)

    def react(
        self, post: Post, person: Who, reaction: str = "like", *, removed: bool = False
    ) -> Delivery:
        """React to one of the bot's posts (Teams tells a bot only of those): messageReaction."""
        if reaction not in REACTIONS:
            raise ValueError(f"Teams reactions are {sorted(REACTIONS)}")
        with self.state.lock:
            stored = self._stored(post)
            if stored.author != self.state.bot_id:
                raise AssertionError("Teams tells a bot only of reactions to its own messages")
            conversation = self.state.conversations[stored.conversation]
            place = Place(self.state, conversation, stored.root or stored.id)
            activity = base_activity(
                place, self._person(person), "messageReaction", self.state.new_message_id()
            )
            activity["replyToId"] = stored.id
            activity["reactionsRemoved" if removed else "reactionsAdded"] = [{"type": reaction}]
        return self._deliver(activity, None)

    def _stored(self, said: Delivery | Post) -> Post:
        if isinstance(said, Post):
            found = self.state.post(said.conversation, said.id)
        else:
            conversation = str(said.activity["conversation"]["id"]).partition(";messageid=")[0]
            found = self.state.post(conversation, said.id)
        if found is None:
            raise AssertionError("that message is not in the tenant")
        return found

    def _deliver(self, activity: Json, forgery: Forgery | None) -> Delivery:
        return Delivery(activity, self.send(activity, forgery=forgery))


def _person_mention(tenant: Tenant, entity: Json) -> bool:
    """Tell whether an entity mentions a person (not the bot, a channel or the team)."""
    mentioned = entity.get("mentioned") or {}
    return entity.get("type") == "mention" and str(mentioned.get("id")) in tenant.people
