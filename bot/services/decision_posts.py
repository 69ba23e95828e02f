"""A recorded decision's post in its channel, through the port, with the link kept to it."""

from __future__ import annotations

import logging

from bot.deps import Deps
from bot.messages.decisions import announcement
from bot.port import CANNOT_POST, ChatError, ChatPort, PostRef
from bot.services import decisions as service
from bot.services.capture_replies import link_to
from storage.models import Decision

log = logging.getLogger(__name__)


def announce_decision(
    deps: Deps, port: ChatPort, decision: Decision, *, thread: PostRef | None = None
) -> ChatError | None:
    """Post a decision in its channel (or a thread) and keep the post's link; return why not.

    A timeout may hide a post the platform made after all, so nothing here posts twice.
    """
    try:
        message = announcement(decision)
        posted = port.reply(thread, message) if thread else port.post(decision.channel_id, message)
    except ChatError as error:
        if error.kind not in CANNOT_POST:  # a channel Backbone may not post in is no surprise
            log.warning("could not announce %s: %s", decision.code, error.reason)
        return error
    link = link_to(port, posted)
    if link:
        with deps.transaction() as session:
            service.set_source_url(session, decision=decision, url=link)
    return None
