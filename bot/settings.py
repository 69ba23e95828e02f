"""Backbone's settings, read from the environment (and a `.env` file) by the CLI only."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.errors import ConfigError
from bot.settings_teams import TeamsSettings, load_public_url, load_teams

SLACK_API_DEFAULT = "https://slack.com/api/"
DATABASE_DEFAULT = "sqlite:///backbone.db"
APP_HINT = "Create the Slack app from app.yaml (see the README), then put its tokens in .env."
CREDENTIALS = "Basic Information → App Credentials"
REDIRECT_PATH = "/slack/oauth_redirect"


@dataclass(frozen=True)
class Settings:
    """Everything Backbone can be configured with."""

    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = SLACK_API_DEFAULT
    database_url: str = DATABASE_DEFAULT
    timezone: str = "UTC"
    port: int = 3000
    # Several workspaces (Slack's OAuth install); None in single-token mode.
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    redirect_uri: str | None = None
    # Microsoft Teams (bot/settings_teams.py); None when Backbone serves Slack alone.
    teams: TeamsSettings | None = None
    # The address people's Teams clients reach Backbone at (pictures in cards, the app package).
    public_url: str | None = None

    @property
    def pages_url(self) -> str:
        """Where people reach Backbone's web pages: BACKBONE_PUBLIC_URL, or this machine's port."""
        return (self.public_url or f"http://localhost:{self.port}").rstrip("/")

    @property
    def oauth(self) -> bool:
        """Tell whether Backbone serves several workspaces, each installed through Slack's OAuth."""
        return bool(self.client_id and self.client_secret)

    @property
    def zone(self) -> ZoneInfo:
        """The fallback time zone, for people whose zone Slack does not say."""
        return ZoneInfo(self.timezone)

    @property
    def has_slack(self) -> bool:
        """Tell whether any Slack credential is set."""
        return bool(self.bot_token or self.signing_secret or self.app_token or self.oauth)

    @property
    def has_chat(self) -> bool:
        """Tell whether any chat platform is set up (else `make run` opens the sandbox)."""
        return self.has_slack or self.teams is not None

    def require_http(self) -> None:
        """Check the settings an HTTP `serve` needs; raise ConfigError naming the first missing."""
        if not self.oauth:
            _require("SLACK_BOT_TOKEN", self.bot_token)
        _require("SLACK_SIGNING_SECRET", self.signing_secret)

    def require_socket(self) -> None:
        """Check the settings a Socket Mode `serve` needs."""
        if self.oauth:
            raise ConfigError(
                "Socket Mode serves one workspace, with SLACK_BOT_TOKEN. To serve several "
                "(SLACK_CLIENT_ID and SLACK_CLIENT_SECRET), run `backbone serve` without --socket."
            )
        _require("SLACK_BOT_TOKEN", self.bot_token)
        _require("SLACK_APP_TOKEN", self.app_token)

    def require_token(self) -> None:
        """Check the bot token (or the OAuth install), which anything that posts to Slack needs."""
        if not self.oauth:
            _require("SLACK_BOT_TOKEN", self.bot_token)


def _require(name: str, value: str | None) -> None:
    if not value:
        raise ConfigError(f"{name} is not set. {APP_HINT}")


def load_settings(env: Mapping[str, str]) -> Settings:
    """Read and check settings; raise ConfigError naming the first wrong one."""
    values = {key: value.strip() for key, value in env.items() if value.strip()}
    client_id, client_secret = _oauth_credentials(values)
    return Settings(
        bot_token=_token(values, "SLACK_BOT_TOKEN", "xoxb-"),
        signing_secret=_signing_secret(values.get("SLACK_SIGNING_SECRET")),
        app_token=_token(values, "SLACK_APP_TOKEN", "xapp-"),
        api_url=_api_url(values.get("SLACK_API_URL", SLACK_API_DEFAULT)),
        database_url=_database_url(values.get("DATABASE_URL", DATABASE_DEFAULT)),
        timezone=_timezone(values.get("BACKBONE_TIMEZONE", "UTC")),
        port=_port(values.get("PORT", "3000")),
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri=_redirect_uri(values.get("SLACK_REDIRECT_URI")),
        teams=load_teams(values),
        public_url=load_public_url(values),
    )


def _oauth_credentials(values: Mapping[str, str]) -> tuple[str | None, str | None]:
    """Read the app's OAuth credentials: both or neither, and not alongside a bot token."""
    client_id, secret = values.get("SLACK_CLIENT_ID"), values.get("SLACK_CLIENT_SECRET")
    if client_id is not None and not re.fullmatch(r"\d+\.\d+", client_id):
        raise ConfigError(
            f"SLACK_CLIENT_ID should look like 1234567890.1234567890. Copy it from {CREDENTIALS}."
        )
    # Never echo the secret: a value pasted into the wrong place may be another secret.
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{16,}", secret):
        raise ConfigError(
            f"SLACK_CLIENT_SECRET does not look like a client secret. Copy it from {CREDENTIALS}."
        )
    if (client_id is None) != (secret is None):
        missing = "SLACK_CLIENT_SECRET" if secret is None else "SLACK_CLIENT_ID"
        raise ConfigError(
            f"{missing} is not set. Several workspaces need both SLACK_CLIENT_ID and "
            f"SLACK_CLIENT_SECRET, from {CREDENTIALS}."
        )
    if client_id is not None and values.get("SLACK_BOT_TOKEN"):
        raise ConfigError(
            "Set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
            "for several, not both: each workspace's token then comes from its installation."
        )
    return client_id, secret


def _redirect_uri(url: str | None) -> str | None:
    if url is None:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise ConfigError(
            "SLACK_REDIRECT_URI should be a web address like https://backbone.example.org"
            f"{REDIRECT_PATH}."
        )
    if not parsed.path.endswith(REDIRECT_PATH):
        raise ConfigError(f"SLACK_REDIRECT_URI should end with {REDIRECT_PATH}.")
    return url


def _token(values: Mapping[str, str], name: str, prefix: str) -> str | None:
    token = values.get(name)
    if token is not None and not token.startswith(prefix):
        # Never echo the value: it may be a real secret pasted into the wrong setting.
        raise ConfigError(f"{name} should start with “{prefix}”. Copy it again from the app page.")
    return token


def _signing_secret(secret: str | None) -> str | None:
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{8,}", secret):
        raise ConfigError(
            "SLACK_SIGNING_SECRET does not look like a signing secret. "
            "Copy it from Basic Information → App Credentials."
        )
    return secret


def _api_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise ConfigError("SLACK_API_URL should be a web address like https://slack.com/api/.")
    # WebClient joins method names with urljoin: without the slash the last part is dropped.
    return url if url.endswith("/") else url + "/"


def _database_url(url: str) -> str:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise ConfigError(
            "DATABASE_URL is not a database address. "
            "Use sqlite:///backbone.db or postgresql+psycopg://user@host/db."
        ) from None
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError("DATABASE_URL should point to SQLite or PostgreSQL.")
    return url


def _timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"BACKBONE_TIMEZONE “{name}” is not a time zone name. Use one like America/Chicago."
        ) from None
    return name


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise ConfigError("PORT should be a number from 1 to 65535.")
    return int(value)
