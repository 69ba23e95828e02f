"""Events API listeners: messages (meeting capture, edits, deletions) and :pushpin: reactions.

Bolt acknowledges events before the listener runs; a retried delivery is dropped by
`handlers.slack.once.first_delivery` before any work starts.
"""

from __future__ import annotations

from slack_bolt import App, Args

from bot.deps import deps_of
from bot.ids import Event
from handlers.slack import capture, pushpin
from handlers.slack.common import team_of

# Subtypes a person's own new message can carry; every other subtype (joins, topic changes,
# bot posts) is not someone writing notes.
PERSON_MESSAGES = {None, "thread_broadcast", "file_share"}
# The manifest subscribes to these for `app.event("message")`: public and private channels.
MESSAGE_SUBSCRIPTIONS = ("message.channels", "message.groups")


def register(app: App) -> None:
    """Attach the event listeners."""
    app.event(Event.MESSAGE)(handle_message_event)
    app.event(Event.REACTION_ADDED)(handle_reaction_added)


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
