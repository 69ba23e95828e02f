"""The platform port: everything Backbone asks of a chat platform, and the map of the code.

```
handlers/slack/ (teams/)  listeners: read a payload, call a service, answer through the port
bot/slack/ (bot/teams/)   the port for one platform + rendering (Block Kit, Adaptive Cards)
bot/messages/             what a message says, neutral: spans, parts, forms, Home
bot/services/             the rules (items, decisions, polls, digests, nudges) and senders
storage/                  models, queries per concern, Alembic migrations
scheduler/                plain jobs of `now`, talking to services and ports only
bot/sandbox/              the emulators and `backbone shell`
bot/serving.py, tick.py   `serve` and `tick`: every platform set up, one server (bot/web.py)
```
Imports point inwards only: `bot.services`, `bot.messages`, `scheduler` and `storage` import
this module and never a platform's SDK (`slack_sdk`, `slack_bolt`, Teams packages); only a
platform's two packages do (tests/test_layers.py keeps it so). A platform implements `ChatPort`
for one workspace and `Ports` to find each workspace's; a call the platform refuses raises
`ChatError` with a `kind` the services can act on, whatever the platform called it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:  # types only: a port is used without loading the parts of messages
    from bot.messages.parts import Form, HomePage, Message, Tag

Platform = Literal["slack", "teams"]
# Why a call failed, in words the services act on:
# no_channel: the channel is gone or unknown; cannot_post: Backbone may not post there (not a
# member, archived, restricted); no_person: no such person; no_message: no such post;
# revoked: Backbone was removed from the workspace; rate_limited: too many calls, wait;
# unreachable: no answer in time; refused: anything else the platform said no to.
Kind = Literal[
    "no_channel",
    "cannot_post",
    "no_person",
    "no_message",
    "revoked",
    "rate_limited",
    "unreachable",
    "refused",
]
CANNOT_POST: frozenset[Kind] = frozenset({"no_channel", "cannot_post"})


class ChatError(Exception):
    """The platform did not do what was asked; `reason` is its own word, for the log."""

    def __init__(self, kind: Kind, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind: Kind = kind
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class PostRef:
    """Where a post is: its channel (a DM's channel for a DM) and its id there."""

    channel: str
    id: str


@dataclass(frozen=True)
class PersonInfo:
    """What the platform says of a person."""

    id: str
    name: str
    zone: str | None  # an IANA zone name, when the platform knows it
    admin: bool
    bot: bool
    deactivated: bool


@dataclass(frozen=True)
class ChannelInfo:
    """What the platform says of a channel."""

    id: str
    name: str
    private: bool
    archived: bool
    member: bool  # Backbone is in it
    direct: bool = False  # a direct message, with one person or a few


@dataclass(frozen=True)
class Seen:
    """A post as read back: where it is, who wrote it, its words and its tag."""

    ref: PostRef
    author: str | None
    text: str
    tag: Tag | None = None
    thread: PostRef | None = None
    app: bool = False  # an app wrote it, not a person


class ChatPort(Protocol):
    """One workspace of one platform, as Backbone uses it."""

    platform: Platform
    # True where `whisper` lands in the person's direct messages (Teams has no ephemeral
    # messages): then what is sent to their DM anyway need not be whispered as well.
    private_in_dm: bool
    # True where a direct message has threads (Slack); Teams' personal chat is one
    # conversation, so what goes "in the thread" of a post there comes right after it.
    dm_threads: bool

    def post(self, channel: str, message: Message) -> PostRef:
        """Post a message in a channel."""
        ...

    def update(self, ref: PostRef, message: Message) -> None:
        """Replace what a post says."""
        ...

    def reply(self, thread: PostRef, message: Message) -> PostRef:
        """Reply in a post's thread."""
        ...

    def dm(self, person: str, message: Message) -> PostRef:
        """Send a person a direct message."""
        ...

    def whisper(
        self, channel: str, person: str, message: Message, *, thread: PostRef | None = None
    ) -> None:
        """Show a message to one person in a channel (nobody else sees it)."""
        ...

    def open_form(self, trigger: str, form: Form) -> None:
        """Open a form for the person whose press or command gave `trigger`."""
        ...

    def show_home(self, person: str, page: HomePage) -> None:
        """Show a person their Home."""
        ...

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
        """Share a picture (a PNG; `name` without its extension) in a channel or a thread."""
        ...

    def react(self, ref: PostRef, emoji: str) -> None:
        """Add a reaction (an emoji name such as "white_check_mark") to a post."""
        ...

    def reactions(self, ref: PostRef) -> dict[str, frozenset[str]]:
        """Return who reacted to a post with each emoji name."""
        ...

    def person(self, person: str) -> PersonInfo:
        """Look a person up."""
        ...

    def channel(self, channel: str) -> ChannelInfo:
        """Look a channel up."""
        ...

    def members(self, channel: str) -> frozenset[str]:
        """Return who is in a channel."""
        ...

    def read(self, ref: PostRef) -> Seen | None:
        """Read one post back (None when it is gone)."""
        ...

    def find_tagged(self, channel: str, kind: str, *, since: datetime) -> list[Seen]:
        """Return the posts in a channel since `since` that carry a tag of `kind`."""
        ...

    def link_to(self, ref: PostRef) -> str | None:
        """Return a link that opens a post, when the platform gives one."""
        ...

    def me(self) -> str:
        """Return Backbone's own person id in this workspace."""
        ...


class Ports(Protocol):
    """Each workspace's port for one run of scheduled work, and the workspaces lost in it."""

    @property
    def lost(self) -> set[str]:
        """The workspaces found in this run to have removed Backbone."""
        ...

    def for_team(self, team_id: str) -> ChatPort | None:
        """Return a workspace's port, or None when Backbone can no longer speak there."""
        ...

    def working_team(self) -> str | None:
        """Return the one workspace a single-token set-up serves, if it is one."""
        ...

    def lose(self, team_id: str) -> None:
        """Note that a workspace removed Backbone."""
        ...
