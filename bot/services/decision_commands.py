"""`/decision` on any platform: record a decision and announce it, or list a channel's decisions."""

from __future__ import annotations

import re

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.messages import decisions as decision_words
from bot.messages.common import notice
from bot.messages.parts import Message
from bot.port import CANNOT_POST, ChatError
from bot.services import decisions as service
from bot.services.asked import Asked
from bot.services.decision_posts import announce_decision
from storage import decisions as store
from storage.models import Decision

# With `should_escape`, Slack sends a channel picked while typing as <#C123|name>, and only for
# channels the person can see; a typed "<#C…>" would arrive escaped as "&lt;#C…". So a channel
# that reaches us this way is one the invoker may read.
CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")
PLATFORM_NAMES = {"slack": "Slack", "teams": "Teams"}


def run_decision_command(asked: Asked, text: str) -> None:
    """Answer `/decision …`: help, a channel's list, or a decision to record."""
    text = text.strip()
    words = text.split()
    here = asked.channel_id
    listing = bool(words) and words[0].lower() == "list"
    channel = _listed_channel(words[1:], here=here) if listing else None
    if not words or (len(words) == 1 and words[0].lower() == "help"):
        asked.tell(decision_words.help_message())
    elif channel is not None:
        asked.tell(decision_list(asked.deps, asked.team_id, channel, here=channel == here))
    else:
        record(asked, text)


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


def record(asked: Asked, text: str) -> None:
    """Record `/decision <text>` and announce it where the command was given."""
    with asked.deps.transaction() as session:
        decision = service.record_decision(
            session,
            team_id=asked.team_id,
            recorder_id=asked.user_id,
            channel_id=asked.channel_id,
            text=text,
            now=asked.deps.now(),
        )
    refused = announce_decision(asked.deps, asked.port, decision, thread=asked.thread)
    if refused is not None:
        _not_posted(asked, decision, refused)


def _not_posted(asked: Asked, decision: Decision, refused: ChatError) -> None:
    """Show the decision through the command where Backbone may not post; else say sorry."""
    if refused.kind in CANNOT_POST:  # the command's own answer may go where the bot may not
        asked.show(decision_words.announcement(decision))
        return
    platform = PLATFORM_NAMES.get(asked.port.platform, asked.port.platform)
    asked.tell(
        notice(
            f"I saved {decision.code}, but {platform} didn't let me post it here just now. "
            "It's in /decision list."
        )
    )
