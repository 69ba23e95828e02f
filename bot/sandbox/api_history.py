"""Emulated conversations.history and conversations.replies: reading messages back.

Both page by `latest`/`oldest` (exclusive unless `inclusive`) and `limit`, one page only. The
bot reads channels it is a member of; elsewhere Slack answers `not_in_channel`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from bot.sandbox.api_base import ApiError, as_bool, find_channel, optional, require
from bot.sandbox.shapes import message_json
from bot.sandbox.state import Channel, Json, Message, Workspace

DEFAULT_LIMIT = 100
MAX_LIMIT = 999


def conversations_history(ws: Workspace, params: Json) -> Json:
    """Return a conversation's top-level messages, newest first."""
    channel = _readable(ws, params)
    top = [m for m in ws.messages if m.channel == channel.id and _top_level(m)]
    found = sorted(_in_range(top, params), key=lambda m: Decimal(m.ts), reverse=True)
    limit = _limit(params)
    with_metadata = as_bool(params.get("include_all_metadata", False))
    return {
        "ok": True,
        "messages": [message_json(ws, m, with_metadata=with_metadata) for m in found[:limit]],
        "has_more": len(found) > limit,
        "pin_count": 0,
        "response_metadata": {"next_cursor": ""},
    }


def conversations_replies(ws: Workspace, params: Json) -> Json:
    """Return a thread, oldest first: its parent always, then the replies in range.

    `ts` may name the parent or any reply, as in Slack.
    """
    channel = _readable(ws, params)
    named = ws.find_message(channel.id, require(params, "ts", "thread_not_found"))
    if named is None:
        raise ApiError("thread_not_found")
    root_ts = named.thread_ts or named.ts
    parent = ws.find_message(channel.id, root_ts)
    replies = [
        m
        for m in ws.messages
        if m.channel == channel.id and m.thread_ts == root_ts and m.ts != root_ts
    ]
    found = sorted(_in_range(replies, params), key=lambda m: Decimal(m.ts))
    thread = ([parent] if parent is not None else []) + found
    limit = _limit(params)
    return {
        "ok": True,
        "messages": [message_json(ws, m) for m in thread[:limit]],
        "has_more": len(thread) > limit,
        "response_metadata": {"next_cursor": ""},
    }


def _readable(ws: Workspace, params: Json) -> Channel:
    channel = find_channel(ws, require(params, "channel", "channel_not_found"))
    if not channel.bot_is_member:
        raise ApiError("not_in_channel")
    return channel


def _top_level(message: Message) -> bool:
    return message.thread_ts in (None, message.ts) or message.reply_broadcast


def _in_range(messages: list[Message], params: Json) -> list[Message]:
    latest = _stamp(params, "latest", "invalid_ts_latest")
    oldest = _stamp(params, "oldest", "invalid_ts_oldest")
    inclusive = as_bool(params.get("inclusive", False))

    def inside(message: Message) -> bool:
        ts = Decimal(message.ts)
        if latest is not None and (ts > latest or (ts == latest and not inclusive)):
            return False
        return not (oldest is not None and (ts < oldest or (ts == oldest and not inclusive)))

    return [m for m in messages if inside(m)]


def _stamp(params: Json, name: str, error: str) -> Decimal | None:
    value = optional(params, name)
    if value is None:
        return None
    try:
        stamp = Decimal(value)
    except InvalidOperation:
        raise ApiError(error) from None
    if not stamp.is_finite():
        raise ApiError(error)
    return stamp


def _limit(params: Json) -> int:
    try:
        limit = int(params.get("limit", DEFAULT_LIMIT))
    except (TypeError, ValueError):
        raise ApiError("invalid_limit") from None
    return max(1, min(limit, MAX_LIMIT))
