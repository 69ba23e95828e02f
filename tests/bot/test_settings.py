"""Settings: read from the environment, every wrong value named in one line."""

from __future__ import annotations

import pytest

from bot.errors import ConfigError
from bot.settings import Settings, load_settings

GOOD = {
    "SLACK_BOT_TOKEN": "xoxb-not-a-real-token",
    "SLACK_SIGNING_SECRET": "abcdef0123456789",
    "DATABASE_URL": "postgresql+psycopg://backbone@db/backbone",
    "BACKBONE_TIMEZONE": "America/Chicago",
    "PORT": "8080",
    "SLACK_API_URL": "http://127.0.0.1:9999/api",
}


def test_reads_every_setting() -> None:
    assert load_settings(GOOD) == Settings(
        bot_token="xoxb-not-a-real-token",
        signing_secret="abcdef0123456789",
        app_token=None,
        api_url="http://127.0.0.1:9999/api/",  # why: WebClient needs the trailing slash
        database_url="postgresql+psycopg://backbone@db/backbone",
        timezone="America/Chicago",
        port=8080,
    )


def test_defaults_need_nothing() -> None:
    assert load_settings({}) == Settings()
    assert Settings().database_url == "sqlite:///backbone.db"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SLACK_BOT_TOKEN", "xapp-1-wrong-kind", "SLACK_BOT_TOKEN should start with “xoxb-”"),
        ("SLACK_APP_TOKEN", "xoxb-wrong-kind", "SLACK_APP_TOKEN should start with “xapp-”"),
        ("SLACK_SIGNING_SECRET", "no spaces allowed", "SLACK_SIGNING_SECRET does not look"),
        ("SLACK_API_URL", "slack.com/api", "SLACK_API_URL should be a web address"),
        ("DATABASE_URL", "not a url", "DATABASE_URL is not a database address"),
        ("DATABASE_URL", "mysql://x@y/z", "DATABASE_URL should point to SQLite or PostgreSQL"),
        ("BACKBONE_TIMEZONE", "Mars/Olympus", "BACKBONE_TIMEZONE “Mars/Olympus” is not"),
        ("BACKBONE_TIMEZONE", "../../etc/passwd", "is not a time zone name"),
        ("PORT", "eighty", "PORT should be a number"),
        ("PORT", "70000", "PORT should be a number"),
    ],
)
def test_a_wrong_setting_is_named(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({**GOOD, name: value})
    assert message in str(caught.value)


def test_a_wrong_token_is_never_echoed() -> None:
    secret = "xoxp-1234567890-SECRET"
    with pytest.raises(ConfigError) as caught:
        load_settings({"SLACK_BOT_TOKEN": secret})
    assert "SECRET" not in str(caught.value)


def test_serving_names_the_missing_credential() -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is not set"):
        load_settings({"SLACK_BOT_TOKEN": "xoxb-1"}).require_http()
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN is not set"):
        load_settings({"SLACK_BOT_TOKEN": "xoxb-1"}).require_socket()
    with pytest.raises(ConfigError, match=r"SLACK_BOT_TOKEN is not set\. Create the Slack app"):
        load_settings({}).require_token()


def test_blank_values_count_as_unset() -> None:
    assert load_settings({"SLACK_BOT_TOKEN": "  ", "PORT": ""}) == Settings()
