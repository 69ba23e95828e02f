""":pushpin: on a message makes it an action item, once per message.

Reaction events carry no text, so the message is read with one `conversations.history` call
(`conversations.replies` for a thread reply). Those methods are heavily rate-limited for some
apps, so nothing else reads history; when the message cannot be read, the reactor is told.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.capture import pushpin_text
from bot.deps import Deps
from bot.errors import UserFacingError
from bot.ids import ActionId
from bot.promises import writer_promises
from bot.services import capture
from bot.services.capture import SourceMessage
from bot.services.directory import check_owners, person_for, zone_of
from bot.slack import blocks, blocks_capture
from bot.slack.blocks_pin import with_owner_button
from bot.slack.port import SlackPort
from bot.text import Draft, read_action_text
from handlers.slack.common import SLACK_FAILURES, acknowledged, slack_reason
from handlers.slack.home import refresh_homes
from handlers.slack.notify import concerned
from handlers.slack.once import first_delivery
from handlers.slack.replies import permalink, post_reply
from handlers.slack.views import open_edit_from_button
from storage import captures as store
from storage.models import ActionItem

log = logging.getLogger(__name__)
PUSHPIN = "pushpin"
UNREADABLE = (
    "I couldn't read that message, so I couldn't make it an action item. "
    "You can add it with /action instead."
)


def on_reaction(deps: Deps, client: WebClient, body: dict[str, Any], team_id: str) -> None:
    """Turn a :pushpin:ed message into an action item of workspace `team_id`, once."""
    event = body["event"]
    item = event.get("item") or {}
    if event.get("reaction") != PUSHPIN or item.get("type") != "message":
        return
    if event.get("item_user") and event.get("item_user") == _bot_user(body):
        return  # Backbone's own posts (announcements, replies) are records already
    where = {"team_id": team_id, "channel_id": item["channel"], "message_ts": item["ts"]}
    with deps.transaction() as session:
        captured = store.captured_kinds(session, **where)
    if captured or not first_delivery(deps, body, team_id=team_id):
        return  # pinned before, or its lines were captured: it already has its items
    message = read_message(client, item["channel"], item["ts"])
    if message is None:
        tell_reactor(client, item["channel"], event["user"], UNREADABLE)
        return
    pin(deps, client, body, message, event["user"], team_id=team_id)


def pin(
    deps: Deps,
    client: WebClient,
    body: dict[str, Any],
    message: dict[str, Any],
    reactor: str,
    *,
    team_id: str,
) -> None:
    """Create the item from the message's words and post it in the message's thread."""
    channel_id = body["event"]["item"]["channel"]
    author = _author(deps, client, team_id, message, reactor)
    source = SourceMessage(team_id, channel_id, message["ts"], author)
    text = pushpin_text(message.get("text") or "")
    promised = author == message.get("user") and writer_promises(text)
    try:
        draft = read_pinned(deps, client, source, text, promised=promised)
    except UserFacingError as error:
        note = f"I couldn't make that message an action item: {error.message}"
        # Only a reply's thread is open where they reacted; a top-level message is in the channel.
        tell_reactor(client, channel_id, reactor, note, thread_ts=message.get("thread_ts"))
        return
    source = replace(source, url=permalink(client, channel_id, source.ts))
    created = _create(deps, source, draft, reactor=reactor, text=text)
    if created is not None:
        capture_id, item = created
        reply = with_owner_button(
            blocks_capture.capture_reply(
                blocks_capture.pushpin_heading(reactor), [item], [], skipped=None, now=deps.now()
            ),
            item,
        )
        thread_ts = message.get("thread_ts") or message["ts"]
        post_reply(deps, client, channel_id, thread_ts, capture_id, reply)
        refresh_homes(deps, client, team_id=source.team_id, user_ids=concerned(item))


def _create(
    deps: Deps, source: SourceMessage, draft: Draft, *, reactor: str, text: str
) -> tuple[int, ActionItem] | None:
    with deps.transaction() as session:
        return capture.pin_message(
            session, message=source, draft=draft, reactor_id=reactor, text=text, now=deps.now()
        )


def read_pinned(
    deps: Deps, client: WebClient, source: SourceMessage, text: str, *, promised: bool = False
) -> Draft:
    """Read a pinned message as `/action` reads a text, in its author's zone.

    When the writer promised it themselves ("I can drive Mr. A Thursday, @dev can you
    confirm"), the writer owns it first, beside anyone mentioned.
    """
    author = person_for(deps, SlackPort(client), team_id=source.team_id, user_id=source.author_id)
    draft = read_action_text(text, now=deps.now(), zone=zone_of(author, deps.default_zone))
    check_owners(deps, SlackPort(client), team_id=source.team_id, user_ids=draft.owners)
    if promised:
        others = [uid for uid in draft.owners if uid != source.author_id]
        return replace(draft, owners=[source.author_id, *others])
    return replace(draft, owners=draft.owners or [source.author_id])


def register(app: App) -> None:
    """Attach the listener of the Change owners button under a pinned message's reply."""
    app.action(ActionId.PIN_CHANGE_OWNERS)(acknowledged(open_edit_from_button))


def _bot_user(body: dict[str, Any]) -> str | None:
    """Return Backbone's own user id from the event's authorizations."""
    for authorization in body.get("authorizations") or []:
        if authorization.get("is_bot"):
            return str(authorization.get("user_id"))
    return None


def _author(
    deps: Deps, client: WebClient, team_id: str, message: dict[str, Any], reactor: str
) -> str:
    """Return who owns a pinned message with no mentions: its author, or the reactor when the
    author is an app or has left."""
    user = message.get("user")
    if not user or message.get("bot_id"):
        return reactor
    try:
        person = person_for(deps, SlackPort(client), team_id=team_id, user_id=user)
    except UserFacingError:
        return reactor
    return reactor if person.is_bot or person.deactivated else str(user)


def read_message(client: WebClient, channel_id: str, ts: str) -> dict[str, Any] | None:
    """Return one message by its ts, or None when Slack will not show it."""
    try:
        found = (
            client.conversations_history(
                channel=channel_id, latest=ts, inclusive=True, limit=1
            ).get("messages")
            or []
        )
        if not (found and found[0].get("ts") == ts):  # not a top-level message: a thread reply
            found = (
                client.conversations_replies(
                    channel=channel_id, ts=ts, latest=ts, oldest=ts, inclusive=True, limit=2
                ).get("messages")
                or []
            )
    except SLACK_FAILURES as error:
        log.warning("could not read a pinned message: %s", slack_reason(error))
        return None
    return next((dict(m) for m in found if m.get("ts") == ts), None)


def tell_reactor(
    client: WebClient, channel_id: str, user_id: str, text: str, *, thread_ts: str | None = None
) -> None:
    """Tell the person who reacted, in the channel where only they see it, or else by DM."""
    note = blocks.notice(text)
    try:
        client.chat_postEphemeral(channel=channel_id, user=user_id, thread_ts=thread_ts, **note)
    except OSError as error:  # no answer in time: they may have seen it, so no DM on top
        log.warning("could not tell %s about a pin: %s", user_id, slack_reason(error))
    except SlackApiError:
        try:
            client.chat_postMessage(channel=user_id, **note)
        except SLACK_FAILURES as error:
            log.warning("could not tell %s about a pin: %s", user_id, slack_reason(error))
