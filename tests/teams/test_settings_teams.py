"""Teams' settings: all three credentials or none, every wrong one named in one line."""

from __future__ import annotations

import pytest

from bot.errors import ConfigError
from bot.settings import load_settings
from bot.settings_teams import TeamsSettings

APP_ID = "8a1f0c52-7d3e-4b6a-9f21-0c5d8e7b4a13"
TENANT = "3c9e2f71-5a4b-4d8e-b6c0-1f2a3b4c5d6e"
SECRET = "Xy7~q.SECRET_Zr0-abcdefghijkl"
TEAMS = {"TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": SECRET, "TEAMS_TENANT_ID": TENANT}


def test_reads_every_teams_setting() -> None:
    settings = load_settings(
        {
            **TEAMS,
            "TEAMS_APP_ID": APP_ID.upper(),  # as some pages show it; tokens say it in lower case
            "TEAMS_CLOUD": "USGov",
            "TEAMS_OPENID_URL": "http://127.0.0.1:9000/v1/.well-known/openidconfiguration",
            "TEAMS_LOGIN_URL": "http://127.0.0.1:9000/",
            "BACKBONE_PUBLIC_URL": "https://backbone.example.org/",
        }
    )
    assert settings.teams == TeamsSettings(
        app_id=APP_ID,
        app_password=SECRET,
        tenant_id=TENANT,
        cloud="usgov",
        openid_url="http://127.0.0.1:9000/v1/.well-known/openidconfiguration",
        login_url="http://127.0.0.1:9000",
    )
    assert settings.public_url == "https://backbone.example.org"
    assert settings.has_chat and not settings.has_slack


def test_no_teams_settings_is_no_teams() -> None:
    settings = load_settings({})
    assert settings.teams is None and settings.public_url is None and not settings.has_chat
    assert load_settings(TEAMS).teams is not None
    assert load_settings(TEAMS).teams.cloud == "public"  # type: ignore[union-attr]


def test_the_secret_is_never_shown() -> None:
    settings = load_settings(TEAMS)
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    with pytest.raises(ConfigError) as caught:
        load_settings({**TEAMS, "TEAMS_APP_PASSWORD": "short secret!"})
    assert "short" not in str(caught.value) and "TEAMS_APP_PASSWORD" in str(caught.value)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"TEAMS_TENANT_ID": ""}, "TEAMS_TENANT_ID is not set."),
        ({"TEAMS_APP_PASSWORD": ""}, "TEAMS_APP_PASSWORD is not set."),
        ({"TEAMS_APP_ID": ""}, "TEAMS_APP_ID is not set."),
        ({"TEAMS_APP_ID": "backbone-bot"}, "TEAMS_APP_ID should be a GUID"),
        ({"TEAMS_TENANT_ID": "contoso.onmicrosoft.com"}, "TEAMS_TENANT_ID should be a GUID"),
        ({"TEAMS_CLOUD": "gcc"}, "TEAMS_CLOUD should be one of public, usgov, usgovdod, china"),
        ({"TEAMS_OPENID_URL": "login.botframework.com"}, "TEAMS_OPENID_URL should be an https"),
        (
            {"TEAMS_OPENID_URL": "https://login.botframework.com/v1/.well-known/keys"},
            "TEAMS_OPENID_URL should end with /openidconfiguration",
        ),
        # Keys and tokens must not travel in the clear, except on this machine.
        ({"TEAMS_LOGIN_URL": "http://login.example.org"}, "TEAMS_LOGIN_URL should be an https"),
        ({"BACKBONE_PUBLIC_URL": "backbone.example.org"}, "BACKBONE_PUBLIC_URL should be an"),
        ({"BACKBONE_PUBLIC_URL": "https://x.org/api/messages"}, "with no path after it"),
    ],
)
def test_a_missing_or_wrong_setting_is_named(changes: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({**TEAMS, **changes})
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_app_id_without_tenant_names_the_tenant() -> None:
    with pytest.raises(ConfigError, match=r"^TEAMS_TENANT_ID is not set\."):
        load_settings({"TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": SECRET})


@pytest.mark.parametrize("name", ["TEAMS_CLOUD", "TEAMS_OPENID_URL", "TEAMS_LOGIN_URL"])
def test_an_override_without_the_bot_is_a_half_set_up(name: str) -> None:
    value = {
        "TEAMS_CLOUD": "usgov",
        "TEAMS_OPENID_URL": "https://login.botframework.azure.us/v1/.well-known/openidconfiguration",
        "TEAMS_LOGIN_URL": "https://login.microsoftonline.us",
    }[name]
    with pytest.raises(ConfigError, match=f"^{name} is set but TEAMS_APP_ID is not"):
        load_settings({name: value})


def test_slack_and_teams_together() -> None:
    settings = load_settings(
        {**TEAMS, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "abcdef0123456789"}
    )
    assert settings.has_slack and settings.teams is not None
