"""`backbone serve` as a real process with Teams set up: alone, and beside Slack on one port.

The process's Teams is the local token issuer (its keys); its Slack the Slack emulator. Activities
go through the real route and the real router (handlers/teams/router.py).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.sandbox.server import SlackEmulator
from bot.teams.icons import color_icon
from storage.db import make_engine, make_session_factory, transaction
from storage.teams_posts import save_picture
from storage.workspaces import ensure_workspace
from tests.support.harness import CASE, JOE, MARIA, seed
from tests.support.processes import BACKBONE, Served
from tests.teams.conftest import APP_ID, SERVICE_URL, TENANT, message, post
from tests.teams.issuer import Issuer


@pytest.fixture
def issuer() -> Iterator[Issuer]:
    with Issuer() as issuer:
        yield issuer


def teams_env(issuer: Issuer, database_url: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_url,
        "TEAMS_APP_ID": APP_ID,
        "TEAMS_APP_PASSWORD": "not-a-real-secret-0123",
        "TEAMS_TENANT_ID": TENANT,
        "TEAMS_OPENID_URL": issuer.openid_url,
        "TEAMS_LOGIN_URL": issuer.url,
        "BACKBONE_PUBLIC_URL": "https://backbone.example.org",
    }


def start(env: dict[str, str], cwd: Path) -> Served:
    argv = [str(BACKBONE), "serve", "--no-scheduler", "--host", "127.0.0.1", "--port", "0"]
    process = subprocess.Popen(argv, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True)
    return Served(process)


def stop(served: Served) -> None:
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=15) == 0


def typing_from(tenant: str) -> bytes:
    activity = message(type="typing", conversation={"id": "a:1", "tenantId": tenant})
    activity["channelData"] = {"tenant": {"id": tenant}}
    return json.dumps(activity).encode()


def stored_picture(database_url: str, png: bytes) -> str:
    """Store a picture as the port does for a card, and return its id."""
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            ensure_workspace(session, team_id=TENANT, now=datetime.now(UTC))
            return save_picture(session, tenant_id=TENANT, png=png, now=datetime.now(UTC))
    finally:
        engine.dispose()


def test_teams_alone(issuer: Issuer, database_url: str, tmp_path: Path) -> None:
    png = color_icon()
    picture_id = stored_picture(database_url, png)
    served = start(teams_env(issuer, database_url), tmp_path)
    try:
        base = f"http://127.0.0.1:{served.port}"
        served.wait_for_log("POST /api/messages")
        assert not any("/slack/events" in line for line in served.log)
        token = issuer.token(app_id=APP_ID, service_url=SERVICE_URL)
        # Through the real router: a typing activity is nothing to do; another tenant is refused.
        assert post(f"{base}/api/messages", typing_from(TENANT), token)[0] == 200
        other = "11111111-2222-3333-4444-555555555555"
        assert post(f"{base}/api/messages", typing_from(other), token)[0] == 403
        assert post(f"{base}/api/messages", typing_from(TENANT), None)[0] == 401
        assert post(f"{base}/api/messages", b"{", token)[0] == 400
        with urllib.request.urlopen(f"{base}/teams/pictures/{picture_id}.png", timeout=5) as got:
            assert (got.headers["Content-Type"], got.read()) == ("image/png", png)
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(f"{base}/teams/pictures/no-such-picture-000.png", timeout=5)
        assert caught.value.code == 404
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:
            assert json.loads(answer.read()) == {"ok": True}
        # Only the keys were asked of Microsoft's side: nothing was sent anywhere.
        assert set(issuer.requests) == {"/v1/.well-known/keys"}
        assert "not-a-real-secret-0123" not in "".join(served.log)
    finally:
        stop(served)


def test_slack_and_teams_in_one_process(issuer: Issuer, database_url: str, tmp_path: Path) -> None:
    with SlackEmulator() as emulator:
        seed(emulator)
        env = {
            **teams_env(issuer, database_url),
            "SLACK_BOT_TOKEN": emulator.bot_token,
            "SLACK_SIGNING_SECRET": emulator.signing_secret,
            "SLACK_API_URL": emulator.api_url,
        }
        served = start(env, tmp_path)
        try:
            served.wait_for_log("POST /slack/events, POST /api/messages, GET /healthz")
            emulator.request_url = served.url
            answer = emulator.send_command(
                "/action", "Call the shelter <@UJOE>", user=MARIA, channel=CASE
            )
            assert (answer.status, answer.body) == (200, "")
            posted = emulator.wait_for("chat.postMessage")
            assert posted[0]["text"] == "📌 A-1 Call the shelter — <@UJOE>"
            emulator.wait_for("chat.getPermalink")  # asked once the post's place is stored
            emulator.send_command("/action", "done A-1", user=JOE, channel=CASE)
            emulator.wait_for("chat.update")
            token = issuer.token(app_id=APP_ID, service_url=SERVICE_URL)
            teams_url = f"http://127.0.0.1:{served.port}/api/messages"
            assert post(teams_url, typing_from(TENANT), token)[0] == 200
            assert post(teams_url, typing_from(TENANT), token + "x")[0] == 401
        finally:
            stop(served)


def test_socket_mode_does_not_serve_teams(
    issuer: Issuer, database_url: str, tmp_path: Path
) -> None:
    env = {
        **teams_env(issuer, database_url),
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
    }
    done = subprocess.run(
        [str(BACKBONE), "serve", "--socket"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("backbone: Teams reaches Backbone over HTTP")
    assert done.stderr.count("\n") == 1


def test_a_half_set_up_teams_is_one_line(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": "x" * 20}
    done = subprocess.run(
        [str(BACKBONE), "serve"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.startswith("backbone: TEAMS_TENANT_ID is not set.")
    assert done.stderr.count("\n") == 1 and "x" * 20 not in done.stderr
