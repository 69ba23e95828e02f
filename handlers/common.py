"""What every listener shares: acknowledge first, then work, with one error policy."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import Args, Respond

from bot import blocks
from bot.errors import UserFacingError

log = logging.getLogger("backbone")
Listener = Callable[[Args], None]


def acknowledged(work: Listener) -> Listener:
    """Wrap a listener so it acknowledges Slack at once and reports its own failures.

    Bolt's thread runner clears its record of the ack when a listener raises after acknowledging;
    if that happens before its 10 ms poll has seen the ack, Slack's request waits the full 3 s and
    fails. So errors after the ack are handed to the error policy here, not raised to Bolt.
    """

    def listener(args: Args) -> None:
        args.ack()
        try:
            work(args)
        except Exception as error:  # noqa: BLE001 - handed to the one error policy, not swallowed
            handle_error(error, args.body, args.respond)

    listener.__name__ = listener.__qualname__ = work.__name__
    return listener


def handle_error(error: Exception, body: dict[str, Any], respond: Respond | None) -> None:
    """Show a person-facing error to its person; log anything else with an id they can quote."""
    if isinstance(error, UserFacingError):
        tell(respond, error.message)
        return
    error_id = uuid.uuid4().hex[:8]
    kind = body.get("command") or body.get("type") or "request"
    log.error("error %s while handling %s", error_id, kind, exc_info=error)
    tell(
        respond,
        "Sorry, something went wrong on my side and I couldn't finish that. "
        "Please try again in a minute. If it keeps happening, share this code with your "
        f"admin: {error_id}",
    )


def tell(respond: Respond | None, text: str) -> None:
    """Say something to the person alone, leaving the message they clicked as it is."""
    if respond is None:
        return
    respond(**blocks.notice(text), response_type="ephemeral", replace_original=False)
