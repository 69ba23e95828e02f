"""Who is in a channel, as the platform says."""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence

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


def absent_from(
    port: ChatPort,
    channel_id: str,
    user_ids: Sequence[str],
    *,
    present: Collection[str] = (),
) -> list[str]:
    """Return the people of a list who are not in a channel; none when it cannot be told.

    `present` are people known to be in it (whoever typed a command there): when they are
    everyone, the platform is not asked.
    """
    if channel_id.startswith(DIRECT):
        return []  # a direct message: there is no channel to be missing from
    if set(user_ids) <= set(present):
        return []
    members = members_of(port, channel_id)
    if members is None:
        return []
    return [user_id for user_id in user_ids if user_id not in members]
