"""`/poll`: start a poll, list a channel's open polls, close one, stop a weekly one.

The rules are in bot/services/poll_commands.py; votes (reactions and buttons) are in
handlers/slack/poll_votes.py, "you said, we did" in handlers/slack/poll_followup.py; posting and
closing are in bot/services/poll_posts.py and bot/services/poll_close_work.py.
"""

from __future__ import annotations

from slack_bolt import App, Args

from bot.ids import Command
from bot.services.poll_commands import run_poll_command
from handlers.slack import poll_followup, poll_links, poll_votes
from handlers.slack.commands import asked
from handlers.slack.common import SlashCall, acknowledged, answer


def register(app: App) -> None:
    """Attach `/poll`, the vote listeners and the "you said, we did" buttons.

    Register this before handlers/events.py: Bolt runs only the first listener whose matchers
    match, and the poll reaction listeners match only number emoji on open emoji polls.
    """
    app.command(Command.POLL)(acknowledged(handle_poll_command))
    poll_votes.register(app)
    poll_followup.register(app)
    poll_links.register(app)


def handle_poll_command(args: Args) -> None:
    """Answer `/poll …`."""
    run_poll_command(asked(SlashCall.of(args), private=answer), args.body.get("text") or "")
