"""`backbone teams-package`: the Teams app package a Teams admin uploads (a zip of three files).

manifest.json (schema 1.29, the newest published), color.png (192×192) and outline.png (32×32,
white on transparent). The manifest declares the bot in personal chats, teams and group chats,
the commands people can pick from (at most 10 a scope, as Teams shows them), "Make action item"
on any message (a message-extension action that opens a dialog), and the resource-specific
permission to read a channel's messages without an @mention, which meeting-note capture needs.
"""

from __future__ import annotations

import io
import json
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.errors import ConfigError
from bot.ids import CallbackId
from bot.settings import Settings
from bot.teams.icons import ACCENT, color_icon, outline_icon

SCHEMA_VERSION = "1.29"
SCHEMA_URL = (
    f"https://developer.microsoft.com/en-us/json-schemas/teams/v{SCHEMA_VERSION}"
    "/MicrosoftTeams.schema.json"
)
READ_CHANNEL_MESSAGES = "ChannelMessage.Read.Group"
SHORT_DESCRIPTION = "Capture commitments where they are made, and follow them to done."
FULL_DESCRIPTION = (
    "Backbone is the accountability partner of community improvement teams. It captures action "
    "items and decisions where they are made (a message, a command, meeting notes), reminds "
    "owners in their working hours until the work is done, posts a weekly digest, and runs "
    "quick feedback polls."
)
# (title, what it does): the words the router reads first (handlers/teams/commands.py); in a
# channel they follow @Backbone, in the personal chat they are typed alone. /action's
# subcommands are said after "action", as on Slack.
CHANNEL_COMMANDS = (
    (
        "action",
        "A new action item: action Call the shelter @Jo by Friday (or action list, done A-3)",
    ),
    ("decision", "Record a decision: decision Meet on Tuesdays from now on"),
    ("poll", 'Ask the channel: poll "Best day?" "Mon" "Tue"'),
    ("digest", "The weekly digest: digest on, off, preview, now, or publish for a public page"),
    ("goal", "This channel's goals and measures: goal list, goal report G-1 42"),
    ("help", "Everything Backbone can do"),
)
PERSONAL_COMMANDS = (
    ("home", "Your open items, and what you asked of others, on one card"),
    ("action", "Your items: action list, action done A-3, action snooze A-3 Monday, action away"),
    ("decision", "Record a decision: decision Meet on Tuesdays from now on"),
    ("poll", 'Ask a question: poll "Best day?" "Mon" "Tue"'),
    ("digest", "The weekly digest: digest preview"),
    ("goal", "The goals you report on: goal report G-1 42"),
    ("help", "Everything Backbone can do"),
)


def write_package(
    settings: Settings,
    out: Path,
    *,
    privacy_url: str | None = None,
    terms_url: str | None = None,
) -> int:
    """Write the package to `out`; say where, and what to do with it."""
    data = package_bytes(settings, privacy_url=privacy_url, terms_url=terms_url)
    try:
        out.write_bytes(data)
    except OSError as error:
        raise ConfigError(f"--out: could not write {out} ({error.strerror}).") from None
    print(
        f"backbone: wrote {out}. Upload it in the Teams admin center (Manage apps → Upload "
        "new app), or in Teams (Apps → Manage your apps → Upload an app)."
    )
    return 0


def package_bytes(
    settings: Settings, *, privacy_url: str | None = None, terms_url: str | None = None
) -> bytes:
    """Return the zip: manifest.json and the two icons, at its top level as Teams wants."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        manifest = build_manifest(settings, privacy_url=privacy_url, terms_url=terms_url)
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    return buffer.getvalue()


def build_manifest(
    settings: Settings, *, privacy_url: str | None = None, terms_url: str | None = None
) -> dict[str, Any]:
    """Return the manifest for the configured bot; its id is the bot's app id."""
    teams, public = settings.teams, settings.public_url
    if teams is None:
        raise ConfigError(
            "TEAMS_APP_ID is not set. The package is made for one Azure Bot: set TEAMS_APP_ID, "
            "TEAMS_TENANT_ID and TEAMS_APP_PASSWORD first (see “Connect Microsoft Teams”)."
        )
    if public is None:
        raise ConfigError(
            "BACKBONE_PUBLIC_URL is not set. The package names Backbone's address (its web "
            "site, and the domain its pictures come from): set it, e.g. https://backbone.example.org."
        )
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": SCHEMA_VERSION,
        "version": _app_version(),
        "id": teams.app_id,
        "developer": {
            "name": "Backbone",
            "websiteUrl": public,
            "privacyUrl": privacy_url or public,
            "termsOfUseUrl": terms_url or public,
        },
        "name": {"short": "Backbone", "full": "Backbone: accountability partner"},
        "description": {"short": SHORT_DESCRIPTION, "full": FULL_DESCRIPTION},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [_bot(teams.app_id)],
        "composeExtensions": [_message_action(teams.app_id)],
        "validDomains": [str(urlparse(public).hostname)],
        # Resource-specific consent needs this key with some resource, though it uses neither.
        "webApplicationInfo": {"id": teams.app_id, "resource": f"api://botid-{teams.app_id}"},
        "authorization": {
            "permissions": {
                "resourceSpecific": [{"name": READ_CHANNEL_MESSAGES, "type": "Application"}]
            }
        },
    }


def _bot(app_id: str) -> dict[str, Any]:
    return {
        "botId": app_id,
        "scopes": ["personal", "team", "groupChat"],
        "supportsFiles": False,
        "isNotificationOnly": False,
        "commandLists": [
            {"scopes": ["personal"], "commands": _commands(PERSONAL_COMMANDS)},
            {"scopes": ["team", "groupChat"], "commands": _commands(CHANNEL_COMMANDS)},
        ],
    }


def _commands(commands: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"title": title, "description": what} for title, what in commands]


def _message_action(app_id: str) -> dict[str, Any]:
    """ "Make action item" in any message's menu: Teams asks Backbone for the dialog to open."""
    return {
        "botId": app_id,
        "commands": [
            {
                # The invoke names it as commandId (handlers/teams/extension.py reads it).
                "id": str(CallbackId.MAKE_ACTION_ITEM),
                "type": "action",
                "title": "Make action item",
                "description": "Turn this message into an action item with an owner and a date",
                "context": ["message"],
                "fetchTask": True,
            }
        ],
    }


def _app_version() -> str:
    """The app's version in the package: Backbone's own (Teams wants a new one per upload)."""
    try:
        return version("backbone-bot")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0.1.0"
