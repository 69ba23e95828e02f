"""`/decision` from Slack (the rules: bot.services.decision_commands)."""

from __future__ import annotations

from slack_bolt import App, Args

from bot.ids import Command
from bot.services.decision_commands import run_decision_command
from handlers.slack.commands import asked
from handlers.slack.common import SlashCall, acknowledged, answer


def register(app: App) -> None:
    """Attach the `/decision` listener."""
    app.command(Command.DECISION)(acknowledged(handle_decision_command))


def handle_decision_command(args: Args) -> None:
    """Answer `/decision …`."""
    run_decision_command(asked(SlashCall.of(args), private=answer), args.body.get("text") or "")
