"""Fault injection as slack_sdk sees it, and waiting for calls made on other threads."""

from __future__ import annotations

import threading
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.web import SlackResponse

from bot.sandbox.server import SlackEmulator
from tests.sandbox.conftest import GENERAL

HI = {"channel": GENERAL, "text": "hi"}
NO_WAIT = FixedValueRetryIntervalCalculator(0.01)


def post(client: WebClient) -> SlackResponse:
    """Post HI."""
    return client.chat_postMessage(channel=GENERAL, text="hi")


def test_rate_limit_is_retried_by_slack_sdks_handler(emu: SlackEmulator) -> None:
    # Retry-After 0: the handler still sleeps 0-1 s of jitter, but not a whole second more.
    emu.fail_next("chat.postMessage", status=429, retry_after=0)
    client = WebClient(
        token=emu.bot_token, base_url=emu.api_url, retry_handlers=[RateLimitErrorRetryHandler()]
    )

    assert post(client)["ok"] is True

    assert emu.failed_calls("chat.postMessage") == [HI]
    assert emu.calls("chat.postMessage") == [HI]
    assert len(emu.messages(GENERAL)) == 1


def test_rate_limit_answer_carries_retry_after(emu: SlackEmulator, client: WebClient) -> None:
    emu.fail_next("chat.postMessage", retry_after=30)

    with pytest.raises(SlackApiError) as failed:
        post(client)

    assert failed.value.response.status_code == 429
    assert failed.value.response.headers["Retry-After"] == "30"
    assert failed.value.response["error"] == "ratelimited"
    assert emu.messages(GENERAL) == []


def test_server_errors_fail_until_the_queue_is_used_up(
    emu: SlackEmulator, client: WebClient
) -> None:
    emu.fail_next("chat.postMessage", status=500)
    emu.fail_next("chat.postMessage", status=503)

    statuses = []
    for _ in range(2):
        with pytest.raises(SlackApiError) as failed:
            post(client)
        statuses.append(failed.value.response.status_code)

    assert statuses == [500, 503]
    assert post(client)["ok"] is True
    assert len(emu.failed_calls("chat.postMessage")) == 2


def test_server_error_retry_handler_gets_through(emu: SlackEmulator) -> None:
    emu.fail_next("chat.update", status=503, times=1)
    emu.fail_next("chat.postMessage", status=500, times=2)
    handler = ServerErrorRetryHandler(max_retry_count=2, interval_calculator=NO_WAIT)
    client = WebClient(token=emu.bot_token, base_url=emu.api_url, retry_handlers=[handler])

    assert post(client)["ok"] is True

    assert emu.calls() == [{"method": "chat.postMessage", "params": HI}]
    assert len(emu.failed_calls()) == 2


def test_error_answers_ok_false_with_http_200(emu: SlackEmulator, client: WebClient) -> None:
    emu.fail_next("users.info", error="token_revoked")

    with pytest.raises(SlackApiError) as failed:
        client.users_info(user="UMARIA")

    assert (failed.value.response.status_code, failed.value.response.data) == (
        200,
        {"ok": False, "error": "token_revoked"},
    )


def test_delay_makes_the_client_time_out(emu: SlackEmulator) -> None:
    # Held long past the client's timeout; stop() releases the held answer at once.
    emu.fail_next("chat.postMessage", delay=30)
    client = WebClient(token=emu.bot_token, base_url=emu.api_url, timeout=1, retry_handlers=[])

    with pytest.raises((TimeoutError, URLError)):
        post(client)

    assert emu.failed_calls("chat.postMessage") == [HI]
    assert emu.messages(GENERAL) == []


def test_a_slow_success_posts_although_the_client_gave_up(emu: SlackEmulator) -> None:
    emu.fail_next("chat.postMessage", status=200, delay=30)
    client = WebClient(token=emu.bot_token, base_url=emu.api_url, timeout=1, retry_handlers=[])

    with pytest.raises((TimeoutError, URLError)):
        post(client)

    assert [m.text for m in emu.messages(GENERAL)] == ["hi"]
    assert emu.calls("chat.postMessage") == emu.failed_calls("chat.postMessage") == [HI]


def test_reset_drops_the_connection(emu: SlackEmulator, client: WebClient) -> None:
    emu.fail_next("chat.postMessage", reset=True)

    with pytest.raises((ConnectionError, URLError)):
        post(client)

    assert emu.calls() == []
    assert emu.failed_calls() == [{"method": "chat.postMessage", "params": HI}]


def test_reset_is_retried_by_the_connection_handler(emu: SlackEmulator) -> None:
    emu.fail_next("chat.postMessage", reset=True)
    handler = ConnectionErrorRetryHandler(interval_calculator=NO_WAIT)
    client = WebClient(token=emu.bot_token, base_url=emu.api_url, retry_handlers=[handler])

    assert post(client)["ok"] is True
    assert (emu.failed_calls("chat.postMessage"), emu.calls("chat.postMessage")) == ([HI], [HI])


def test_wait_for_wakes_when_another_thread_calls(emu: SlackEmulator, client: WebClient) -> None:
    go = threading.Event()

    def post_later() -> None:
        go.wait()
        post(client)

    worker = threading.Thread(target=post_later)
    worker.start()
    go.set()

    assert emu.wait_for("chat.postMessage") == [HI]
    worker.join()


def test_wait_for_says_what_it_saw_on_timeout(emu: SlackEmulator, client: WebClient) -> None:
    client.auth_test()

    with pytest.raises(AssertionError, match=r"expected 1 chat.postMessage call\(s\) within "):
        emu.wait_for("chat.postMessage", timeout=0.05)

    with pytest.raises(AssertionError, match=r"calls so far: \['auth.test'\]"):
        emu.wait_for("chat.postMessage", timeout=0.05)


def test_clear_calls_forgets_the_record(emu: SlackEmulator, client: WebClient) -> None:
    client.auth_test()
    emu.clear_calls()

    assert emu.calls() == []


def test_two_emulators_keep_separate_workspaces() -> None:
    with SlackEmulator(team_id="T1") as one, SlackEmulator(team_id="T2") as two:
        WebClient(token=one.bot_token, base_url=one.api_url).auth_test()

        assert (len(one.calls()), len(two.calls())) == (1, 0)
        assert one.api_url != two.api_url
