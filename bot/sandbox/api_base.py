"""What every emulated Web API method shares: Slack's error answer, parameters, channel rules."""

from __future__ import annotations

from typing import Any

from bot.sandbox.blockkit import MAX_MESSAGE_BLOCKS, block_problems, normalize_blocks
from bot.sandbox.state import Channel, Json, User, Workspace

MAX_TEXT = 40_000
# Slack's answers to a message or view it will not show; the emulator keeps a record of each.
REFUSALS = frozenset({"invalid_blocks", "invalid_blocks_format", "invalid_arguments", "no_text"})


class ApiError(Exception):
    """An `{"ok": false, "error": ...}` answer, with Slack's detail lines when it gives some."""

    def __init__(self, error: str, *messages: str) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)

    def to_json(self) -> Json:
        """Return the body Slack answers with."""
        body: Json = {"ok": False, "error": self.error}
        if self.messages:
            body["response_metadata"] = {"messages": self.messages}
        return body


def require(params: Json, name: str, error: str = "invalid_arguments") -> str:
    """Return a required string parameter, or fail the way Slack does when it is missing."""
    value = params.get(name)
    if value is None or value == "":
        raise ApiError(error, f"[ERROR] missing required field: {name}")
    return str(value)


def optional(params: Json, name: str) -> str | None:
    """Return an optional string parameter; empty counts as absent, as in Slack's form parsing."""
    value = params.get(name)
    return None if value is None or value == "" else str(value)


def as_bool(value: Any) -> bool:
    """Read a boolean sent as JSON `true` or as form `1`/`true`."""
    if isinstance(value, str):
        return value.lower() in ("1", "true")
    return bool(value)


def find_user(ws: Workspace, user_id: str) -> User:
    """Return the user or raise `user_not_found`."""
    user = ws.users.get(user_id)
    if user is None:
        raise ApiError("user_not_found")
    return user


def find_channel(ws: Workspace, ref: str) -> Channel:
    """Return the conversation an id, a `#name` or a user id (their DM) refers to."""
    if ref[:1] in ("U", "W") and ref in ws.users:
        return ws.dm_for(ref)
    channel = ws.channels.get(ref) or ws.channel_by_name(ref.removeprefix("#"))
    # Slack hides private channels the bot is not in: they look like they do not exist.
    if channel is None or (channel.is_private and not channel.bot_is_member):
        raise ApiError("channel_not_found")
    return channel


# A bot with this scope may post in public channels it is not a member of (chat.postMessage
# only): https://docs.slack.dev/reference/scopes/chat:write.public
PUBLIC_POSTING = "chat:write.public"


def postable_channel(ws: Workspace, ref: str, *, public_ok: bool = False) -> Channel:
    """Return a conversation the bot may post in, or Slack's reason why not.

    `public_ok`: the method lets `chat:write.public` post in a public channel without joining.
    """
    channel = find_channel(ws, ref)
    if channel.is_archived:
        raise ApiError("is_archived")
    public = not (channel.is_private or channel.is_im)
    if not channel.bot_is_member and not (public_ok and public and PUBLIC_POSTING in ws.scopes):
        raise ApiError("not_in_channel")
    return channel


def member_channel(ws: Workspace, ref: str) -> Channel:
    """Return a conversation the bot is in, or `not_in_channel`.

    `reactions:read` covers only conversations the app has been added to
    (https://docs.slack.dev/reference/scopes/reactions.read), whatever it may post to.
    """
    channel = find_channel(ws, ref)
    if not channel.bot_is_member:
        raise ApiError("not_in_channel")
    return channel


def message_content(ws: Workspace, params: Json) -> tuple[str, list[Json] | None]:
    """Return the text and normalised blocks of a message after Slack's checks.

    Stricter than Slack: a message must always carry a non-empty `text`, even with blocks,
    because Backbone promises a plain-text fallback on every message (notifications, screen
    readers and tests read it). Slack itself only warns about that.
    """
    blocks = params.get("blocks")
    if isinstance(blocks, str):
        raise ApiError("invalid_blocks_format")
    if blocks is not None:
        problems = block_problems(blocks, "/blocks", MAX_MESSAGE_BLOCKS)
        if problems:
            raise ApiError("invalid_blocks", *problems)
    text = params.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ApiError("no_text")
    # Slack keeps the first 40,000 characters and drops the rest.
    return text[:MAX_TEXT], normalize_blocks(ws, blocks) if blocks is not None else None


def thread_root(ws: Workspace, channel: str, thread_ts: str | None) -> str | None:
    """Return the ts of the thread a reply goes to, or raise `thread_not_found`."""
    if thread_ts is None:
        return None
    parent = ws.find_message(channel, thread_ts)
    if parent is None:
        raise ApiError("thread_not_found")
    # Slack re-roots a reply to a reply onto the thread's parent.
    return parent.thread_ts or parent.ts
