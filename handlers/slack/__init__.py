"""Slack listeners, one module per surface; `register_all` attaches them to an app."""

from __future__ import annotations

from slack_bolt import App

from handlers.slack import (
    actions,
    commands,
    cycle_study,
    cycles,
    decisions,
    digests,
    events,
    goals,
    home,
    installs,
    nudges,
    polls,
    pushpin,
    replies,
    views,
)


def register_all(app: App) -> None:
    """Attach every listener Backbone has."""
    commands.register(app)
    actions.register(app)
    nudges.register(app)
    decisions.register(app)
    # Before events: its reaction listeners match poll reactions only, and Bolt runs the first
    # listener that matches, so every other reaction still reaches the :pushpin: listener.
    polls.register(app)
    events.register(app)
    pushpin.register(app)
    replies.register(app)
    views.register(app)
    home.register(app)
    digests.register(app)
    goals.register(app)
    cycles.register(app)
    cycle_study.register(app)
    installs.register(app)
