"""Events API listeners: messages (meeting capture, edits, deletions) and :pushpin: reactions.

Each is acknowledged at once and its work queued in the background lane (`bot.work`); when that
is full the event is refused, so Slack delivers it again later. A new message with no notes in
it queues nothing. A retried delivery is dropped by `handlers.slack.once.first_delivery`
before any work starts.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Args

from bot.capture import capture_lines
from bot.deps import deps_of
from bot.ids import Event
from bot.work import Lane
from handlers.slack import capture, pushpin
from handlers.slack.common import acknowledged, team_of

# Subtypes a person's own new message can carry; every other subtype (joins, topic changes,
# bot posts) is not someone writing notes.
PERSON_MESSAGES = {None, "thread_broadcast", "file_share"}
# Changes to a message that was posted before: followed if Backbone captured from it.
FOLLOWED = {"message_changed", "message_deleted"}
# The manifest subscribes to these for `app.event("message")`: public and private channels.
MESSAGE_SUBSCRIPTIONS = ("message.channels", "message.groups")


def register(app: App) -> None:
    """Attach the event listeners."""
    background = Lane.BACKGROUND
    app.event(Event.MESSAGE)(
        acknowledged(handle_message_event, lane=background, needless=has_no_notes)
    )
    app.event(Event.REACTION_ADDED)(acknowledged(handle_reaction_added, lane=background))


def has_no_notes(body: dict[str, Any]) -> bool:
    """Tell whether a message event leaves nothing to do (most of a channel's: no notes)."""
    event = body.get("event") or {}
    subtype = event.get("subtype")
    if subtype in FOLLOWED:
        return False  # they may touch what was captured before
    if subtype not in PERSON_MESSAGES or event.get("bot_id") or not event.get("user"):
        return True
    return not capture_lines(event.get("text") or "").lines


def handle_message_event(args: Args) -> None:
    """Capture notes from new messages; follow edits and deletions of captured ones."""
    body = args.body
    event = body["event"]
    deps, subtype, team_id = deps_of(args.context), event.get("subtype"), team_of(args.context)
    if subtype == "message_changed":
        capture.on_edited_message(deps, args.client, body, team_id=team_id)
    elif subtype == "message_deleted":
        capture.on_deleted_message(deps, body, team_id=team_id)
    elif subtype in PERSON_MESSAGES and not event.get("bot_id") and event.get("user"):
        capture.on_new_message(deps, args.client, body, team_id=team_id)


def handle_reaction_added(args: Args) -> None:
    """Make an action item of a message someone reacted to with :pushpin:."""
    pushpin.on_reaction(deps_of(args.context), args.client, args.body, team_of(args.context))
