"""What Slack does with a message posted to a response_url (or returned in a command's ack).

`in_channel` becomes a channel message, anything else an ephemeral to the user; with
`replace_original` / `delete_original` the message the URL belongs to is changed instead. A URL
from a slash command belongs to the last message it posted, so a later replace edits that one.
"""

from __future__ import annotations

from bot.sandbox.api_base import ApiError, as_bool, message_content
from bot.sandbox.state import Ephemeral, Json, Message, ResponseUrl, Workspace

MAX_USES = 5


def post_response(ws: Workspace, url: ResponseUrl, body: Json, *, count: bool = True) -> None:
    """Apply one response_url post to the workspace, or raise `ApiError` as Slack refuses it."""
    if count and url.uses >= MAX_USES:
        raise ApiError("used_url")
    if as_bool(body.get("delete_original", False)):
        _delete_original(ws, url)
    elif as_bool(body.get("replace_original", False)):
        _replace_original(ws, url, body)
    elif body.get("response_type") == "in_channel":
        _post_in_channel(ws, url, body)
    else:
        _post_ephemeral(ws, url, body)
    if count:
        url.uses += 1


def _original(ws: Workspace, url: ResponseUrl) -> Message | Ephemeral:
    if url.message_ts is None:
        raise ApiError("message_not_found")
    found: Message | Ephemeral | None
    if url.is_ephemeral:
        found = next((e for e in ws.ephemerals if _is_original(e, url)), None)
    else:
        found = ws.find_message(url.channel, url.message_ts)
    if found is None:
        raise ApiError("message_not_found")
    return found


def _is_original(ephemeral: Ephemeral, url: ResponseUrl) -> bool:
    return ephemeral.ts == url.message_ts and ephemeral.user == url.user and not ephemeral.deleted


def _delete_original(ws: Workspace, url: ResponseUrl) -> None:
    original = _original(ws, url)
    if isinstance(original, Ephemeral):
        original.deleted = True
    else:
        ws.messages.remove(original)


def _replace_original(ws: Workspace, url: ResponseUrl, body: Json) -> None:
    original = _original(ws, url)
    text, blocks = message_content(ws, body)
    original.text, original.blocks = text, blocks
    if isinstance(original, Message):
        original.edited = {"user": ws.bot_user_id, "ts": ws.next_ts()}


def _post_in_channel(ws: Workspace, url: ResponseUrl, body: Json) -> None:
    text, blocks = message_content(ws, body)
    # No membership check: a response_url may post where the bot was never invited.
    message = Message(channel=url.channel, ts=ws.next_ts(), user=ws.bot_user_id, text=text)
    message.blocks, message.bot_id = blocks, ws.bot_id
    message.thread_ts = _optional_str(body.get("thread_ts")) or url.thread_ts
    ws.messages.append(message)
    if not url.from_interaction:
        url.message_ts, url.is_ephemeral = message.ts, False


def _post_ephemeral(ws: Workspace, url: ResponseUrl, body: Json) -> None:
    text, blocks = message_content(ws, body)
    ephemeral = Ephemeral(channel=url.channel, user=url.user, text=text, blocks=blocks)
    ephemeral.ts = ws.next_ts()
    ephemeral.thread_ts = _optional_str(body.get("thread_ts")) or url.thread_ts
    ws.ephemerals.append(ephemeral)
    if not url.from_interaction:
        url.message_ts, url.is_ephemeral = ephemeral.ts, True


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
