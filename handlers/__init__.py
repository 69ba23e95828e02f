"""Slack listeners, one module per surface; `register_all` attaches them to an app."""

from __future__ import annotations

from slack_bolt import App

from handlers import actions, commands, nudges


def register_all(app: App) -> None:
    """Attach every listener Backbone has."""
    commands.register(app)
    actions.register(app)
    nudges.register(app)
