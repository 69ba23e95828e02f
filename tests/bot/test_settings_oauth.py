"""Settings of several workspaces: the app's OAuth credentials, both or neither, never echoed."""

from __future__ import annotations

import pytest

from bot.errors import ConfigError
from bot.settings import Settings, load_settings

OAUTH = {
    "SLACK_CLIENT_ID": "1234567890.0987654321",
    "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef",
    "SLACK_SIGNING_SECRET": "abcdef0123456789",
}


def test_reads_the_oauth_settings() -> None:
    settings = load_settings(
        {**OAUTH, "SLACK_REDIRECT_URI": "https://backbone.example.org/slack/oauth_redirect"}
    )
    assert settings == Settings(
        signing_secret="abcdef0123456789",
        client_id="1234567890.0987654321",
        client_secret="0123456789abcdef0123456789abcdef",
        redirect_uri="https://backbone.example.org/slack/oauth_redirect",
    )
    assert settings.oauth and settings.has_slack
    assert "0123456789abcdef0123456789abcdef" not in repr(settings)  # why: logs show reprs


def test_oauth_mode_serves_and_ticks_without_a_bot_token() -> None:
    settings = load_settings(OAUTH)
    settings.require_http()
    settings.require_token()
    with pytest.raises(ConfigError, match="Socket Mode serves one workspace"):
        settings.require_socket()
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is not set"):
        load_settings({**OAUTH, "SLACK_SIGNING_SECRET": ""}).require_http()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # why: one without the other cannot install anything
        ({"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET is not set. Several workspaces need"),
        ({"SLACK_CLIENT_ID": ""}, "SLACK_CLIENT_ID is not set. Several workspaces need"),
        # why: a pasted token or a typo in the id
        ({"SLACK_CLIENT_ID": "xoxb-123"}, "SLACK_CLIENT_ID should look like 1234567890.1234567890"),
        ({"SLACK_CLIENT_SECRET": "not secret!"}, "SLACK_CLIENT_SECRET does not look like"),
        # why: two ways to find a workspace's token is one too many
        (
            {"SLACK_BOT_TOKEN": "xoxb-1"},
            "Set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID",
        ),
        ({"SLACK_REDIRECT_URI": "backbone.example.org"}, "SLACK_REDIRECT_URI should be a web"),
        # why: Slack must send installers back to the path Backbone answers
        ({"SLACK_REDIRECT_URI": "https://b.example.org/oauth"}, "should end with /slack/oauth_"),
    ],
)
def test_a_wrong_oauth_setting_is_named(changes: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({**OAUTH, **changes})
    assert message in str(caught.value)


def test_the_client_secret_is_never_echoed() -> None:
    pasted = "hunter2 with spaces 0123456789"
    with pytest.raises(ConfigError) as caught:
        load_settings({**OAUTH, "SLACK_CLIENT_SECRET": pasted})
    assert "hunter2" not in str(caught.value)
