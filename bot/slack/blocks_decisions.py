"""Block Kit of a decision's channel post, for listeners that still post Block Kit themselves."""

from __future__ import annotations

from bot.messages import decisions as words
from bot.slack.blocks import Message
from bot.slack.render import render_message
from storage.models import Decision


def announcement(decision: Decision) -> Message:
    """Return the channel post that records a decision, rendered for Slack."""
    return render_message(words.announcement(decision))
