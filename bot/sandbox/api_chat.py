"""Emulated chat.* and reactions.* Web API methods."""

from __future__ import annotations

import json
import re

from bot.sandbox.api_base import (
    ApiError,
    as_bool,
    find_channel,
    find_user,
    member_channel,
    message_content,
    optional,
    postable_channel,
    require,
    thread_root,
)
from bot.sandbox.shapes import message_json, reactions_json
from bot.sandbox.state import Ephemeral, Json, Message, Workspace

_EMOJI_NAME = re.compile(r"^[a-z0-9_+'-]+(::skin-tone-[2-6])?$")


def chat_post_message(ws: Workspace, params: Json) -> Json:
    """Post as the bot; `channel` may be a user id, which posts to that user's DM.

    Stricter than Slack: a `thread_ts` that names no message gives `thread_not_found`
    (Slack would silently start an orphan thread nobody sees).
    """
    ref = require(params, "channel", "channel_not_found")
    channel = postable_channel(ws, ref, public_ok=True)  # chat:write.public
    text, blocks = message_content(ws, params)
    thread_ts = thread_root(ws, channel.id, optional(params, "thread_ts"))
    message = Message(channel=channel.id, ts=ws.next_ts(), user=ws.bot_user_id, text=text)
    message.blocks, message.thread_ts, message.bot_id = blocks, thread_ts, ws.bot_id
    message.attachments = params.get("attachments")
    message.reply_broadcast = as_bool(params.get("reply_broadcast", False))
    message.metadata = message_metadata(params)
    ws.messages.append(message)
    return {
        "ok": True,
        "channel": channel.id,
        "ts": message.ts,
        "message": message_json(ws, message),
    }


def message_metadata(params: Json) -> Json | None:
    """Read a message's metadata as Slack requires it: an event_type and an object payload.

    https://docs.slack.dev/messaging/message-metadata: `event_type` is a string,
    `event_payload` an object; anything else is `invalid_metadata_format`.
    """
    raw = params.get("metadata")
    if raw is None:
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ApiError("invalid_metadata_format") from None
    if not (
        isinstance(raw, dict)
        and isinstance(raw.get("event_type"), str)
        and raw["event_type"]
        and isinstance(raw.get("event_payload"), dict)
    ):
        raise ApiError("invalid_metadata_format")
    return {"event_type": raw["event_type"], "event_payload": raw["event_payload"]}


def chat_post_ephemeral(ws: Workspace, params: Json) -> Json:
    """Show a message to one member of a conversation."""
    channel = postable_channel(ws, require(params, "channel", "channel_not_found"))
    user = find_user(ws, require(params, "user", "user_not_found"))
    if user.id not in channel.members:
        raise ApiError("user_not_in_channel")
    text, blocks = message_content(ws, params)
    ephemeral = Ephemeral(channel=channel.id, user=user.id, text=text, blocks=blocks)
    ephemeral.thread_ts, ephemeral.ts = optional(params, "thread_ts"), ws.next_ts()
    ws.ephemerals.append(ephemeral)
    return {"ok": True, "message_ts": ephemeral.ts}


def _own_message(ws: Workspace, params: Json, refusal: str) -> Message:
    channel = find_channel(ws, require(params, "channel", "channel_not_found"))
    message = ws.find_message(channel.id, require(params, "ts", "message_not_found"))
    if message is None:
        raise ApiError("message_not_found")
    if message.user != ws.bot_user_id:
        raise ApiError(refusal)
    return message


def chat_update(ws: Workspace, params: Json) -> Json:
    """Edit one of the bot's messages; blocks left out are kept, as Slack keeps them."""
    message = _own_message(ws, params, "cant_update_message")
    if find_channel(ws, message.channel).is_archived:
        raise ApiError("is_archived")
    merged = {"blocks": message.blocks, **params}
    text, blocks = message_content(ws, merged)
    message.text, message.blocks = text, blocks
    if "attachments" in params:
        message.attachments = params["attachments"]
    message.edited = {"user": ws.bot_user_id, "ts": ws.next_ts()}
    body = {"ok": True, "channel": message.channel, "ts": message.ts, "text": text}
    return {**body, "message": message_json(ws, message)}


def chat_delete(ws: Workspace, params: Json) -> Json:
    """Delete one of the bot's messages (its thread replies stay, as in Slack)."""
    message = _own_message(ws, params, "cant_delete_message")
    ws.messages.remove(message)
    return {"ok": True, "channel": message.channel, "ts": message.ts}


def chat_get_permalink(ws: Workspace, params: Json) -> Json:
    """Return a message's permalink in Slack's format."""
    channel = find_channel(ws, require(params, "channel", "channel_not_found"))
    message = ws.find_message(channel.id, require(params, "message_ts", "message_not_found"))
    if message is None:
        raise ApiError("message_not_found")
    link = f"https://{ws.domain}.slack.com/archives/{channel.id}/p{message.ts.replace('.', '')}"
    if message.thread_ts is not None:
        link += f"?thread_ts={message.thread_ts}&cid={channel.id}"
    return {"ok": True, "channel": channel.id, "permalink": link}


def _reacted_message(ws: Workspace, params: Json) -> tuple[Message, str]:
    channel = postable_channel(ws, require(params, "channel", "channel_not_found"))  # member
    message = ws.find_message(channel.id, require(params, "timestamp", "message_not_found"))
    if message is None:
        raise ApiError("message_not_found")
    name = require(params, "name", "invalid_name")
    if not _EMOJI_NAME.match(name):
        raise ApiError("invalid_name")
    return message, name


def reactions_add(ws: Workspace, params: Json) -> Json:
    """Add the bot's reaction to a message."""
    message, name = _reacted_message(ws, params)
    users = message.reactions.setdefault(name, [])
    if ws.bot_user_id in users:
        raise ApiError("already_reacted")
    users.append(ws.bot_user_id)
    return {"ok": True}


def reactions_remove(ws: Workspace, params: Json) -> Json:
    """Remove the bot's reaction from a message."""
    message, name = _reacted_message(ws, params)
    users = message.reactions.get(name, [])
    if ws.bot_user_id not in users:
        raise ApiError("no_reaction")
    users.remove(ws.bot_user_id)
    return {"ok": True}


def reactions_get(ws: Workspace, params: Json) -> Json:
    """Return a message with all its reactions, in a conversation the bot is in."""
    channel = member_channel(ws, require(params, "channel", "channel_not_found"))
    message = ws.find_message(channel.id, require(params, "timestamp", "message_not_found"))
    if message is None:
        raise ApiError("message_not_found")
    shown = message_json(ws, message)
    shown["reactions"] = reactions_json(message)
    return {"ok": True, "type": "message", "channel": channel.id, "message": shown}
