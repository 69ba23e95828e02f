"""Installs, uninstalls and team membership, and the events Teams sends the bot for them.

Teams sends two activities for an install or an uninstall: an `installationUpdate` (action `add`
or `remove`) and a `conversationUpdate` listing the bot in `membersAdded` or `membersRemoved`
(`channelData.eventType` `teamMemberAdded` / `teamMemberRemoved` in a team). Membership changes
of people come as a `conversationUpdate` alone. The tenant changes before the events are sent,
so a bot that reacts to an uninstall already meets the connector's refusal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.sandbox.sender import AppResponse
from bot.sandbox.teams.activities import Place, base_activity
from bot.sandbox.teams.delivery import Delivery
from bot.sandbox.teams.state import Conversation, Json, Person, Team, Tenant

if TYPE_CHECKING:
    from bot.sandbox.teams.people import Who
    from bot.sandbox.teams.sender import Forgery


def not_sent(activity: Json) -> Delivery:
    """Return what Teams sends a bot not installed where something happened: nothing (status 0)."""
    return Delivery(activity, AppResponse(0, "", None))


class InstallsDriver:
    """Install the bot, remove it, and change who is in a team; mixed into `TeamsEmulator`."""

    state: Tenant
    if TYPE_CHECKING:  # supplied by TeamsDriver

        def _person(self, who: Who) -> Person: ...
        def _add_channel(self, team: Team, name: str) -> str: ...
        def _deliver(self, activity: Json, forgery: Forgery | None) -> Delivery: ...

    def install_in_team(self, team_id: str, *, by: Who | None = None) -> list[Delivery]:
        """Install the bot in a team (from its General channel), as `by` or the first member."""
        with self.state.lock:
            team = self.state.teams[team_id]
            team.installed = True
            events = self._bot_events(
                self.state.conversations[team_id], self._actor(team_id, by), "add"
            )
        return [self._deliver(e, None) for e in events]

    def install_personal(self, person: Who) -> list[Delivery]:
        """Install the bot for a person (its personal chat opens)."""
        with self.state.lock:
            who = self._person(person)
            who.personal_install = True
            events = self._bot_events(self.state.open_personal_chat(who.id), who, "add")
        return [self._deliver(e, None) for e in events]

    def uninstall(self, *, team_id: str | None = None, person: Who | None = None) -> list[Delivery]:
        """Remove the bot from a team, or from a person's personal scope."""
        with self.state.lock:
            if team_id is not None:
                actor = self._actor(team_id, person)
                self.state.teams[team_id].installed = False
                events = self._bot_events(self.state.conversations[team_id], actor, "remove")
            elif person is not None:
                who = self._person(person)
                who.personal_install = False
                events = self._bot_events(self.state.open_personal_chat(who.id), who, "remove")
            else:
                raise ValueError("name the team_id or the person to uninstall from")
        return [self._deliver(e, None) for e in events]

    def add_member(self, team_id: str, person: Who, *, by: Who | None = None) -> Delivery:
        """Add a person to a team; the bot hears of it when it is installed there."""
        return self._membership(team_id, person, by, added=True)

    def remove_member(self, team_id: str, person: Who, *, by: Who | None = None) -> Delivery:
        """Remove a person from a team (Teams tells the bot: `teamMemberRemoved`)."""
        return self._membership(team_id, person, by, added=False)

    def create_channel(self, team_id: str, name: str, *, by: Who | None = None) -> Delivery:
        """Create a channel in a team: Teams tells the bot (`channelCreated`) if installed there.

        The new channel's id is in the answer's `activity["channelData"]["channel"]["id"]`.
        """
        with self.state.lock:
            actor = self._actor(team_id, by)
            channel_id = self._add_channel(self.state.teams[team_id], name)
            place = Place(self.state, self.state.conversations[team_id])
            activity = base_activity(
                place, actor, "conversationUpdate", self.state.new_message_id()
            )
            for key in ("entities", "localTimestamp", "localTimezone", "locale"):
                activity.pop(key)
            activity["channelData"].update(
                channel={"id": channel_id, "name": name}, eventType="channelCreated"
            )
            installed = self.state.teams[team_id].installed
        return self._deliver(activity, None) if installed else not_sent(activity)

    def _membership(self, team_id: str, person: Who, by: Who | None, *, added: bool) -> Delivery:
        with self.state.lock:
            team = self.state.teams[team_id]
            who = self._person(person)
            actor = self._actor(team_id, by, besides=who.id)
            if added and who.id not in team.members:
                team.members.append(who.id)
            if not added and who.id in team.members:
                team.members.remove(who.id)
            member = {"id": who.id, "aadObjectId": who.aad_object_id}
            activity = self._update(self.state.conversations[team_id], actor, member, added)
        return self._deliver(activity, None) if team.installed else not_sent(activity)

    def _actor(self, team_id: str, by: Who | None, besides: str | None = None) -> Person:
        if by is not None:
            return self._person(by)
        members = [m for m in self.state.teams[team_id].members if m != besides]
        if not members:
            raise ValueError("the team has nobody to do this; pass by=")
        return self.state.people[members[0]]

    def _bot_events(self, conversation: Conversation, actor: Person, action: str) -> list[Json]:
        place = Place(self.state, conversation)
        installation = base_activity(
            place, actor, "installationUpdate", self.state.new_message_id(), action=action
        )
        if conversation.team_id is not None:
            installation["channelData"]["settings"] = {"selectedChannel": {"id": conversation.id}}
            installation["channelData"]["source"] = {"name": "message"}
        bot = {"id": self.state.bot_id}
        return [installation, self._update(conversation, actor, bot, action == "add")]

    def _update(self, conversation: Conversation, actor: Person, member: Json, added: bool) -> Json:
        activity = self._service_event(Place(self.state, conversation), actor)
        activity["membersAdded" if added else "membersRemoved"] = [member]
        if conversation.team_id is not None:
            event = "teamMemberAdded" if added else "teamMemberRemoved"
            activity["channelData"]["eventType"] = event
        return activity

    def _service_event(self, place: Place, actor: Person) -> Json:
        """Return a conversationUpdate: it comes from the service, not a client, so it carries
        no client info and no local time."""
        activity = base_activity(place, actor, "conversationUpdate", self.state.new_message_id())
        for key in ("entities", "localTimestamp", "localTimezone", "locale"):
            activity.pop(key)
        return activity
