"""`/digest` from Slack (the rules: bot.services.digest_commands)."""

from __future__ import annotations

from slack_bolt import App, Args

from bot.ids import Command
from bot.services.digest_commands import run_digest_command
from handlers.slack.commands import asked, ephemeral
from handlers.slack.common import SlashCall, acknowledged


def register(app: App) -> None:
    """Attach the `/digest` listener."""
    app.command(Command.DIGEST)(acknowledged(handle_digest_command))


def handle_digest_command(args: Args) -> None:
    """Answer `/digest …`."""
    run_digest_command(asked(SlashCall.of(args), private=ephemeral), args.body.get("text") or "")
