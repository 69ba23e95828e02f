"""Emulated auth.*, users.* and conversations.* Web API methods."""

from __future__ import annotations

import base64
import binascii

from bot.sandbox.api_base import ApiError, as_bool, find_channel, find_user, optional, require
from bot.sandbox.shapes import channel_json, user_json
from bot.sandbox.state import Json, Workspace

MEMBERS_PAGE = 100
MAX_MEMBERS_PAGE = 999


def auth_test(ws: Workspace, params: Json) -> Json:
    """Describe the bot token: team, bot user and bot id (Bolt reads these at start)."""
    bot = ws.users[ws.bot_user_id]
    return {
        "ok": True,
        "url": f"https://{ws.domain}.slack.com/",
        "team": ws.team_name,
        "user": bot.name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
        **({"enterprise_id": ws.oauth.enterprise["id"]} if ws.oauth.enterprise else {}),
    }


def users_info(ws: Workspace, params: Json) -> Json:
    """Return one user, deleted ones included (with `deleted: true`)."""
    user = find_user(ws, require(params, "user", "user_not_found"))
    return {"ok": True, "user": user_json(ws, user)}


def users_list(ws: Workspace, params: Json) -> Json:
    """Return every user in one page."""
    members = [user_json(ws, user) for user in ws.users.values()]
    return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}


def conversations_open(ws: Workspace, params: Json) -> Json:
    """Open (or find) the DM with one user; group DMs are not emulated."""
    if params.get("channel"):
        channel = find_channel(ws, str(params["channel"]))
        return {"ok": True, "channel": {"id": channel.id}, "already_open": True, "no_op": True}
    users = [u.strip() for u in str(params.get("users") or "").split(",") if u.strip()]
    if not users:
        raise ApiError("users_list_not_supplied")
    if len(users) > 1:
        raise ApiError("not_supported", "[ERROR] the emulator opens one-to-one DMs only")
    user = find_user(ws, users[0])
    if user.deleted:
        raise ApiError("user_disabled")
    already_open = any(c.is_im and c.user == user.id for c in ws.channels.values())
    dm = ws.dm_for(user.id)
    body: Json = {"ok": True, "channel": channel_json(ws, dm) if _full(params) else {"id": dm.id}}
    if already_open:
        body.update(no_op=True, already_open=True)
    return body


def _full(params: Json) -> bool:
    return as_bool(params.get("return_im", False))


def conversations_info(ws: Workspace, params: Json) -> Json:
    """Return one conversation the bot can see."""
    channel = find_channel(ws, require(params, "channel", "channel_not_found"))
    return {"ok": True, "channel": channel_json(ws, channel)}


def conversations_join(ws: Workspace, params: Json) -> Json:
    """Add the bot to a public channel."""
    channel = find_channel(ws, require(params, "channel", "channel_not_found"))
    if channel.is_im or channel.is_private:
        raise ApiError("method_not_supported_for_channel_type")
    if channel.is_archived:
        raise ApiError("is_archived")
    body: Json = {"ok": True}
    if channel.bot_is_member:
        body.update(
            warning="already_in_channel",
            response_metadata={"warnings": ["already_in_channel"]},
        )
    channel.bot_is_member = True
    channel.members.add(ws.bot_user_id)
    body["channel"] = channel_json(ws, channel)
    return body


def conversations_members(ws: Workspace, params: Json) -> Json:
    """Return one page of a conversation's member ids, as Slack pages them.

    `limit` defaults to 100 and must be 1 to 999 (`invalid_limit`); a page's `next_cursor` is the
    base64 of "user:<first id of the next page>", empty on the last page; any other cursor is
    `invalid_cursor`.
    """
    channel = find_channel(ws, require(params, "channel", "channel_not_found"))
    members = sorted(channel.members)
    limit = _member_limit(params.get("limit"))
    start = _cursor_position(members, optional(params, "cursor"))
    page, after = members[start : start + limit], members[start + limit : start + limit + 1]
    next_cursor = _cursor_for(after[0]) if after else ""
    return {"ok": True, "members": page, "response_metadata": {"next_cursor": next_cursor}}


def _member_limit(value: object) -> int:
    if value is None or value == "":
        return MEMBERS_PAGE
    try:
        limit = int(str(value))
    except ValueError:
        raise ApiError("invalid_limit") from None
    if not 1 <= limit <= MAX_MEMBERS_PAGE:
        raise ApiError("invalid_limit")
    return limit


def _cursor_for(user_id: str) -> str:
    return base64.b64encode(f"user:{user_id}".encode()).decode()


def _cursor_position(members: list[str], cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        decoded = base64.b64decode(cursor, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ApiError("invalid_cursor") from None
    user_id = decoded.removeprefix("user:")
    if not decoded.startswith("user:") or user_id not in members:
        raise ApiError("invalid_cursor")
    return members.index(user_id)
