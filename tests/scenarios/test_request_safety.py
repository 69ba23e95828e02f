"""Requests that cannot hurt us: the signature first, shapes next, replays and waits bounded.

An attacker can reach `POST /slack/events` but does not know the signing secret. Nothing in an
unsigned body is read or acted on: not its `response_url` (that would make Backbone post to any
address it names), not its team, not its JSON. Signed bodies of the wrong shape get a 400.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from urllib.parse import urlencode

import pytest
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.sandbox.sender import sign
from bot.slack.app import make_client
from bot.slack.retries import (
    REQUEST_WAIT_SECONDS,
    SCHEDULED_WAIT_SECONDS,
    BoundedRateLimitHandler,
    retry_after,
)
from tests.conftest import FakeClock
from tests.scenarios.test_http import post
from tests.support.harness import CASE, MARIA, Harness, running_backbone

FORM = "application/x-www-form-urlencoded"


class Listener:
    """A TCP port that records whether anything ever connected to it."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen()
        self._socket.settimeout(0.05)
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}/hooks/steal"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def signed(secret: str, body: bytes, content_type: str = FORM) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign(secret, stamp, body.decode("utf-8", errors="replace")),
    }


def command(text: str, response_url: str) -> bytes:
    fields = {
        "command": "/action",
        "text": text,
        "team_id": "T0SANDBOX",
        "user_id": MARIA,
        "channel_id": CASE,
        "response_url": response_url,
        "trigger_id": "1.2",
    }
    return urlencode(fields).encode()


