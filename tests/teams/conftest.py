"""A Teams-only `backbone serve`-shaped server on 127.0.0.1, its token issuer, and a receiver."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.settings_teams import TeamsSettings
from bot.teams.inbound import InboundAuth
from bot.teams.web import teams_mount
from bot.web import HttpServer, make_server_app
from tests.teams.issuer import Issuer

APP_ID = "8a1f0c52-7d3e-4b6a-9f21-0c5d8e7b4a13"
TENANT = "3c9e2f71-5a4b-4d8e-b6c0-1f2a3b4c5d6e"
SERVICE_URL = "https://smba.trafficmanager.net/amer/"


@dataclass
class Receiver:
    """Stands in for the router: records each activity it is given, answers as told."""

    activities: list[dict[str, Any]] = field(default_factory=list)
    reply: tuple[int, dict[str, Any] | None] = (200, None)

    def receive(self, activity: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        self.activities.append(activity)
        return self.reply


@dataclass
class TeamsServer:
    issuer: Issuer
    receiver: Receiver
    server: HttpServer
    pictures: dict[str, bytes]

    @property
    def messages_url(self) -> str:
        return f"{self.server.base_url}/api/messages"

    def token(self, **changes: Any) -> str:
        return self.issuer.token(app_id=APP_ID, service_url=SERVICE_URL, **changes)


def teams_settings(issuer: Issuer) -> TeamsSettings:
    return TeamsSettings(
        app_id=APP_ID, app_password="not-a-real-secret-0123", tenant_id=TENANT,
        openid_url=issuer.openid_url,
    )  # fmt: skip


def message(text: str = "help", **changes: Any) -> dict[str, Any]:
    """An activity shaped as Teams sends a personal-chat message."""
    activity: dict[str, Any] = {
        "type": "message",
        "id": "1700000000001",
        "serviceUrl": SERVICE_URL,
        "channelId": "msteams",
        "from": {"id": "29:1maria", "name": "Maria"},
        "recipient": {"id": f"28:{APP_ID}", "name": "Backbone"},
        "conversation": {"id": "a:1personal", "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
        "text": text,
    }
    activity.update(changes)
    return activity


def post(url: str, body: bytes, token: str | None) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def teams() -> Iterator[TeamsServer]:
    with Issuer() as issuer:
        receiver, pictures = Receiver(), dict[str, bytes]()
        mount = teams_mount(InboundAuth(teams_settings(issuer)), receiver, pictures=pictures.get)
        app = make_server_app([mount], healthy=lambda: True)
        server = HttpServer(app, host="127.0.0.1", port=0).start()
        try:
            yield TeamsServer(issuer, receiver, server, pictures)
        finally:
            server.stop(grace=1)
