"""`backbone serve` behind a reverse proxy: health check, proxy headers, graceful SIGTERM.

A process manager (systemd, Docker, Kubernetes) stops a replica with SIGTERM; the proxy has
already stopped sending it new requests. Requests it is still answering must be answered.
"""

from __future__ import annotations

import http.client
import json
import signal
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from bot.ids import ActionId, BlockId
from bot.messages.items import help_message
from bot.messages.reminders import snooze_form
from bot.runtime import database_is_up
from bot.sandbox.payloads import command_fields
from bot.sandbox.sender import AppResponse, form_body
from bot.sandbox.server import SlackEmulator
from bot.slack.render import render_form, render_message
from bot.slack.web import HttpServer, make_wsgi_app
from storage.db import make_engine
from storage.models import ActionItem
from tests.scenarios.test_http import signed_headers
from tests.support.harness import CASE, MARIA, seed
from tests.support.processes import start_serve

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

PICK_AFTER_TODAY = {
    "response_action": "errors",
    "errors": {"snooze_date": "Pick a day after today."},
}


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator() as emulator:
        seed(emulator)
        yield emulator


def open_snooze_modal(emulator: SlackEmulator) -> str:
    """Open Backbone's snooze modal for Maria, as a click on a reminder would; return its id."""
    with emulator.state.lock:
        trigger = emulator.state.new_trigger(MARIA)
    client = WebClient(token=emulator.bot_token, base_url=emulator.api_url)
    item = ActionItem(number=1, title="Call the shelter")
    view = render_form(snooze_form(item, initial=date(2026, 11, 25)))
    return str(client.views_open(trigger_id=trigger, view=view)["view"]["id"])


def test_sigterm_lets_a_request_in_flight_finish_and_stops_the_scheduler(
    emulator: SlackEmulator, database_url: str, tmp_path: Path
) -> None:
    served = start_serve(emulator, database_url, tmp_path, scheduler=True)
    emulator.request_url = served.url
    view_id = open_snooze_modal(emulator)
    # The modal is checked before it is acknowledged, and that asks Slack who Maria is: hold
    # that answer, so the submission's HTTP request is still open when SIGTERM arrives.
    emulator.fail_next("users.info", status=200, delay=2)
    answers: list[AppResponse] = []
    values: dict[str, dict[str, str]] = {
        BlockId.SNOOZE_DATE: {ActionId.SNOOZE_DATE_PICKED: "2020-01-02"}
    }
    submit = threading.Thread(
        target=lambda: answers.append(emulator.submit_view(view_id, values, user=MARIA))
    )
    submit.start()
    emulator.wait_for("users.info", timeout=30)
    served.process.send_signal(signal.SIGTERM)
    served.wait_for_log("finishing requests in flight")
    submit.join(timeout=15)
    assert [(a.status, a.json) for a in answers] == [(200, PICK_AFTER_TODAY)]
    assert served.process.wait(timeout=10) == 0
    served.wait_for_log("the scheduler has stopped")


def help_command(emulator: SlackEmulator) -> bytes:
    """Return the body Slack would send for Maria's `/action help` in the case channel."""
    with emulator.state.lock:
        ws = emulator.state
        urls = (emulator.new_response_url(channel=CASE, user=MARIA), ws.new_trigger(MARIA))
        fields = command_fields(ws, "/action", "help", ws.users[MARIA], ws.channels[CASE], urls)
    return form_body(fields).encode()


def interim_answer(connection: http.client.HTTPConnection) -> bytes:
    """Read an interim answer (like 100 Continue) off a connection, up to its blank line."""
    assert connection.sock is not None
    received = b""
    while not received.endswith(b"\r\n\r\n"):
        received += connection.sock.recv(1)
    return received


def test_sigterm_answers_a_request_whose_body_is_still_arriving(
    emulator: SlackEmulator, database_url: str, tmp_path: Path
) -> None:
    served = start_serve(emulator, database_url, tmp_path)
    proxy = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    body = help_command(emulator)
    proxy.putrequest("POST", "/slack/events")
    headers = signed_headers(emulator.signing_secret, body)
    headers |= {"Content-Length": str(len(body)), "Expect": "100-continue"}
    for name, value in headers.items():
        proxy.putheader(name, value)
    proxy.endheaders()
    # The server says it has read the request's head and waits for its body.
    assert interim_answer(proxy) == b"HTTP/1.1 100 Continue\r\n\r\n"
    served.process.send_signal(signal.SIGTERM)
    served.wait_for_log("finishing requests in flight")
    proxy.send(body)
    answer = proxy.getresponse()
    assert (answer.status, answer.read()) == (200, b"")
    assert served.process.wait(timeout=10) == 0
    # Acknowledged, and the work behind it done before the process ended.
    assert [r["body"]["text"] for r in emulator.responses()] == [
        render_message(help_message())["text"]
    ]


def test_proxy_headers_are_dropped_unless_trusted() -> None:
    seen: list[dict[str, Any]] = []

    def echo(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        seen.append({k: environ.get(k) for k in ("REMOTE_ADDR", "wsgi.url_scheme", "HTTP_HOST")})
        seen[-1]["forwarded"] = sorted(k for k in environ if "FORWARDED" in k)
        start_response("200 OK", [("Content-Length", "0")])
        return [b""]

    server = HttpServer(echo, host="127.0.0.1", port=0).start()
    try:
        headers = {
            "X-Forwarded-For": "203.0.113.9",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "evil.example",
            "Forwarded": "for=203.0.113.9;proto=https",
        }
        request = urllib.request.Request(server.url, headers=headers, method="POST", data=b"")
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 200
    finally:
        server.stop()
    host = f"127.0.0.1:{server.port}"
    assert seen == [
        {"REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "HTTP_HOST": host, "forwarded": []}
    ]


def test_the_health_check_says_503_when_the_database_does_not_answer() -> None:
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    assert database_is_up(engine) is False
    bolt = App(signing_secret="secret", token="xoxb-unused", token_verification_enabled=False)
    wsgi = make_wsgi_app(bolt, healthy=lambda: database_is_up(engine), signing_secret="secret")
    server = HttpServer(wsgi, host="127.0.0.1", port=0).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as down:
            urllib.request.urlopen(server.url.replace("/slack/events", "/healthz"), timeout=10)
    finally:
        server.stop()
    assert (down.value.code, json.loads(down.value.read())) == (503, {"ok": False})
