"""`POST /api/messages` over real HTTP: only Bot Framework's tokens for this bot get through.

Every refusal is a 401 (or 400 for a body that is no activity) and reaches no one: the receiver
(the router, which is what would call the connector) sees nothing.
"""

from __future__ import annotations

import http.client
import json
import time
from typing import Any

import jwt
import pytest

from tests.teams.conftest import SERVICE_URL, TeamsServer, message, post
from tests.teams.issuer import KEYS_PATH, Key

BODY = json.dumps(message()).encode()


def test_a_token_bot_framework_signed_for_this_bot_reaches_the_receiver(
    teams: TeamsServer,
) -> None:
    status, body = post(teams.messages_url, BODY, teams.token())
    assert (status, body) == (200, b"")
    assert teams.receiver.activities == [message()]


def test_the_receivers_answer_is_the_http_answer(teams: TeamsServer) -> None:
    teams.receiver.reply = (200, {"task": {"type": "message", "value": "Saved."}})
    invoke = json.dumps(message(type="invoke", name="task/submit")).encode()
    status, body = post(teams.messages_url, invoke, teams.token())
    assert (status, json.loads(body)) == (200, {"task": {"type": "message", "value": "Saved."}})


def unsigned(claims: dict[str, Any]) -> str:
    return jwt.encode(claims, key="", algorithm="none", headers={"kid": "key-1"})


def test_an_unsigned_token_is_refused(teams: TeamsServer) -> None:
    claims = jwt.decode(teams.token(), options={"verify_signature": False})
    assert post(teams.messages_url, BODY, unsigned(claims))[0] == 401
    assert teams.receiver.activities == []


@pytest.mark.parametrize(
    ("why", "changes"),
    [
        # The SDK allows five minutes of clock skew: an hour ago is expired whatever the clocks.
        ("expired", {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}),
        ("not yet valid", {"nbf": int(time.time()) + 3600}),
        ("wrong issuer", {"iss": "https://sts.windows.net/somewhere-else/"}),
        ("wrong audience", {"aud": "00000000-0000-0000-0000-000000000000"}),
        ("no audience", {"aud": None}),
        ("no expiry", {"exp": None}),
        ("serviceUrl mismatch", {"serviceurl": "https://evil.example.org/"}),
        ("no serviceurl claim", {"serviceurl": None}),
    ],
)
def test_a_token_with_a_wrong_claim_is_refused(
    teams: TeamsServer, why: str, changes: dict[str, Any]
) -> None:
    status, _ = post(teams.messages_url, BODY, teams.token(**changes))
    assert status == 401, why
    assert teams.receiver.activities == []


def test_a_token_signed_with_another_key_is_refused(teams: TeamsServer) -> None:
    impostor = Key("key-1")  # the published key's id, not its private key
    status, _ = post(teams.messages_url, BODY, teams.token(key=impostor))
    assert status == 401
    stranger = Key("never-published")
    assert post(teams.messages_url, BODY, teams.token(key=stranger))[0] == 401
    assert teams.receiver.activities == []


def test_an_activity_must_come_from_the_service_its_token_names(teams: TeamsServer) -> None:
    elsewhere = json.dumps(message(serviceUrl="https://evil.example.org/")).encode()
    assert post(teams.messages_url, elsewhere, teams.token())[0] == 401
    no_service = json.dumps({k: v for k, v in message().items() if k != "serviceUrl"}).encode()
    assert post(teams.messages_url, no_service, teams.token())[0] == 401
    # A trailing slash is no difference, for the SDK either.
    same = json.dumps(message(serviceUrl=SERVICE_URL.rstrip("/"))).encode()
    assert post(teams.messages_url, same, teams.token())[0] == 200
    assert len(teams.receiver.activities) == 1


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Basic dXNlcjpwYXNz", "Bearer", "Bearer not.a.jwt", "Bearer ....."],
)
def test_no_token_or_junk_is_refused(teams: TeamsServer, authorization: str | None) -> None:
    token = None if authorization is None else authorization.removeprefix("Bearer").strip()
    if authorization is not None and not authorization.startswith("Bearer"):
        token = None
    assert post(teams.messages_url, BODY, token)[0] == 401
    assert teams.receiver.activities == []


def test_the_token_is_checked_before_the_body_is_read(teams: TeamsServer) -> None:
    assert post(teams.messages_url, b"{not json", None)[0] == 401
    assert post(teams.messages_url, b"{not json", teams.token(aud="someone-else"))[0] == 401


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"\xff\xfe", b"[]", b'"message"', b"{}", b'{"type": 3}', b"[" * 100_000],
)
def test_a_body_that_is_no_activity_is_a_bad_request(teams: TeamsServer, body: bytes) -> None:
    assert post(teams.messages_url, body, teams.token())[0] == 400
    assert teams.receiver.activities == []


def test_a_body_over_one_megabyte_is_refused_unread(teams: TeamsServer) -> None:
    # Only the headers are sent: the answer comes before any of the body is read.
    connection = http.client.HTTPConnection("127.0.0.1", teams.server.port, timeout=10)
    connection.putrequest("POST", "/api/messages")
    connection.putheader("Authorization", f"Bearer {teams.token()}")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(1024 * 1024 + 1))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()
    assert teams.receiver.activities == []


def test_the_keys_are_fetched_once_and_kept(teams: TeamsServer) -> None:
    for _ in range(3):
        assert post(teams.messages_url, BODY, teams.token())[0] == 200
    assert teams.issuer.requests == [KEYS_PATH]


def test_a_new_signing_key_is_picked_up(
    teams: TeamsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert post(teams.messages_url, BODY, teams.token())[0] == 200
    new = teams.issuer.rotate()
    # PyJWT looks for an unknown key at most every 30 s (a flood of made-up key ids must not
    # become a flood of fetches): move its clock past that instead of waiting.
    import jwt.jwks_client as jwks

    later = time.monotonic() + 60

    class Later:
        @staticmethod
        def monotonic() -> float:
            return later

    monkeypatch.setattr(jwks, "time", Later)
    assert post(teams.messages_url, BODY, teams.token(key=new))[0] == 200
    assert teams.issuer.requests == [KEYS_PATH, KEYS_PATH]
    assert len(teams.receiver.activities) == 2


def test_other_methods_and_paths(teams: TeamsServer) -> None:
    import urllib.error
    import urllib.request

    base = teams.server.base_url
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{base}/api/messages", timeout=5)
    assert caught.value.code == 405
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{base}/slack/events", timeout=5)
    assert caught.value.code == 404  # Teams alone: Slack's route is not served
    with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:
        assert json.loads(answer.read()) == {"ok": True}
