"""Bolt's OAuth settings for several workspaces: the scopes, paths and pages Backbone asks for."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.settings import REDIRECT_PATH, Settings
from bot.slack.oauth import BOT_SCOPES, authorization_url, not_installed_message

MANIFEST = yaml.safe_load((Path(__file__).parents[2] / "app.yaml").read_text())


def test_the_scopes_asked_at_install_are_the_manifests() -> None:
    assert list(BOT_SCOPES) == MANIFEST["oauth_config"]["scopes"]["bot"]


def test_the_manifest_sends_installers_back_to_backbone() -> None:
    events_url = MANIFEST["settings"]["event_subscriptions"]["request_url"]
    assert MANIFEST["oauth_config"]["redirect_urls"] == [
        events_url.removesuffix("/slack/events") + REDIRECT_PATH
    ]


def test_slacks_consent_page_sits_beside_its_web_api() -> None:
    assert authorization_url(Settings()) == "https://slack.com/oauth/v2/authorize"
    local = Settings(api_url="http://127.0.0.1:8123/api/")
    assert authorization_url(local) == "http://127.0.0.1:8123/oauth/v2/authorize"


def test_people_without_an_install_are_told_where_to_get_one() -> None:
    known = Settings(redirect_uri="https://backbone.example.org/slack/oauth_redirect")
    assert not_installed_message(known) == (
        "Backbone isn't installed in this workspace (or was removed), so it can't help here "
        "yet. Ask a workspace admin to install it at https://backbone.example.org/slack/install."
    )
