"""Where Backbone speaks in one Teams tenant, and what the people it mentions are called.

Teams needs a conversation's service URL for every call, a personal chat for a DM (opened
through the connector the first time), and a name for every `<at>` mention: the references
and names Backbone keeps (storage), else the connector's member lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.messages.parts import Form, HomePage, Message
from bot.port import ChatError
from bot.teams.connector import Connector
from bot.teams.render import people_of
from bot.teams.spans import Writer
from storage import teams_refs
from storage.db import transaction
from storage.models import TeamsConversation
from storage.people import get_person


class Places:
    """One tenant's conversation references and people's names, for the port."""

    def __init__(
        self,
        *,
        tenant_id: str,
        bot_id: str,
        connector: Connector,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime],
    ) -> None:
        self.tenant_id = tenant_id
        self.bot_id = bot_id
        self.connector = connector
        self.sessions = sessions
        self.clock = clock

    def conversation(self, conversation_id: str) -> TeamsConversation | None:
        """Return a stored conversation reference, or None."""
        with transaction(self.sessions) as session:
            return teams_refs.conversation(
                session, tenant_id=self.tenant_id, conversation_id=conversation_id
            )

    def service_url(self, conversation_id: str) -> str:
        """Return the service URL a conversation's activities came from (or the tenant's latest)."""
        with transaction(self.sessions) as session:
            found = teams_refs.conversation(
                session, tenant_id=self.tenant_id, conversation_id=conversation_id
            )
            url = (
                found.service_url
                if found
                else teams_refs.latest_service_url(session, tenant_id=self.tenant_id)
            )
        if url is None:
            raise ChatError("no_channel", "no service URL known for this tenant yet")
        return url

    def personal(self, person: str) -> TeamsConversation:
        """Return a person's personal chat, creating it through the connector when needed."""
        with transaction(self.sessions) as session:
            chat = teams_refs.personal_conversation(
                session, tenant_id=self.tenant_id, person_id=person
            )
            url = teams_refs.latest_service_url(session, tenant_id=self.tenant_id)
        if chat is not None:
            return chat
        if url is None:
            raise ChatError("no_person", "no service URL known for this tenant yet")
        made = self.connector.open_personal(
            url, tenant_id=self.tenant_id, bot_id=self.bot_id, person=person
        )
        with transaction(self.sessions) as session:
            teams_refs.remember_conversation(
                session,
                tenant_id=self.tenant_id,
                conversation_id=made,
                kind="personal",
                service_url=url,
                person_id=person,
                now=self.clock(),
            )
            chat = teams_refs.conversation(session, tenant_id=self.tenant_id, conversation_id=made)
        assert chat is not None
        return chat

    def member(self, person: str) -> dict[str, object]:
        """Return what Teams says of a person: from their personal chat, else a team of theirs."""
        failure = ChatError("no_person", "no conversation to look people up in")
        for url, conversation in self._where_people_may_be(person):
            try:
                return self.connector.member(url, conversation, person)
            except ChatError as error:
                if error.kind not in {"no_person", "no_channel", "cannot_post"}:
                    raise
                failure = error if error.kind == "no_person" else failure
        raise failure

    def _where_people_may_be(self, person: str) -> list[tuple[str, str]]:
        """Return the conversations to ask for a person: their chat, then each team's."""
        with transaction(self.sessions) as session:
            chat = teams_refs.personal_conversation(
                session, tenant_id=self.tenant_id, person_id=person
            )
            channels = teams_refs.team_conversations(session, tenant_id=self.tenant_id)
        places = [(chat.service_url, chat.conversation_id)] if chat else []
        teams = {c.teams_team_id: c.service_url for c in channels if c.teams_team_id}
        return places + [(url, team) for team, url in teams.items()]

    def writer(
        self,
        said: Message | HomePage | Form,
        *,
        url: str | None = None,
        conversation: str | None = None,
    ) -> Writer:
        """Return a writer that knows the names of everyone `said` mentions, and the channels."""
        people = people_of(said)
        with transaction(self.sessions) as session:
            names = {
                p: known.name
                for p in people
                if (known := get_person(session, team_id=self.tenant_id, user_id=p)) and known.name
            }
            channels = {
                c.conversation_id: c.name or "a channel"
                for c in teams_refs.team_conversations(session, tenant_id=self.tenant_id)
            }
        unknown = people - set(names)
        if len(unknown) > 1 and url is not None and conversation is not None:
            names |= self._members_named(unknown, url, conversation)  # one call, not one each
        for person in sorted(people - set(names)):
            names[person] = self._looked_up(person, url, conversation)
        return Writer(people=names, channels=channels, tenant_id=self.tenant_id)

    def _members_named(self, wanted: set[str], url: str, conversation: str) -> dict[str, str]:
        """Return the names of those of `wanted` who are members of a conversation."""
        try:
            found = self.connector.members(url, conversation)
        except ChatError:
            return {}
        return {
            str(m["id"]): str(m["name"]) for m in found if m.get("id") in wanted and m.get("name")
        }

    def _looked_up(self, person: str, url: str | None, conversation: str | None) -> str:
        """Return a person's name from the member lookup, or a kind word when Teams says none."""
        try:
            if url is not None and conversation is not None:
                return str(
                    self.connector.member(url, conversation, person).get("name") or "someone"
                )
            return str(self.member(person).get("name") or "someone")
        except ChatError:
            return "someone"
