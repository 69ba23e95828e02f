"""Secrets never reach logs or anything a person reads, even when things go wrong."""

from __future__ import annotations

import logging

import pytest

from tests.support.harness import JOE, Harness


def test_tokens_and_signing_secret_never_reach_logs_or_messages(
    backbone: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = [backbone.emulator.bot_token, backbone.emulator.signing_secret]
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.emulator.fail_next("users.info", status=500, times=5)
    backbone.command("Call the landlord", user="UPAT")  # fails: an apology with an error id
    backbone.emulator.fail_next("chat.postMessage", error="invalid_auth")
    backbone.tick(backbone.clock.now.replace(day=26, hour=17, minute=30))
    backbone.command("done A-1", user=JOE)
    logged = caplog.text
    assert "Sorry, something went wrong on my side" in str(backbone.emulator.responses())
    assert "error" in logged.lower()  # the failures were logged…
    shown = str(backbone.emulator.responses()) + str(backbone.emulator.calls())
    for secret in secrets:
        assert secret not in logged  # …without any secret
        assert secret not in shown
