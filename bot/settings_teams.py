"""Teams' settings and Backbone's public address, read and checked like the rest of the settings.

Plain strings only: the core reads these too (the public address of pictures), and the SDK's
`CloudEnvironment` is built from them inside bot/teams (cloud.py), never here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bot.errors import ConfigError

CLOUDS = ("public", "usgov", "usgovdod", "china")
GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
TEAMS_HINT = "See “Connect Microsoft Teams” in the README."
AZURE_BOT = "the Azure Bot's Configuration page"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
OPENID_TAIL = "/openidconfiguration"


@dataclass(frozen=True)
class TeamsSettings:
    """One single-tenant Teams bot: its Azure registration, its cloud, and two test overrides."""

    app_id: str
    app_password: str = field(repr=False)
    tenant_id: str
    cloud: str = "public"
    # Overrides for air-gapped set-ups and tests; None means the cloud's own Microsoft addresses.
    openid_url: str | None = None
    login_url: str | None = None


def load_teams(values: Mapping[str, str]) -> TeamsSettings | None:
    """Read the Teams settings: none at all, or all three credentials; every wrong one named."""
    credentials = {
        "TEAMS_APP_ID": _guid(
            values, "TEAMS_APP_ID", f"Copy the Microsoft App ID from {AZURE_BOT}."
        ),
        "TEAMS_TENANT_ID": _guid(
            values, "TEAMS_TENANT_ID", f"Copy the App Tenant ID from {AZURE_BOT}."
        ),
        "TEAMS_APP_PASSWORD": _password(values.get("TEAMS_APP_PASSWORD")),
    }
    cloud = _cloud(values.get("TEAMS_CLOUD", "public"))
    openid, login = _overrides(values)
    if not any(credentials.values()):
        _refuse_lone_overrides(values)
        return None
    missing = [name for name, value in credentials.items() if not value]
    if missing:
        raise ConfigError(
            f"{missing[0]} is not set. A Teams bot needs TEAMS_APP_ID, TEAMS_TENANT_ID and "
            f"TEAMS_APP_PASSWORD. {TEAMS_HINT}"
        )
    app_id, tenant, password = (str(value) for value in credentials.values())
    return TeamsSettings(app_id, password, tenant, cloud, openid, login)


def _overrides(values: Mapping[str, str]) -> tuple[str | None, str | None]:
    """Read the two addresses that replace Microsoft's (air-gapped set-ups, the emulator)."""
    openid = _address(values, "TEAMS_OPENID_URL", "https://login.botframework.com/v1/.well-known")
    if openid is not None and not openid.endswith(OPENID_TAIL):
        raise ConfigError(
            f"TEAMS_OPENID_URL should end with {OPENID_TAIL} (its keys are beside it)."
        )
    login = _address(values, "TEAMS_LOGIN_URL", "https://login.microsoftonline.com")
    return openid, login.rstrip("/") if login else None


def load_public_url(values: Mapping[str, str]) -> str | None:
    """Read BACKBONE_PUBLIC_URL, the address Teams reaches Backbone at (pictures, the package)."""
    url = _address(values, "BACKBONE_PUBLIC_URL", "https://backbone.example.org")
    if url is not None and urlparse(url).path.strip("/"):
        raise ConfigError(
            "BACKBONE_PUBLIC_URL should be Backbone's address alone, like "
            "https://backbone.example.org, with no path after it."
        )
    return url.rstrip("/") if url else None


def _refuse_lone_overrides(values: Mapping[str, str]) -> None:
    """A Teams setting with no Teams credentials is a half-finished set-up: say what is missing."""
    for name in ("TEAMS_CLOUD", "TEAMS_OPENID_URL", "TEAMS_LOGIN_URL"):
        if name in values:
            raise ConfigError(f"{name} is set but TEAMS_APP_ID is not. {TEAMS_HINT}")


def _guid(values: Mapping[str, str], name: str, where: str) -> str | None:
    value = values.get(name)
    if value is not None and not GUID.fullmatch(value):
        raise ConfigError(
            f"{name} should be a GUID like 00000000-0000-0000-0000-000000000000. {where}"
        )
    return value.lower() if value else None


def _password(value: str | None) -> str | None:
    # Never echo it: a value pasted into the wrong place may be another secret.
    if value is not None and (len(value) < 16 or re.search(r"\s", value)):
        raise ConfigError(
            "TEAMS_APP_PASSWORD does not look like a client secret. Copy the secret's Value "
            "(not its Secret ID) from the app registration's Certificates & secrets."
        )
    return value


def _cloud(name: str) -> str:
    if name.lower() not in CLOUDS:
        raise ConfigError(f"TEAMS_CLOUD should be one of {', '.join(CLOUDS)} (public if unset).")
    return name.lower()


def _address(values: Mapping[str, str], name: str, example: str) -> str | None:
    """Read a web address; plain http only on this machine, since tokens and keys travel on it."""
    url = values.get(name)
    if url is None:
        return None
    parsed = urlparse(url)
    secure = parsed.scheme == "https" or (parsed.scheme == "http" and parsed.hostname in LOOPBACK)
    if not parsed.netloc or not secure or parsed.query or parsed.fragment:
        raise ConfigError(f"{name} should be an https web address like {example}.")
    return url
