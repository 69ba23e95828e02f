"""`/action list …` from Slack (the rules: bot.services.listing)."""

from __future__ import annotations

from bot.services import listing
from bot.text import ListItems
from handlers.slack.commands import asked
from handlers.slack.common import SlashCall


def list_items(call: SlashCall, shown: ListItems) -> None:
    """Show a list of open items, to the invoker alone."""
    listing.list_items(asked(call), shown)
