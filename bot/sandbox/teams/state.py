"""The emulated tenant: people, teams with channels, conversations and posts, behind one lock.

Nothing here is global: each `TeamsEmulator` holds its own `Tenant`. Callers take `Tenant.lock`
around reads and writes. Ids take Teams' shapes (people `29:…`, the bot `28:<app id>`, channels
`19:…@thread.tacv2`, personal chats `a:…`, group chats `19:…@thread.v2`, GUIDs for AAD objects
and the tenant) so code that parses them meets what it will meet in Teams.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

PERSONAL, CHANNEL, GROUP_CHAT = "personal", "channel", "groupChat"


def new_guid() -> str:
    """Return a random GUID, as AAD object, tenant and app ids are."""
    return str(uuid.uuid4())


def new_user_id() -> str:
    """Return a Teams user id (`29:` and a long opaque string)."""
    return "29:1" + secrets.token_urlsafe(40).replace("-", "x").replace("_", "y")


def new_channel_id() -> str:
    """Return a channel (or team) conversation id."""
    return f"19:{secrets.token_hex(16)}@thread.tacv2"


@dataclass
class Person:
    """Someone in the tenant (`in_tenant=False`: a guest from elsewhere the connector refuses)."""

    id: str
    name: str
    aad_object_id: str
    zone: str = "America/New_York"
    locale: str = "en-US"
    email: str = ""
    in_tenant: bool = True
    personal_install: bool = False

    def account(self, tenant_id: str) -> Json:
        """Return this person as the connector lists members (a TeamsChannelAccount)."""
        given, _, surname = self.name.partition(" ")
        return {
            "id": self.id,
            "name": self.name,
            "aadObjectId": self.aad_object_id,
            "givenName": given,
            "surname": surname or None,
            "email": self.email,
            "userPrincipalName": self.email,
            "tenantId": tenant_id,
            "userRole": "user",
        }


@dataclass
class Team:
    """A team: its General channel's id is the team's id, as in Teams."""

    id: str
    name: str
    aad_group_id: str
    channels: dict[str, str] = field(default_factory=dict)  # channel id -> name
    members: list[str] = field(default_factory=list)  # person ids, in joining order
    installed: bool = False


@dataclass
class Conversation:
    """A personal chat with one person, a channel of a team, or a group chat."""

    id: str
    kind: str
    name: str | None = None
    team_id: str | None = None
    person_id: str | None = None
    members: list[str] = field(default_factory=list)  # only for group chats


@dataclass
class Post:
    """A message in a conversation, by a person or the bot; `root` is its thread's root id.

    `activity` is what was last sent (the bot's JSON, or the activity a person's message was
    delivered as); `history` keeps every earlier version, oldest first.
    """

    conversation: str
    id: str
    author: str
    text: str
    activity: Json
    root: str | None = None
    history: list[Json] = field(default_factory=list)
    deleted: bool = False
    created: float = field(default_factory=time.time)

    @property
    def cards(self) -> list[Json]:
        """Return the Adaptive Cards this post carries, in order."""
        return [
            a["content"]
            for a in self.activity.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]

    @property
    def edited(self) -> bool:
        """Tell whether the post was updated after it was first sent."""
        return bool(self.history)


@dataclass
class Tenant:
    """Everything the emulator knows, one lock around it."""

    id: str
    app_id: str
    app_password: str
    bot_name: str
    lock: threading.RLock = field(default_factory=threading.RLock)
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    conversations: dict[str, Conversation] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    base_url: str = ""
    issued_tokens: set[str] = field(default_factory=set)  # the `uti` of each connector token
    revoked_tokens: set[str] = field(default_factory=set)
    # Teams message ids are epoch milliseconds; a counter keeps them unique and ordered.
    _ids: itertools.count[int] = field(
        default_factory=lambda: itertools.count(int(time.time() * 1000))
    )

    @property
    def bot_id(self) -> str:
        """Return the bot's Teams id (`28:` and the app id)."""
        return f"28:{self.app_id}"

    @property
    def service_url(self) -> str:
        """Return the connector's service URL, with the trailing slash Teams sends."""
        return f"{self.base_url}/amer/"

    def new_message_id(self) -> str:
        """Return a fresh message id."""
        return str(next(self._ids))

    def person(self, person_id: str) -> Person | None:
        """Return a person by Teams id or AAD object id."""
        found = self.people.get(person_id)
        if found is not None:
            return found
        return next((p for p in self.people.values() if p.aad_object_id == person_id), None)

    def team_of_channel(self, channel_id: str) -> Team | None:
        """Return the team a channel belongs to."""
        return next((t for t in self.teams.values() if channel_id in t.channels), None)

    def post(self, conversation: str, post_id: str) -> Post | None:
        """Return a post of a conversation (deleted ones too)."""
        return next(
            (p for p in self.posts if p.conversation == conversation and p.id == post_id), None
        )

    def personal_chat(self, person_id: str) -> Conversation | None:
        """Return the bot's personal chat with a person, if one was opened."""
        return next(
            (
                c
                for c in self.conversations.values()
                if c.kind == PERSONAL and c.person_id == person_id
            ),
            None,
        )

    def open_personal_chat(self, person_id: str) -> Conversation:
        """Return the bot's personal chat with a person, opening it the first time."""
        found = self.personal_chat(person_id)
        if found is None:
            chat_id = "a:1" + secrets.token_urlsafe(48).replace("-", "x").replace("_", "y")
            found = Conversation(chat_id, PERSONAL, person_id=person_id)
            self.conversations[chat_id] = found
        return found

    def members_of(self, conversation: Conversation) -> list[Person]:
        """Return the people in a conversation (the bot is never listed)."""
        if conversation.kind == PERSONAL and conversation.person_id is not None:
            ids = [conversation.person_id]
        elif conversation.kind == CHANNEL and conversation.team_id in self.teams:
            ids = self.teams[conversation.team_id].members
        else:
            ids = conversation.members
        return [self.people[i] for i in ids if i in self.people]

    def bot_can_reach(self, person: Person) -> bool:
        """Tell whether the bot may open a personal chat with a person (installed for them)."""
        if person.personal_install:
            return True
        return any(t.installed and person.id in t.members for t in self.teams.values())
