"""Several workspaces: Slack's OAuth install through Bolt, with its stores in Backbone's database.

With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set, `GET /slack/install` starts an install and
`GET /slack/oauth_redirect` finishes it; each workspace's bot token is kept by slack_sdk's
SQLAlchemyInstallationStore, and the install's `state` by SQLAlchemyOAuthStateStore, in tables
that migration 0006 creates (the stores' create_tables() is never called).

No state secret is needed: the state is a random value the state store keeps server-side, used
once within ten minutes and tied to the installer's browser by a cookie. Nothing is signed.
"""

from __future__ import annotations

from urllib.parse import urljoin

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.deps import Deps
from bot.settings import REDIRECT_PATH, Settings
from handlers.slack.installs import OrgWideInstall, install_callbacks

# The bot scopes of app.yaml's oauth_config, asked for at install (tests/test_manifest.py keeps
# the two lists equal).
BOT_SCOPES = (
    "channels:history",
    "channels:read",
    "chat:write",
    "chat:write.public",
    "commands",
    "files:write",
    "groups:history",
    "groups:read",
    "im:write",
    "reactions:read",
    "reactions:write",
    "users:read",
)
INSTALL_PATH = "/slack/install"
STATE_SECONDS = 600


class WorkspaceInstallations(SQLAlchemyInstallationStore):
    """slack_sdk's store, holding installations in workspaces only (in Enterprise Grid or not)."""

    def save(self, installation: Installation) -> None:
        """Keep a workspace's installation; refuse an org-wide one before anything is written."""
        if installation.is_enterprise_install or not installation.team_id:
            raise OrgWideInstall("org-wide installs are not supported")
        super().save(installation)


def installation_store(settings: Settings, engine: Engine) -> WorkspaceInstallations:
    """Return the store of every workspace's installation (bot token, scopes, installer)."""
    assert settings.client_id, "OAuth mode only"
    return WorkspaceInstallations(client_id=settings.client_id, engine=engine)


def authorization_url(settings: Settings) -> str:
    """Return Slack's consent page, beside the Web API (the emulator serves both the same way)."""
    return urljoin(settings.api_url, "../oauth/v2/authorize")


def install_url(settings: Settings) -> str | None:
    """Return where people start an install, when the public address is known."""
    if not settings.redirect_uri:
        return None
    return settings.redirect_uri.removesuffix(REDIRECT_PATH) + INSTALL_PATH


def not_installed_message(settings: Settings) -> str:
    """Say, to someone in a workspace without an installation, what to do."""
    where = install_url(settings)
    again = f" at {where}" if where else ""
    return (
        "Backbone isn't installed in this workspace (or was removed), so it can't help here "
        f"yet. Ask a workspace admin to install it{again}."
    )


def oauth_settings(settings: Settings, engine: Engine, deps: Deps) -> OAuthSettings:
    """Return Bolt's OAuth settings: install and redirect paths, stores, and callback pages."""
    assert settings.client_id and settings.client_secret, "OAuth mode only"
    return OAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=authorization_url(settings),
        installation_store=installation_store(settings, engine),
        installation_store_bot_only=True,  # Backbone only ever uses the bot token
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=install_callbacks(deps),
    )
