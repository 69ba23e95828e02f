"""Build requests in the exact shapes Slack sends: commands, event envelopes, interactions."""

from __future__ import annotations

import time
import uuid

from bot.sandbox.shapes import channel_type, message_json, rich_text
from bot.sandbox.state import Channel, Ephemeral, Json, Message, User, Workspace

VERIFICATION_TOKEN = "sandbox-verification-token"


def command_fields(
    ws: Workspace, command: str, text: str, user: User, channel: Channel, urls: tuple[str, str]
) -> dict[str, str]:
    """Return a slash command's form fields; `urls` is (response_url, trigger_id)."""
    response_url, trigger_id = urls
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": ws.team_id,
        "team_domain": ws.domain,
        "channel_id": channel.id,
        "channel_name": "directmessage" if channel.is_im else channel.name,
        "user_id": user.id,
        "user_name": user.name,
        "command": command,
        "text": text,
        "api_app_id": ws.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
        **_grid_fields(ws),
    }


def _grid_fields(ws: Workspace) -> dict[str, str]:
    """Return a slash command's Enterprise Grid fields, when the workspace is in an org."""
    org = ws.oauth.enterprise
    return {"enterprise_id": org["id"], "enterprise_name": org["name"]} if org else {}


def _org_id(ws: Workspace) -> str | None:
    return ws.oauth.enterprise["id"] if ws.oauth.enterprise else None


def event_envelope(ws: Workspace, event: Json, event_id: str) -> Json:
    """Wrap an event in the `event_callback` envelope of the Events API."""
    authorization = {
        "enterprise_id": _org_id(ws),
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "is_bot": True,
        "is_enterprise_install": False,
    }
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": ws.team_id,
        **({"enterprise_id": _org_id(ws)} if ws.oauth.enterprise else {}),
        "context_team_id": ws.team_id,
        "context_enterprise_id": _org_id(ws),
        "api_app_id": ws.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [authorization],
        "is_ext_shared_channel": False,
        "event_context": f"4-sandbox-{event_id}",
    }


def message_event(ws: Workspace, message: Message, channel: Channel) -> Json:
    """Return the `message` event for a person's message."""
    event: Json = {
        "type": "message",
        "user": message.user,
        "text": message.text,
        "ts": message.ts,
        "client_msg_id": str(uuid.uuid4()),
        "team": ws.team_id,
        "blocks": message.blocks or [rich_text(message.text)],
        "channel": channel.id,
        "event_ts": message.ts,
        "channel_type": channel_type(channel),
    }
    if message.thread_ts is not None:
        event["thread_ts"] = message.thread_ts
        root = ws.find_message(channel.id, message.thread_ts)
        event["parent_user_id"] = root.user if root is not None else message.user
    return event


def message_changed_event(ws: Workspace, message: Message, before: Json, channel: Channel) -> Json:
    """Return the `message_changed` event for an edit (or for a deleted thread parent)."""
    event_ts = ws.next_ts()
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": message_json(ws, message),
        "previous_message": before,
        "channel": channel.id,
        "hidden": True,
        "ts": event_ts,
        "event_ts": event_ts,
        "channel_type": channel_type(channel),
    }


def message_deleted_event(ws: Workspace, before: Json, channel: Channel) -> Json:
    """Return the `message_deleted` event for a message deleted with no thread under it."""
    event_ts = ws.next_ts()
    return {
        "type": "message",
        "subtype": "message_deleted",
        "previous_message": before,
        "channel": channel.id,
        "hidden": True,
        "deleted_ts": before["ts"],
        "ts": event_ts,
        "event_ts": event_ts,
        "channel_type": channel_type(channel),
    }


def reaction_event(kind: str, user: str, message: Message, name: str) -> Json:
    """Return a `reaction_added` or `reaction_removed` event."""
    return {
        "type": kind,
        "user": user,
        "reaction": name,
        "item_user": message.user,
        "item": {"type": "message", "channel": message.channel, "ts": message.ts},
        "event_ts": f"{time.time():.6f}",
    }


def user_ref(ws: Workspace, user: User) -> Json:
    """Return the `user` object of an interaction payload."""
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": ws.team_id}


def _team_org(ws: Workspace) -> Json:
    org = ws.oauth.enterprise
    return {"enterprise_id": org["id"], "enterprise_name": org["name"]} if org else {}


def _common(ws: Workspace, kind: str, user: User, trigger_id: str) -> Json:
    return {
        "type": kind,
        "user": user_ref(ws, user),
        "api_app_id": ws.app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "team": {"id": ws.team_id, "domain": ws.domain, **_team_org(ws)},
        "enterprise": ws.oauth.enterprise,
        "is_enterprise_install": False,
    }


def message_actions(
    ws: Workspace, user: User, message: Message, action: Json, urls: tuple[str, str]
) -> Json:
    """Return a `block_actions` payload for a click on a channel message."""
    response_url, trigger_id = urls
    channel = ws.channels[message.channel]
    payload = _common(ws, "block_actions", user, trigger_id)
    container: Json = {"type": "message", "message_ts": message.ts, "channel_id": channel.id}
    container["is_ephemeral"] = False
    if message.thread_ts is not None:
        container["thread_ts"] = message.thread_ts
    payload.update(container=container, channel=_channel_ref(channel), state={"values": {}})
    payload.update(message=message_json(ws, message), response_url=response_url, actions=[action])
    return payload


def ephemeral_actions(
    ws: Workspace, user: User, ephemeral: Ephemeral, action: Json, urls: tuple[str, str]
) -> Json:
    """Return a `block_actions` payload for a click on an ephemeral message (no `message` key)."""
    response_url, trigger_id = urls
    channel = ws.channels[ephemeral.channel]
    payload = _common(ws, "block_actions", user, trigger_id)
    container: Json = {"type": "message", "message_ts": ephemeral.ts, "channel_id": channel.id}
    container["is_ephemeral"] = True
    payload.update(container=container, channel=_channel_ref(channel), state={"values": {}})
    payload.update(response_url=response_url, actions=[action])
    return payload


def view_actions(ws: Workspace, user: User, view: Json, action: Json, trigger_id: str) -> Json:
    """Return a `block_actions` payload for a click inside a modal or Home tab."""
    payload = _common(ws, "block_actions", user, trigger_id)
    payload.update(container={"type": "view", "view_id": view["id"]}, view=view, actions=[action])
    return payload


def view_submission(ws: Workspace, user: User, view: Json, trigger_id: str) -> Json:
    """Return a `view_submission` payload; `view` already carries `state.values`."""
    payload = _common(ws, "view_submission", user, trigger_id)
    payload.update(view=view, response_urls=[])
    return payload


def message_shortcut(
    ws: Workspace, callback_id: str, user: User, message: Message, urls: tuple[str, str]
) -> Json:
    """Return a `message_action` payload (a message shortcut)."""
    response_url, trigger_id = urls
    payload = _common(ws, "message_action", user, trigger_id)
    payload.update(
        callback_id=callback_id,
        action_ts=f"{time.time():.6f}",
        channel=_channel_ref(ws.channels[message.channel]),
        message_ts=message.ts,
        message=message_json(ws, message),
        response_url=response_url,
    )
    return payload


def _channel_ref(channel: Channel) -> Json:
    return {"id": channel.id, "name": "directmessage" if channel.is_im else channel.name}
