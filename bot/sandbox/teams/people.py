"""Setting up the tenant: people, teams with channels, group chats.

Mixed into `TeamsEmulator` (through `TeamsDriver`). Each call returns a snapshot of what it made.
"""

from __future__ import annotations

import copy
import secrets

from bot.sandbox.teams.state import (
    CHANNEL,
    GROUP_CHAT,
    Conversation,
    Person,
    Team,
    Tenant,
    new_channel_id,
    new_guid,
    new_user_id,
)

Who = Person | str  # a person, or their Teams id or AAD object id


class TenantDriver:
    """People, teams, channels and group chats of the tenant."""

    state: Tenant

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
        team_id: str | None = None,
    ) -> Team:
        """Add a team with its General channel (whose id is the team's) and more `channels`.

        `team_id` keeps a team's id from one run to the next (the sandbox's database does).
        """
        team_id = team_id or new_channel_id()
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

    def add_channel(self, team_id: str, name: str, *, channel_id: str | None = None) -> str:
        """Add a channel to a team (with the id given, if any); return its id."""
        with self.state.lock:
            return self._add_channel(self.state.teams[team_id], name, channel_id)

    def _add_channel(self, team: Team, name: str, channel_id: str | None = None) -> str:
        channel_id = channel_id or new_channel_id()
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

    def _reaches(self, conversation_id: str) -> bool:
        """Tell whether Teams would tell the bot of what happens in a conversation."""
        with self.state.lock:
            found = self.state.conversations.get(conversation_id.partition(";messageid=")[0])
            if found is None:
                return False
            if found.kind == CHANNEL:
                return self.state.teams[str(found.team_id)].installed
            person = self.state.people.get(str(found.person_id))
            return found.kind == GROUP_CHAT or (
                person is not None and self.state.bot_can_reach(person)
            )

    def add_group_chat(self, name: str, members: list[Who] | tuple[Who, ...]) -> str:
        """Add a group chat (the bot among its members); return its id (`19:…@thread.v2`)."""
        chat_id = f"19:{secrets.token_hex(16)}@thread.v2"
        with self.state.lock:
            ids = [self._person(m).id for m in members]
            self.state.conversations[chat_id] = Conversation(chat_id, GROUP_CHAT, name, members=ids)
        return chat_id
