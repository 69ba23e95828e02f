"""The emulated Web API: which methods exist, how parameters are read, how a call is answered.

Each method is a function `(workspace, params) -> answer` in one of the `api_*` modules; this
module checks the token the way Slack does and turns `ApiError`s into `ok: false` answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

from bot.sandbox import api_chat, api_conversations, api_files, api_history, api_views
from bot.sandbox.api_base import ApiError
from bot.sandbox.state import BOT_SCOPES, Json, Workspace

Method = Callable[[Workspace, Json], Json]

METHODS: Mapping[str, Method] = {
    "auth.test": api_conversations.auth_test,
    "users.info": api_conversations.users_info,
    "users.list": api_conversations.users_list,
    "conversations.open": api_conversations.conversations_open,
    "conversations.info": api_conversations.conversations_info,
    "conversations.join": api_conversations.conversations_join,
    "conversations.members": api_conversations.conversations_members,
    "conversations.history": api_history.conversations_history,
    "conversations.replies": api_history.conversations_replies,
    "chat.postMessage": api_chat.chat_post_message,
    "chat.postEphemeral": api_chat.chat_post_ephemeral,
    "chat.update": api_chat.chat_update,
    "chat.delete": api_chat.chat_delete,
    "chat.getPermalink": api_chat.chat_get_permalink,
    "reactions.add": api_chat.reactions_add,
    "reactions.remove": api_chat.reactions_remove,
    "reactions.get": api_chat.reactions_get,
    "views.open": api_views.views_open,
    "views.push": api_views.views_push,
    "views.publish": api_views.views_publish,
    "views.update": api_views.views_update,
    "files.getUploadURLExternal": api_files.files_get_upload_url_external,
    "files.completeUploadExternal": api_files.files_complete_upload_external,
}

# Parameters that form-encoded clients send as JSON strings; recorded and used decoded.
_JSON_PARAMS = ("blocks", "view", "attachments", "files", "metadata")
# Scopes reported in `x-oauth-scopes`, which Bolt reads from auth.test.
SCOPES = BOT_SCOPES


def decode_params(body: bytes, content_type: str, query: str) -> Json:
    """Return a request's parameters from its query string and JSON or form body."""
    params: Json = {key: values[-1] for key, values in parse_qs(query).items()}
    if "json" in content_type:
        decoded = json.loads(body.decode("utf-8") or "{}")
        if not isinstance(decoded, dict):
            raise ValueError("the JSON body must be an object")
        params.update(decoded)
    elif body:
        text = body.decode("utf-8")
        params.update({key: values[-1] for key, values in parse_qs(text).items()})
    for key in _JSON_PARAMS:
        if key in params:
            params[key] = _maybe_json(params[key])
    return {key: value for key, value in params.items() if value is not None}


def _maybe_json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        # Left as a string: the method then answers the way Slack does for malformed JSON.
        return value


def call_method(ws: Workspace, method: str, params: Json, token: str | None) -> Json:
    """Answer one Web API call: unknown method, then the token, then the method's own rules."""
    handler = METHODS.get(method)
    if handler is None:
        return {"ok": False, "error": "unknown_method"}
    if not token:
        return {"ok": False, "error": "not_authed"}
    if token.startswith("xapp-"):
        return {"ok": False, "error": "not_allowed_token_type"}  # App-level tokens only connect.
    if token in ws.oauth.revoked:
        return {"ok": False, "error": "token_revoked"}  # the app was removed, or the token revoked
    if token != ws.bot_token:
        return {"ok": False, "error": "invalid_auth"}
    try:
        return handler(ws, params)
    except ApiError as error:
        return error.to_json()
