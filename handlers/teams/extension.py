"""The "Make action item" message extension: Slack's message shortcut, on Teams.

`composeExtension/fetchTask` carries the message it was used on (`value.messagePayload`: its
HTML body, author and mentions, people named by their directory ids); the answer is the item
form, prefilled from the message as on Slack, its author suggested as the owner.
`composeExtension/submitAction` carries the form's fields (`value.data`) and saves it like any
item form: posted in the message's thread.
"""

from __future__ import annotations

import re
from typing import Any

from bot.errors import InvalidInput
from bot.ids import CallbackId
from bot.port import ChatError
from bot.services.item_forms import FromMessage, message_form
from handlers.teams.answers import Answer
from handlers.teams.common import TeamsCall
from handlers.teams.dialogs import data_of, save_dialog, show
from handlers.teams.text import core_text

WHICH = "I can make an action item from a message only: use “Make action item” on one."
AT_TAG = re.compile(r"<at\b[^>]*>(.*?)</at>", re.S | re.I)
MOST_MENTIONS = 10  # each is one directory lookup


def handle_fetch_task(call: TeamsCall, activity: dict[str, Any]) -> Answer:
    """Open the item form, filled in from the message the extension was used on."""
    value = activity["value"]
    payload = value.get("messagePayload")
    if value.get("commandId") != CallbackId.MAKE_ACTION_ITEM or not isinstance(payload, dict):
        raise InvalidInput(WHICH)
    message = from_payload(call, payload)
    form = message_form(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                        message=message)  # fmt: skip
    return show(call, form)


def handle_submit_action(call: TeamsCall, activity: dict[str, Any]) -> Answer:
    """Save the form the extension opened: the item is posted in the message's thread."""
    if activity["value"].get("commandId") != CallbackId.MAKE_ACTION_ITEM:
        raise InvalidInput(WHICH)
    return save_dialog(call, data_of(activity))


def from_payload(call: TeamsCall, payload: dict[str, Any]) -> FromMessage:
    """Read the message an extension was used on: where it is, its words and its author."""
    ident = str(payload.get("id") or "")
    if not ident:
        raise InvalidInput(WHICH)
    return FromMessage(
        channel=call.conversation_id,
        ts=ident,
        thread=str(payload.get("replyToId") or ident),
        text=text_of(call, payload),
        author=author_of(call, payload),
    )


def text_of(call: TeamsCall, payload: dict[str, Any]) -> str:
    """Return a message's words as the core reads them, people it mentions as `<@29:…>`."""
    body = payload.get("body") or {}
    content = str(body.get("content") or "")
    if str(body.get("contentType") or "html").lower() != "html":
        content = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    entities: list[dict[str, Any]] = []
    known: set[str] = set()
    for mention in (payload.get("mentions") or [])[:MOST_MENTIONS]:
        user = ((mention or {}).get("mentioned") or {}).get("user") or {}
        person = teams_id(call, str(user.get("id") or ""))
        said = str(mention.get("mentionText") or user.get("displayName") or "")
        if person and said:
            known.add(said)
            entities.append({"type": "mention", "text": f"<at>{said}</at>",
                             "mentioned": {"id": person, "name": said}})  # fmt: skip
    content = AT_TAG.sub(lambda m: m.group(0) if m.group(1) in known else m.group(1), content)
    content = AT_TAG.sub(lambda m: f"<at>{m.group(1)}</at>", content)
    return core_text({"text": content, "entities": entities}, bot_id=call.bot_id)


def author_of(call: TeamsCall, payload: dict[str, Any]) -> str | None:
    """Return the Teams id of a message's author; None for an app's or a bot's message."""
    sender = payload.get("from") or {}
    if sender.get("application") or not sender.get("user"):
        return None
    return teams_id(call, str((sender.get("user") or {}).get("id") or ""))


def teams_id(call: TeamsCall, directory_id: str) -> str | None:
    """Return the `29:` id of a person named by their directory (AAD) id, when Teams says."""
    if not directory_id:
        return None
    if directory_id.startswith("29:"):
        return directory_id
    try:
        found = call.port.person(directory_id).id
    except ChatError:
        return None  # the form then suggests the person who used the extension
    return found if found.startswith("29:") else None
