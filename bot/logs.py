"""Logging that never shows a secret: tokens and known secret values are masked in every line.

Libraries log what they send and receive at DEBUG (slack_sdk logs whole Web API answers, and
oauth.v2.access answers carry a fresh bot token). The filter sits on the handlers, so it covers
every logger, whatever level an operator turns on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

TOKEN = re.compile(r"\b(xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[0-9A-Za-z-]+")
MASK = "[redacted]"


class RedactSecrets(logging.Filter):
    """Mask Slack tokens, and the given secret values, in a log record's final text."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 8}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """Return the text with every secret masked."""
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return TOKEN.sub(lambda m: f"{m.group(1)}-{MASK}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record so its message (and any traceback) carries no secret."""
        message = self.redact(record.getMessage())
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        record.msg, record.args = message, None
        return True


def configure_logging(secrets: Iterable[str | None] = ()) -> None:
    """Log to stderr, Backbone at INFO and libraries at WARNING, with secrets masked."""
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    logging.getLogger("backbone").setLevel(logging.INFO)
    redaction = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redaction)
