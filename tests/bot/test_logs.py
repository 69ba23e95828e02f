"""Secrets are masked in every log line, whichever library writes it and at whatever level."""

from __future__ import annotations

import io
import logging

from bot.logs import RedactSecrets


def log_through_filter(secrets: list[str | None], *args: object, exc: bool = False) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        if exc:
            try:
                raise RuntimeError(f"boom with {args[1]}")
            except RuntimeError:
                logger.exception(*args)
        else:
            logger.debug(*args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_slack_tokens_are_masked_wherever_they_appear() -> None:
    # A made-up token, put together here so that no token-like string sits in the source.
    token = "-".join(["xoxb", "1234567890", "0987654321", "AbCdEfGh"])
    answer = {"ok": True, "access_token": token, "app": "xapp-1-A1"}
    line = log_through_filter([], "Received the following response: %s", answer)
    assert "AbCdEfGh" not in line and "xapp-1-A1" not in line
    assert "xoxb-[redacted]" in line


def test_known_secret_values_are_masked_in_messages_and_tracebacks() -> None:
    secret = "8f14e45fceea167a5a36dedd4bea2543"
    line = log_through_filter([secret, None, "short"], "signing with %s", secret, exc=True)
    assert secret not in line
    assert line.count("[redacted]") >= 2  # the message and the traceback's error text
    assert "short" not in RedactSecrets([secret, "short"]).secrets  # too short to mask safely
