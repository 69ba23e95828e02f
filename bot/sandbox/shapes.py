"""Render workspace objects as the JSON Slack returns for them (Web API answers and payloads)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.sandbox.state import Channel, Message, UploadedFile, User, View, Workspace

Json = dict[str, Any]
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def message_json(ws: Workspace, message: Message, *, with_metadata: bool = False) -> Json:
    """Return a message the way conversations.history and payloads show it.

    An app's message metadata shows only when asked for (`include_all_metadata`).
    """
    out: Json = {"type": "message", "text": message.text, "user": message.user, "ts": message.ts}
    if with_metadata and message.metadata is not None:
        out["metadata"] = message.metadata
    out["team"] = ws.team_id
    if message.subtype is not None:
        out.update(subtype=message.subtype, hidden=True)
    if message.bot_id is not None:
        out.update(bot_id=message.bot_id, app_id=ws.app_id, bot_profile=_bot_profile(ws))
    if message.blocks is not None:
        out["blocks"] = message.blocks
    if message.attachments is not None:
        out["attachments"] = message.attachments
    if message.thread_ts is not None:
        out["thread_ts"] = message.thread_ts
        root = ws.find_message(message.channel, message.thread_ts)
        out["parent_user_id"] = root.user if root is not None else message.user
    if message.edited is not None:
        out["edited"] = message.edited
    if message.reactions:
        out["reactions"] = reactions_json(message)
    if message.files:
        out["files"] = [file_json(ws, ws.files[file_id]) for file_id in message.files]
    return out


def reactions_json(message: Message) -> list[Json]:
    """Return a message's reactions as Slack lists them."""
    return [
        {"name": name, "users": list(users), "count": len(users)}
        for name, users in message.reactions.items()
        if users
    ]


def _bot_profile(ws: Workspace) -> Json:
    return {"id": ws.bot_id, "app_id": ws.app_id, "name": "Backbone", "deleted": False}


def user_json(ws: Workspace, user: User) -> Json:
    """Return a user as users.info gives it, with tz_offset computed for the current instant."""
    label, offset = _tz_label_and_offset(user.tz)
    return {
        "id": user.id,
        "team_id": ws.team_id,
        "name": user.name,
        "real_name": user.real_name,
        "deleted": user.deleted,
        "tz": user.tz,
        "tz_label": label,
        "tz_offset": offset,
        "is_admin": user.is_admin,
        "is_owner": user.is_owner,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "profile": {"real_name": user.real_name, "display_name": user.name, "team": ws.team_id},
    }


def _tz_label_and_offset(tz: str) -> tuple[str, int]:
    """Return the zone's abbreviation (Slack gives a long name) and its UTC offset now."""
    try:
        now = dt.datetime.now(ZoneInfo(tz))
    except ZoneInfoNotFoundError:
        return "Coordinated Universal Time", 0
    offset = now.utcoffset() or dt.timedelta(0)
    return now.tzname() or tz, int(offset.total_seconds())


def channel_json(ws: Workspace, channel: Channel) -> Json:
    """Return a conversation as conversations.info gives it."""
    out: Json = {
        "id": channel.id,
        "created": channel.created,
        "is_archived": channel.is_archived,
        "is_im": channel.is_im,
        "is_mpim": False,
        "is_private": channel.is_private,
        "context_team_id": ws.team_id,
    }
    if channel.is_im:
        out.update(user=channel.user, is_user_deleted=_user_deleted(ws, channel.user))
        return out
    out.update(
        name=channel.name,
        is_channel=not channel.is_private,
        is_group=channel.is_private,
        is_general=channel.name == "general",
        is_member=channel.bot_is_member,
        name_normalized=channel.name,
        num_members=len(channel.members),
    )
    return out


def _user_deleted(ws: Workspace, user_id: str | None) -> bool:
    user = ws.users.get(user_id or "")
    return user is not None and user.deleted


def channel_type(channel: Channel) -> str:
    """Return the `channel_type` that message events carry for this conversation."""
    if channel.is_im:
        return "im"
    return "group" if channel.is_private else "channel"


def view_json(ws: Workspace, view: View) -> Json:
    """Return a view as views.open/publish/update and view payloads give it."""
    definition = view.view
    out: Json = {
        "id": view.id,
        "team_id": ws.team_id,
        "type": view.kind,
        "blocks": definition.get("blocks", []),
        "private_metadata": definition.get("private_metadata", ""),
        "callback_id": definition.get("callback_id", ""),
        "state": {"values": view.state_values},
        "hash": view.hash,
        "clear_on_close": bool(definition.get("clear_on_close", False)),
        "notify_on_close": bool(definition.get("notify_on_close", False)),
        "root_view_id": view.id,
        "previous_view_id": None,
        "app_id": ws.app_id,
        "external_id": view.external_id or "",
        "app_installed_team_id": ws.team_id,
        "bot_id": ws.bot_id,
    }
    for key in ("title", "close", "submit"):
        out[key] = definition.get(key)
    return out


def file_json(ws: Workspace, upload: UploadedFile) -> Json:
    """Return a file object as files.completeUploadExternal gives it."""
    out: Json = {
        "id": upload.id,
        "name": upload.filename,
        "title": upload.title or upload.filename,
        "size": len(upload.content or b""),
        "user": ws.bot_user_id,
        "permalink": f"https://{ws.domain}.slack.com/files/{ws.bot_user_id}/{upload.id}",
    }
    if upload.alt_txt is not None:
        out["alt_txt"] = upload.alt_txt
    return out


def rich_text(text: str) -> Json:
    """Return the rich_text block Slack's composer attaches to a typed message."""
    elements: list[Json] = []
    position = 0
    for match in _MENTION.finditer(text):
        if match.start() > position:
            elements.append({"type": "text", "text": text[position : match.start()]})
        elements.append({"type": "user", "user_id": match.group(1)})
        position = match.end()
    if position < len(text):
        elements.append({"type": "text", "text": text[position:]})
    section = {"type": "rich_text_section", "elements": elements}
    return {"type": "rich_text", "block_id": "sandbox", "elements": [section]}