def button_click(response_url: str) -> bytes:
    payload = {
        "type": "block_actions",
        "team": {"id": "T0SANDBOX"},
        "user": {"id": MARIA},
        "response_url": response_url,
        "trigger_id": "1.2",
        "actions": [{"action_id": "item_done", "value": "1", "type": "button"}],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


# fmt: off
BAD_STAMPS = [
    ("now", "a word, not a number"),          # why: int("now") raised inside Bolt's check
    ("1.5e9", "a number in float notation"),  # why: not an integer of seconds
    ("", "empty"),                            # why: the header present but empty
    (" 1700000000", "a leading space"),       # why: Python's int() would accept it
    ("1_700_000_000", "digits with underscores"),  # why: Python's int() would accept it
    ("+1700000000", "a plus sign"),           # why: so would it this
    ("-1", "a negative number"),              # why: not a Unix time Slack sends
]
# fmt: on


@pytest.mark.parametrize(("stamp", "why"), BAD_STAMPS)
def test_a_malformed_timestamp_is_refused_without_any_outbound_call(
    backbone: Harness, listener: Listener, stamp: str, why: str
) -> None:
    for body in (command("Steal", listener.url), button_click(listener.url)):
        headers = {
            "Content-Type": FORM,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": sign(backbone.emulator.signing_secret, stamp, body.decode()),
        }
        status, _ = post(backbone.server.url, body, headers)
        backbone.settle()
        assert status == 401, why
    assert listener.connections == 0
    assert backbone.emulator.calls() == []


def test_a_wrongly_signed_request_never_reaches_its_response_url(
    backbone: Harness, listener: Listener
) -> None:
    for body in (command("Steal", listener.url), button_click(listener.url)):
        status, _ = post(backbone.server.url, body, signed("guessed-secret", body))
        backbone.settle()
        assert status == 401
    assert listener.connections == 0
    assert backbone.emulator.calls() == []


def test_unsigned_junk_leaves_no_traceback_in_the_log(
    backbone: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    nested = b"payload=" + b"[" * 100_000 + b"]" * 100_000
    for body in (nested, b"[1, 2]", b"payload=null", b"\xff\xfe"):
        headers = {
            "Content-Type": FORM,
            "X-Slack-Request-Timestamp": "now",
            "X-Slack-Signature": "v0=0",
        }
        assert post(backbone.server.url, body, headers)[0] == 401
    # waitress says "Task queue depth" when a request waits for a free thread: on a busy
    # machine that is load, not something the junk did.
    loud = [r for r in caplog.records if r.exc_info or r.levelno >= logging.WARNING]
    assert [r for r in loud if r.name != "waitress.queue"] == []


def payload_of(value: object) -> bytes:
    return urlencode({"payload": json.dumps(value)}).encode()


# fmt: off
SIGNED_BUT_MALFORMED = [
    (payload_of([1, 2, 3]), FORM),                                 # why: payload is an array
    (payload_of("block_actions"), FORM),                           # why: payload is a string
    (payload_of(None), FORM),                                      # why: payload is null
    (payload_of({"type": "block_actions", "user": "UMARIA"}), FORM),  # why: user not an object
    (payload_of({"type": "block_actions", "team": "T0SANDBOX",
                 "user": {"id": "UMARIA"}, "actions": "done"}), FORM),  # why: actions not a list
    (payload_of({"type": "view_submission", "view": []}), FORM),   # why: view not an object
    (b"[]", "application/json"),                                   # why: a JSON array
    (b'"event_callback"', "application/json"),                     # why: a JSON string
    (b'{"type": "event_callback", "team_id": "T0SANDBOX", "event": null}',
     "application/json"),                                          # why: event is null
    (b'{"type": "event_callback", "team_id": "T0SANDBOX", "event": "message"}',
     "application/json"),                                          # why: event is a string
    (b'{"type": "event_callback", "team_id": "T0SANDBOX", "event": {"type": 5}}',
     "application/json"),                                          # why: event type not text
    (b'{"type": "event_callback", "authorizations": "T0SANDBOX", "event": {}}',
     "application/json"),                                          # why: not a list
    (b"payload=" + b"[" * 100_000 + b"]" * 100_000, FORM),         # why: nesting past recursion
    (b"[" * 100_000 + b"]" * 100_000, "application/json"),         # why: the same, as JSON
    (b"command=%2Faction&text=x&user_id=UMARIA", FORM),            # why: a command with no team
]
# fmt: on


@pytest.mark.parametrize(("body", "content_type"), SIGNED_BUT_MALFORMED)
def test_signed_but_malformed_bodies_get_400(
    backbone: Harness, body: bytes, content_type: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    status, answer = post(
        backbone.server.url, body, signed(backbone.emulator.signing_secret, body, content_type)
    )
    backbone.settle()
    assert (status, json.loads(answer)) == (400, {"ok": False, "error": "bad_request"})
    assert backbone.emulator.calls() == []
    assert [r for r in caplog.records if r.exc_info] == []


def test_a_replayed_command_does_nothing_the_second_time(backbone: Harness) -> None:
    body = command("Call the shelter about 3 beds", "http://127.0.0.1:9/none")
    headers = signed(backbone.emulator.signing_secret, body)
    assert post(backbone.server.url, body, headers)[0] == 200
    backbone.settle()
    posts = backbone.emulator.calls("chat.postMessage")
    assert post(backbone.server.url, body, headers) == (200, "")
    backbone.settle()
    assert backbone.emulator.calls("chat.postMessage") == posts
    assert backbone.item(1).title == "Call the shelter about 3 beds"
    with backbone.database() as session:
        from storage import actions as store

        assert store.get_item(session, team_id="T0SANDBOX", number=2) is None


def test_the_same_words_sent_again_by_slack_are_a_new_request(backbone: Harness) -> None:
    backbone.command("Call the shelter")
    backbone.command("Call the shelter")
    assert backbone.item(2).title == "Call the shelter"


# --- Retry-After never holds people's work for long ------------------------------------------


class Sleeps:
    """Stands in for time.sleep: records each wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def recorded(database_url: str, clock: FakeClock, sleeps: Sleeps) -> Iterator[Harness]:
    with running_backbone(database_url, clock, slack=partial(make_client, sleep=sleeps)) as h:
        yield h


def test_a_long_rate_limit_fails_the_call_at_once_instead_of_holding_a_thread(
    recorded: Harness, sleeps: Sleeps
) -> None:
    recorded.emulator.fail_next("chat.postMessage", status=429, retry_after=60)
    recorded.command("Call the shelter about 3 beds")
    assert sleeps.waits == []
    assert len(recorded.emulator.failed_calls("chat.postMessage")) == 1
    assert recorded.emulator.calls("chat.postMessage") == []


def test_a_short_rate_limit_is_waited_out_once(recorded: Harness, sleeps: Sleeps) -> None:
    recorded.emulator.fail_next("chat.postMessage", status=429, retry_after=1)
    recorded.command("Call the shelter about 3 beds")
    assert len(sleeps.waits) == 1 and 1.0 <= sleeps.waits[0] <= 1.1
    assert len(recorded.emulator.calls("chat.postMessage")) == 1
    assert recorded.item(1).announce_ts == recorded.emulator.messages(CASE)[-1].ts


def test_scheduled_work_waits_longer_but_never_without_end(sleeps: Sleeps) -> None:
    handler = BoundedRateLimitHandler(max_wait=SCHEDULED_WAIT_SECONDS, sleep=sleeps)
    state = RetryState()
    request = HttpRequest(method="POST", url="https://slack.example/api/x", headers={})
    for wait, retried in [("20", True), ("31", False), ("3600", False)]:
        response = HttpResponse(status_code=429, headers={"Retry-After": [wait]})
        assert handler.can_retry(state=state, request=request, response=response) is retried
    assert REQUEST_WAIT_SECONDS < SCHEDULED_WAIT_SECONDS


# fmt: off
RETRY_AFTER = [
    (["30"], 30.0),                               # why: what Slack sends, whole seconds
    (["1.5"], 1.5),                               # why: slack_sdk's int() would raise on this
    ([" 2 "], 2.0),                               # why: stray spaces from a proxy
    (["-5"], 0.0),                                # why: never a negative wait
    (["Wed, 02 Dec 2026 16:00:10 GMT"], 10.0),    # why: RFC 9110 also allows an HTTP date
    (["soon"], 1.0),                              # why: junk: a short default, not a crash
    ([], 1.0),                                    # why: header missing behind some proxies
    (["inf"], float("inf")),                      # why: an endless wait is never retried
]
# fmt: on


@pytest.mark.parametrize(("header", "seconds"), RETRY_AFTER)
def test_retry_after_is_read_as_seconds_or_a_date(header: list[str], seconds: float) -> None:
    response = HttpResponse(status_code=429, headers={"Retry-After": header} if header else {})
    at = datetime(2026, 12, 2, 16, 0, 0, tzinfo=UTC).timestamp()
    assert retry_after(response, now=lambda: at) == seconds
