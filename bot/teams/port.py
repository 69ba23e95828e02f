"""The port's Teams side: `ChatPort` for one tenant over the Bot Framework connector.

Teams differs from Slack where the port must say so: there are no ephemeral messages (a whisper
goes to the person's personal chat, saying where it came from); dialogs open only as the answer
to an invoke (`open_form` leaves the dialog in `answers` for the invoke handler); a bot cannot
read messages back (Backbone's own posts are kept in a ledger, storage/teams_posts.py), nor add
reactions; pictures are served from Backbone's own address because a message holds ~28 KB.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from sqlalchemy.orm import Session, sessionmaker

from bot.messages.parts import Form, HomePage, Message, Note, Paragraph, Picture, Tag
from bot.messages.spans import ChannelRef, Link, Words, line
from bot.port import ChannelInfo, ChatError, PersonInfo, Platform, PostRef, Seen
from bot.teams.connector import Connector
from bot.teams.places import Places
from bot.teams.render import attachment, render_form, render_home, render_message
from bot.teams.spans import plain_of
from storage import teams_posts, teams_refs
from storage.db import transaction

HOME = "Your Backbone Home"
NO_PUBLIC_URL = "The picture needs BACKBONE_PUBLIC_URL to be set before Teams can show it."


PENDING_DIALOGS = 64  # dialogs waiting for their invoke's answer, at most


class TeamsPort:
    """One Teams tenant, through the connector, with the conversation references we keep."""

    platform: Platform = "teams"
    private_in_dm = True  # Teams has no ephemeral messages: `whisper` writes to the personal chat
    dm_threads = False

    def __init__(
        self,
        *,
        tenant_id: str,
        app_id: str,
        connector: Connector,
        session_factory: sessionmaker[Session],
        clock: Callable[[], datetime],
        public_url: str | None = None,
    ) -> None:
        self.tenant_id = tenant_id
        self.app_id = app_id
        self.connector = connector
        self.sessions = session_factory
        self.clock = clock
        self.public_url = (public_url or "").rstrip("/") or None
        self._answering = threading.Lock()
        self.answers: dict[str, dict[str, Any]] = {}  # invoke id -> its dialog, for the handler
        self.places = Places(
            tenant_id=tenant_id,
            bot_id=self.me(),
            connector=connector,
            sessions=session_factory,
            clock=clock,
        )

    def post(self, channel: str, message: Message) -> PostRef:
        """Post a message in a conversation."""
        return self._send(channel, message)

    def update(self, ref: PostRef, message: Message) -> None:
        """Replace what a post says."""
        url = self.places.service_url(ref.channel)
        writer = self.places.writer(message, url=url, conversation=ref.channel)
        self.connector.update(url, ref.channel, ref.id, render_message(message, writer))
        self._remember(ref, message, thread=None, people=writer.people)

    def reply(self, thread: PostRef, message: Message) -> PostRef:
        """Reply in a post's thread (the conversation `<channel>;messageid=<root>`)."""
        return self._send(thread.channel, message, thread=thread)

    def dm(self, person: str, message: Message) -> PostRef:
        """Send a person a message in their personal chat, opening it when needed."""
        return self._send(self.places.personal(person).conversation_id, message)

    def whisper(
        self, channel: str, person: str, message: Message, *, thread: PostRef | None = None
    ) -> None:
        """Tell one person privately: Teams has no ephemeral messages, so in their personal chat."""
        where = line("For you only, from ", ChannelRef(channel), ":")
        if thread is not None and (link := self.link_to(thread)):
            where = line("For you only, from ", Link(link, line("a message")),
                         " in ", ChannelRef(channel), ":")  # fmt: skip
        if message.parts:
            said = Message(message.text, (Note(where), *message.parts), message.tag)
        else:
            said = Message((*where, Words(" "), *message.text), (), message.tag)
        self.dm(person, said)

    def open_form(self, trigger: str, form: Form) -> None:
        """Leave a dialog as the answer of the pending invoke `trigger`.

        The invoke's handler takes it at once; one left by work that was not an invoke is
        dropped with the oldest, so the dict stays small however long the process runs.
        """
        self.answers[trigger] = render_form(form, self.places.writer(form))
        with self._answering:
            while len(self.answers) > PENDING_DIALOGS:
                self.answers.pop(next(iter(self.answers)), None)

    def show_home(self, person: str, page: HomePage) -> None:
        """Show a person their Home: one card in their personal chat, updated in place."""
        chat = self.places.personal(person)
        card = render_home(page, self.places.writer(page))
        activity = {"type": "message", "summary": HOME, "attachments": [attachment(card)]}
        if chat.home_activity_id:
            try:
                self.connector.update(
                    chat.service_url, chat.conversation_id, chat.home_activity_id, activity
                )
                return
            except ChatError as error:
                if error.kind != "no_message":
                    raise
        posted = self.connector.send(chat.service_url, chat.conversation_id, activity)
        with transaction(self.sessions) as session:
            teams_refs.set_home_activity(
                session,
                tenant_id=self.tenant_id,
                conversation_id=chat.conversation_id,
                activity_id=posted,
            )

    def upload_image(
        self,
        channel: str,
        png: bytes,
        *,
        name: str,
        title: str,
        alt: str,
        thread: PostRef | None = None,
    ) -> None:
        """Share a picture: stored here, shown in a card from Backbone's public address."""
        if self.public_url is None:
            parts: tuple[Any, ...] = (
                Paragraph((line(title),)),
                Paragraph((line(alt),)),
                Note(line(NO_PUBLIC_URL)),
            )
        else:
            with transaction(self.sessions) as session:
                picture = teams_posts.save_picture(
                    session, tenant_id=self.tenant_id, png=png, now=self.clock()
                )
            url = f"{self.public_url}/teams/pictures/{picture}.png"
            parts = (Picture(url, alt, title),)
        message = Message(line(title), parts)
        self._send(channel, message, thread=thread)

    def react(self, ref: PostRef, emoji: str) -> None:
        """Teams gives bots no way to add a reaction: say so (polls use buttons there)."""
        raise ChatError("refused", "Teams bots cannot add reactions")

    def reactions(self, ref: PostRef) -> dict[str, frozenset[str]]:
        """Return no reactions: Bot Framework cannot read them back."""
        return {}

    def person(self, person: str) -> PersonInfo:
        """Look a person up as a member of their personal chat or of a team Backbone is in."""
        found = self.places.member(person)
        name = str(found.get("name") or found.get("givenName") or person)
        return PersonInfo(
            id=str(found.get("id") or person),
            name=name,
            zone=None,
            admin=False,
            bot=person.startswith("28:"),
            deactivated=False,
        )

    def channel(self, channel: str) -> ChannelInfo:
        """Look a conversation up in the references Backbone keeps."""
        found = self.places.conversation(channel)
        if found is None:
            raise ChatError("no_channel", "no conversation reference")
        return ChannelInfo(
            id=channel,
            name=found.name or "",
            private=found.kind != "channel",
            archived=False,
            member=found.active,
            direct=found.kind != "channel",
        )

    def members(self, channel: str) -> frozenset[str]:
        """Return who is in a conversation (a channel's are its team's members)."""
        found = self.connector.members(self.places.service_url(channel), channel)
        return frozenset(str(member["id"]) for member in found if member.get("id"))

    def read(self, ref: PostRef) -> Seen | None:
        """Read one of Backbone's own posts back from the ledger (None: not one of ours)."""
        with transaction(self.sessions) as session:
            found = teams_posts.post(
                session, tenant_id=self.tenant_id, conversation_id=ref.channel, activity_id=ref.id
            )
            return None if found is None else self._seen(found)

    def find_tagged(self, channel: str, kind: str, *, since: datetime) -> list[Seen]:
        """Return Backbone's posts in a conversation since `since` tagged `kind`, newest first."""
        with transaction(self.sessions) as session:
            found = teams_posts.tagged_posts(
                session, tenant_id=self.tenant_id, conversation_id=channel, kind=kind, since=since
            )
            return [self._seen(post) for post in found]

    def link_to(self, ref: PostRef) -> str | None:
        """Return the deep link that opens a post in Teams."""
        post = quote(ref.id, safe="")
        link = f"https://teams.microsoft.com/l/message/{quote(ref.channel, safe='')}/{post}"
        return f"{link}?tenantId={quote(self.tenant_id)}&parentMessageId={post}"

    def me(self) -> str:
        """Return Backbone's own id in Teams, `28:<app id>`."""
        return f"28:{self.app_id}"

    def _send(self, channel: str, message: Message, *, thread: PostRef | None = None) -> PostRef:
        url = self.places.service_url(channel)
        if not has_threads(channel):
            thread = None  # a chat is one conversation: a "thread" there is the chat itself
        target = channel if thread is None else f"{channel};messageid={thread.id}"
        writer = self.places.writer(message, url=url, conversation=channel)
        ref = PostRef(channel, self.connector.send(url, target, render_message(message, writer)))
        self._remember(ref, message, thread=thread, people=writer.people)
        return ref

    def _remember(
        self, ref: PostRef, message: Message, *, thread: PostRef | None, people: Mapping[str, str]
    ) -> None:
        """Keep what a post says in the ledger (Teams cannot read it back)."""
        tag = message.tag
        with transaction(self.sessions) as session:
            teams_posts.remember_post(
                session,
                tenant_id=self.tenant_id,
                conversation_id=ref.channel,
                activity_id=ref.id,
                text=plain_of(message.text, people),
                tag_kind=tag.kind if tag else None,
                tag_values=dict(tag.values) if tag else {},
                now=self.clock(),
                thread_id=thread.id if thread else None,
            )

    def _seen(self, post: Any) -> Seen:
        thread = PostRef(post.conversation_id, post.thread_id) if post.thread_id else None
        tag = Tag(post.tag_kind, dict(post.tag_values)) if post.tag_kind else None
        ref = PostRef(post.conversation_id, post.activity_id)
        return Seen(ref=ref, author=self.me(), text=post.text, tag=tag, thread=thread, app=True)


def has_threads(conversation_id: str) -> bool:
    """Tell whether a conversation has threads: only channels do, never a personal or group chat."""
    return not conversation_id.startswith("a:") and not conversation_id.endswith("@thread.v2")


class TeamsPorts:
    """The one tenant's port for a run of scheduled work (Backbone's Teams bot is single-tenant)."""

    def __init__(self, port: TeamsPort) -> None:
        self.port = port
        self._lost: set[str] = set()

    @property
    def lost(self) -> set[str]:
        """The tenants found in this run to have removed Backbone."""
        return self._lost

    def for_team(self, team_id: str) -> TeamsPort | None:
        """Return the tenant's port, or None for another tenant or one that removed Backbone."""
        if team_id != self.port.tenant_id or team_id in self._lost:
            return None
        return self.port

    def working_team(self) -> str | None:
        """Return the one tenant this bot serves, unless it removed Backbone."""
        return None if self.port.tenant_id in self._lost else self.port.tenant_id

    def lose(self, team_id: str) -> None:
        """Stop using a tenant for the rest of this run."""
        self._lost.add(team_id)
