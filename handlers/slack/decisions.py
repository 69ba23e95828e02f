"""`/decision`: record a decision and announce it, or list a channel's decisions."""

from __future__ import annotations

import re

from slack_bolt import App, Args, Respond

from bot.deps import Deps, deps_of
from bot.errors import InvalidInput
from bot.ids import Command
from bot.messages import decisions as decision_words
from bot.messages.parts import Message
from bot.port import CANNOT_POST, ChatError
from bot.services import decisions as service
from bot.services.decision_posts import announce_decision
from bot.slack.render import render_message
from handlers.slack.common import acknowledged, answer, port_of, team_of
from storage import decisions as store
from storage.models import Decision

# With `should_escape`, Slack sends a channel picked while typing as <#C123|name>, and only for
# channels the person can see; a typed "<#C…>" would arrive escaped as "&lt;#C…". So a channel
# that reaches us this way is one the invoker may read.
CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")


def register(app: App) -> None:
    """Attach the `/decision` listener."""
    app.command(Command.DECISION)(acknowledged(handle_decision_command))


def handle_decision_command(args: Args) -> None:
    """Answer `/decision …`."""
    command, respond = args.body, args.respond
    text = (command.get("text") or "").strip()
    words = text.split()
    here = command["channel_id"]
    listing = bool(words) and words[0].lower() == "list"
    channel = _listed_channel(words[1:], here=here) if listing else None
    if not words or (len(words) == 1 and words[0].lower() == "help"):
        answer(respond, decision_words.help_message())
    elif channel is not None:
        deps = deps_of(args.context)
        answer(respond, decision_list(deps, team_of(args.context), channel, here=channel == here))
    else:
        record(deps_of(args.context), args, text)


def _listed_channel(rest: list[str], *, here: str) -> str | None:
    """Return the channel `/decision list …` asks about; None when "list" begins a decision."""
    if not rest or (len(rest) == 1 and rest[0].lower() in {"here", "channel"}):
        return here
    picked = CHANNEL.fullmatch(rest[0]) if len(rest) == 1 else None
    if picked is not None:
        return picked.group(1)
    if any(word.startswith(("#", "<#")) for word in rest):
        raise InvalidInput(
            "Which channel? Use /decision list for this channel, or /decision list #channel "
            "and pick the channel from the list as you type."
        )
    return None  # "list of shelters we fund is final": a decision that starts with "list"


def decision_list(deps: Deps, team_id: str, channel_id: str, *, here: bool) -> Message:
    """Return the list of a channel's decisions, newest first, for the invoker alone."""
    with deps.transaction() as session:
        found, total = store.latest_in_channel(
            session, team_id=team_id, channel_id=channel_id, limit=decision_words.LIST_LIMIT
        )
    return decision_words.channel_list(found, total=total, channel_id=channel_id, here=here)


def record(deps: Deps, args: Args, text: str) -> None:
    """Record `/decision <text>` and announce it in the channel."""
    command = args.body
    with deps.transaction() as session:
        decision = service.record_decision(
            session,
            team_id=team_of(args.context),
            recorder_id=command["user_id"],
            channel_id=command["channel_id"],
            text=text,
            now=deps.now(),
        )
    refused = announce_decision(deps, port_of(args), decision)
    if refused is not None:
        _not_posted(args.respond, decision, refused)


def _not_posted(respond: Respond, decision: Decision, refused: ChatError) -> None:
    """Show the decision through the command where Backbone may not post; else say sorry."""
    if refused.kind in CANNOT_POST:  # the command's own answer may go where the bot may not
        respond(response_type="in_channel", **render_message(decision_words.announcement(decision)))
        return
    respond(
        text=f"I saved {decision.code}, but Slack didn't let me post it here just now. "
        "It's in /decision list."
    )
