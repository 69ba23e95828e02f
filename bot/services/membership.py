"""Who is in a channel, as the platform says."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.port import ChatError, ChatPort

log = logging.getLogger(__name__)


def members_of(port: ChatPort, channel_id: str) -> frozenset[str] | None:
    """Return every member of a channel, or None when the platform will not say."""
    try:
        return port.members(channel_id)
    except ChatError as error:
        log.warning("could not read the members of %s: %s", channel_id, error.reason)
        return None


# How a direct message's id begins: Slack's `D…`, a Teams personal chat's `a:…`.
DIRECT = ("D", "a:")


def absent_from(port: ChatPort, channel_id: str, user_ids: Sequence[str]) -> list[str]:
    """Return the people of a list who are not in a channel; none when it cannot be told."""
    if channel_id.startswith(DIRECT):
        return []  # a direct message: there is no channel to be missing from
    members = members_of(port, channel_id)
    if members is None:
        return []
    return [user_id for user_id in user_ids if user_id not in members]
