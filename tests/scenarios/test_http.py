"""The HTTP endpoint: signatures, sizes, shapes, the health check. Never a 5xx for bad input."""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from bot.sandbox.sender import sign
from tests.support.harness import CASE, MARIA, Harness


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def signed_headers(secret: str, body: bytes, *, at: int | None = None) -> dict[str, str]:
    stamp = str(at if at is not None else int(time.time()))
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign(secret, stamp, body.decode()),
    }


def command_body(text: str) -> bytes:
    fields = {
        "command": "/action",
        "text": text,
        "team_id": "T0SANDBOX",
        "user_id": MARIA,
        "channel_id": CASE,
        "response_url": "http://127.0.0.1:9/none",
        "trigger_id": "1.2",
    }
    return urlencode(fields).encode()


def test_a_forged_signature_is_refused_and_nothing_is_stored(backbone: Harness) -> None:
    body = command_body("Forged item")
    status, _ = post(backbone.server.url, body, signed_headers("not-the-secret", body))
    backbone.settle()
    assert status == 401
    assert backbone.emulator.calls() == []


def test_a_stale_request_is_refused(backbone: Harness) -> None:
    body = command_body("Replayed item")
    secret = backbone.emulator.signing_secret
    ten_minutes_ago = int(time.time()) - 600
    status, _ = post(backbone.server.url, body, signed_headers(secret, body, at=ten_minutes_ago))
    assert status == 401


def test_a_request_without_signature_headers_is_refused(backbone: Harness) -> None:
    status, _ = post(backbone.server.url, command_body("x"), {"Content-Type": "text/plain"})
    assert status == 401


def test_a_body_over_one_megabyte_is_refused_before_reading(backbone: Harness) -> None:
    # Send only the headers: the server must answer from Content-Length alone.
    connection = http.client.HTTPConnection("127.0.0.1", backbone.server.port, timeout=10)
    connection.putrequest("POST", "/slack/events")
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Content-Length", str(1024 * 1024 + 1))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()
    assert backbone.emulator.calls() == []


@pytest.mark.parametrize(
    "body",
    [
        b"payload=not-json",  # why: a broken interaction payload
        b"\xff\xfe\x00garbage",  # why: bytes that are not text
        b'{"type": "event_callback"}',  # why: an event with no event
        b"",  # why: nothing at all
    ],
)
def test_malformed_but_signed_bodies_never_get_a_5xx(backbone: Harness, body: bytes) -> None:
    secret = backbone.emulator.signing_secret
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign(secret, stamp, body.decode("utf-8", errors="replace")),
    }
    status, _ = post(backbone.server.url, body, headers)
    backbone.settle()
    assert 200 <= status < 500


def test_health_check_and_unknown_paths(backbone: Harness) -> None:
    base = backbone.server.url.removesuffix("/slack/events")
    with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:
        assert (answer.status, json.loads(answer.read())) == (200, {"ok": True})
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{base}/nowhere", timeout=5)
    assert missing.value.code == 404
    with pytest.raises(urllib.error.HTTPError) as wrong_method:
        urllib.request.urlopen(backbone.server.url, timeout=5)
    assert wrong_method.value.code == 405


def test_slacks_url_verification_is_answered(backbone: Harness) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    headers = {
        **signed_headers(backbone.emulator.signing_secret, body),
        "Content-Type": "application/json",
    }
    status, answer = post(backbone.server.url, body, headers)
    assert (status, json.loads(answer)) == (200, {"challenge": "abc123"})


def test_a_slack_outage_during_a_command_ends_in_an_apology_with_an_id(backbone: Harness) -> None:
    backbone.emulator.fail_next("users.info", status=500, times=5)
    answer = backbone.command("Call the shelter")
    assert answer.status == 200
    text = backbone.last_response()["text"]
    assert text.startswith("Sorry, something went wrong on my side")
    assert "Traceback" not in text
    with pytest.raises(AssertionError):
        backbone.item(1)


def test_a_rate_limited_post_is_retried_after_its_wait(backbone: Harness) -> None:
    backbone.emulator.fail_next("chat.postMessage", status=429, retry_after=0)
    backbone.command("Call the shelter")
    assert len(backbone.emulator.failed_calls("chat.postMessage")) == 1
    assert len(backbone.emulator.calls("chat.postMessage")) == 1
    assert backbone.item(1).announce_ts == backbone.emulator.messages(CASE)[-1].ts
