"""The emulated workspace: users, channels, messages, views and files, behind one lock.

Every mutation goes through a `Workspace` held by one `SlackEmulator`; nothing here is global, so
several emulators can run side by side. Callers take `Workspace.lock` around reads and writes.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass
class User:
    """A person (or the bot) in the workspace."""

    id: str
    name: str
    real_name: str
    tz: str = "America/New_York"
    is_admin: bool = False
    is_owner: bool = False
    deleted: bool = False
    is_bot: bool = False


@dataclass
class Channel:
    """A public or private channel, or a DM (`is_im`, with `user` set)."""

    id: str
    name: str
    is_private: bool = False
    is_archived: bool = False
    members: set[str] = field(default_factory=set)
    bot_is_member: bool = True
    is_im: bool = False
    user: str | None = None
    created: int = field(default_factory=lambda: int(time.time()))


@dataclass
class Message:
    """A message in a channel; `user` is the author's user id (the bot user id for the bot)."""

    channel: str
    ts: str
    user: str
    text: str
    blocks: list[Json] | None = None
    thread_ts: str | None = None
    reactions: dict[str, list[str]] = field(default_factory=dict)
    edited: Json | None = None
    bot_id: str | None = None
    attachments: list[Json] | None = None
    files: list[str] = field(default_factory=list)
    reply_broadcast: bool = False
    subtype: str | None = None  # "tombstone": a deleted message whose thread lives on
    metadata: Json | None = None  # an app's event_type and event_payload, read back on request


@dataclass
class Ephemeral:
    """A message only `user` sees, in `channel`; never stored in channel history."""

    channel: str
    user: str
    text: str
    blocks: list[Json] | None = None
    thread_ts: str | None = None
    ts: str = ""
    deleted: bool = False


@dataclass
class View:
    """A modal or a Home tab; `view` holds the app's definition after Slack-side normalisation."""

    id: str
    user: str
    view: Json
    kind: str
    hash: str
    trigger_id: str | None = None
    external_id: str | None = None
    state_values: dict[str, Json] = field(default_factory=dict)
    closed: bool = False


@dataclass
class UploadedFile:
    """A file started with files.getUploadURLExternal; `content` arrives at the upload URL."""

    id: str
    filename: str
    length: int
    title: str | None = None
    content: bytes | None = None
    alt_txt: str | None = None
    channel: str | None = None
    thread_ts: str | None = None
    initial_comment: str | None = None
    completed: bool = False


@dataclass
class ResponseUrl:
    """A response_url handed to the app with a command or an interaction.

    An interaction's URL belongs to the message clicked (`from_interaction`); a command's URL
    belongs to whatever it posted last, so `replace_original` edits that.
    """

    url_id: str
    channel: str
    user: str
    message_ts: str | None = None
    is_ephemeral: bool = False
    from_interaction: bool = False
    thread_ts: str | None = None
    uses: int = 0


@dataclass
class OAuthApp:
    """The app's install credentials, and what installs have granted (see sandbox/oauth.py)."""

    client_id: str = "1000000000.2000000000"
    client_secret: str = "sandboxclientsecret00000"
    # Where Slack sends the installer back when the authorize URL names no redirect_uri.
    redirect_url: str | None = None
    grants: dict[str, Json] = field(default_factory=dict)  # one-time codes → what they grant
    revoked: set[str] = field(default_factory=set)  # bot tokens Slack no longer accepts
    installs: int = 0
    # The Enterprise Grid org the workspace belongs to ({"id": "E…", "name": …}), if any.
    enterprise: Json | None = None


# The bot scopes app.yaml asks for, granted to the emulated app (auth.test's x-oauth-scopes).
BOT_SCOPES = (
    "chat:write,chat:write.public,commands,reactions:read,reactions:write,users:read,im:write,"
    "files:write,channels:history,channels:read,groups:history,groups:read"
)


@dataclass
class Workspace:
    """All state of one emulated workspace, guarded by `lock`."""

    team_id: str
    team_name: str
    bot_user_id: str
    bot_id: str
    bot_token: str = "xoxb-sandbox"
    app_id: str = "ASANDBOX"
    base_url: str = ""
    users: dict[str, User] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    ephemerals: list[Ephemeral] = field(default_factory=list)
    views: dict[str, View] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    triggers: dict[str, str] = field(default_factory=dict)
    response_urls: dict[str, ResponseUrl] = field(default_factory=dict)
    oauth: OAuthApp = field(default_factory=OAuthApp)
    scopes: set[str] = field(default_factory=lambda: set(BOT_SCOPES.split(",")))
    lock: threading.RLock = field(default_factory=threading.RLock)
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _last_ts_us: int = 0

    @property
    def domain(self) -> str:
        """Return the workspace's subdomain, as in https://<domain>.slack.com."""
        return self.team_name.lower().replace(" ", "-")

    def new_id(self, prefix: str) -> str:
        """Return a fresh id like Slack's (`V0000000007`), unique within this workspace."""
        return f"{prefix}{next(self._serial):010d}"

    def next_ts(self) -> str:
        """Return a message ts from the real clock, strictly increasing within a microsecond."""
        now_us = int(time.time() * 1_000_000)
        self._last_ts_us = max(now_us, self._last_ts_us + 1)
        seconds, micros = divmod(self._last_ts_us, 1_000_000)
        return f"{seconds}.{micros:06d}"

    def new_trigger(self, user: str) -> str:
        """Register and return a trigger_id that views.open accepts once, for `user`."""
        trigger_id = f"{int(time.time())}.{next(self._serial)}.sandbox"
        self.triggers[trigger_id] = user
        return trigger_id

    def find_message(self, channel: str, ts: str) -> Message | None:
        """Return the message with that ts in that channel, if it exists."""
        for message in self.messages:
            if message.channel == channel and message.ts == ts:
                return message
        return None

    def dm_for(self, user_id: str) -> Channel:
        """Return the DM channel between the bot and `user_id`, opening it the first time."""
        for channel in self.channels.values():
            if channel.is_im and channel.user == user_id:
                return channel
        dm = Channel(id=f"D{user_id}", name=user_id, is_private=True, is_im=True, user=user_id)
        dm.members = {user_id, self.bot_user_id}
        self.channels[dm.id] = dm
        return dm

    def channel_by_name(self, name: str) -> Channel | None:
        """Return the non-DM channel called `name` (without '#'), if any."""
        for channel in self.channels.values():
            if not channel.is_im and channel.name == name:
                return channel
        return None
