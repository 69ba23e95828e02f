""":pushpin: on a message makes it an action item, once per message.

Reaction events carry no text, so `bot.services.pinning` reads the message back through the
port (one `conversations.history` call, `conversations.replies` for a thread reply). Those
methods are heavily rate-limited for some apps, so nothing else reads history.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.ids import ActionId
from bot.port import PostRef
from bot.services.pinning import UNREADABLE, pin, read_pinned_post, tell_reactor
from bot.slack.port import SlackPort
from bot.work import Lane
from handlers.slack.common import acknowledged
from handlers.slack.home import refresh_homes
from handlers.slack.notify import concerned
from handlers.slack.once import first_delivery
from handlers.slack.views import open_edit_from_button
from storage import captures as store

PUSHPIN = "pushpin"
__all__ = ["PUSHPIN", "UNREADABLE", "on_reaction", "register"]


def register(app: App) -> None:
    """Attach the listener of the Change owners button under a pinned message's reply."""
    app.action(ActionId.PIN_CHANGE_OWNERS)(acknowledged(open_edit_from_button, lane=Lane.TRIGGER))


def on_reaction(deps: Deps, client: WebClient, body: dict[str, Any], team_id: str) -> None:
    """Turn a :pushpin:ed message into an action item of workspace `team_id`, once."""
    event = body["event"]
    item = event.get("item") or {}
    if event.get("reaction") != PUSHPIN or item.get("type") != "message":
        return
    if event.get("item_user") and event.get("item_user") == _bot_user(body):
        return  # Backbone's own posts (announcements, replies) are records already
    ref = PostRef(item["channel"], item["ts"])
    if _captured(deps, ref, team_id) or not first_delivery(deps, body, team_id=team_id):
        return  # pinned before, or its lines were captured: it already has its items
    port = SlackPort(client)
    seen = read_pinned_post(port, ref)
    if seen is None:
        tell_reactor(port, ref.channel, event["user"], (UNREADABLE,))
        return
    made = pin(deps, port, seen, event["user"], team_id=team_id)
    if made is not None:
        refresh_homes(deps, client, team_id=team_id, user_ids=concerned(made))


def _captured(deps: Deps, ref: PostRef, team_id: str) -> bool:
    """Tell whether a message's lines or an earlier :pushpin: already made its records."""
    where = {"team_id": team_id, "channel_id": ref.channel, "message_ts": ref.id}
    with deps.transaction() as session:
        return bool(store.captured_kinds(session, **where))


def _bot_user(body: dict[str, Any]) -> str | None:
    """Return Backbone's own user id from the event's authorizations."""
    for authorization in body.get("authorizations") or []:
        if authorization.get("is_bot"):
            return str(authorization.get("user_id"))
    return None
