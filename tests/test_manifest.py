"""The manifest a coordinator pastes into Slack: valid for schema v1, and true to the listeners."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from handlers.slack import register_all
from handlers.slack.events import MESSAGE_SUBSCRIPTIONS

MANIFEST = yaml.safe_load((Path(__file__).parents[1] / "app.yaml").read_text())
TOP_LEVEL = {
    "_metadata",
    "display_information",
    "features",
    "oauth_config",
    "settings",
    "outgoing_domains",
    "functions",
    "workflows",
    "datastores",
    "types",
}
KNOWN_BOT_SCOPES = {
    "app_mentions:read",
    "channels:history",
    "channels:join",
    "channels:read",
    "chat:write",
    "chat:write.public",
    "commands",
    "files:write",
    "groups:history",
    "groups:read",
    "im:history",
    "im:read",
    "im:write",
    "mpim:history",
    "reactions:read",
    "reactions:write",
    "team:read",
    "users:read",
    "users:read.email",
}


class RecordingApp:
    """Stands in for a Bolt App and records what each handlers module registers."""

    def __init__(self) -> None:
        self.registered: dict[str, set[str]] = {}

    def _record(self, kind: str, key: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        self.registered.setdefault(kind, set()).add(str(key))
        return lambda fn: fn

    def __getattr__(self, kind: str) -> Callable[..., Any]:
        return lambda key, *args, **kwargs: self._record(kind, key)


def registered() -> dict[str, set[str]]:
    app = RecordingApp()
    register_all(app)  # type: ignore[arg-type]
    return app.registered


def test_manifest_has_what_schema_v1_requires() -> None:
    assert set(MANIFEST) <= TOP_LEVEL
    info = MANIFEST["display_information"]
    assert 1 <= len(info["name"]) <= 35
    assert len(info["description"]) <= 140
    assert 175 <= len(info["long_description"]) <= 4000
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", info["background_color"])
    assert 1 <= len(MANIFEST["features"]["bot_user"]["display_name"]) <= 80
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) <= KNOWN_BOT_SCOPES
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


def test_every_slash_command_is_escaped_and_described() -> None:
    for command in MANIFEST["features"]["slash_commands"]:
        assert re.fullmatch(r"/[a-z][a-z0-9_-]{0,31}", command["command"])
        assert command["should_escape"] is True  # why: mentions arrive as <@U…> ids
        assert 0 < len(command["description"]) <= 2000
        assert len(command.get("usage_hint", "")) <= 1000
        assert command["url"].endswith("/slack/events")


def test_commands_in_the_manifest_and_the_listeners_match() -> None:
    commands = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    assert commands == registered()["command"]
    assert "commands" in MANIFEST["oauth_config"]["scopes"]["bot"]


def test_shortcuts_and_events_in_the_manifest_and_the_listeners_match() -> None:
    shortcuts = {s["callback_id"] for s in MANIFEST["features"].get("shortcuts", [])}
    events = set(MANIFEST["settings"].get("event_subscriptions", {}).get("bot_events", []))
    listeners = registered()
    assert shortcuts == listeners.get("shortcut", set())
    assert events == {
        subscription
        for event in listeners.get("event", set())
        for subscription in SUBSCRIPTIONS.get(event, (event,))
    }


# One listener, several subscriptions: `app.event("message")` hears messages in public channels
# (message.channels) and private ones (message.groups); every other event is subscribed by name.
SUBSCRIPTIONS = {"message": MESSAGE_SUBSCRIPTIONS}
