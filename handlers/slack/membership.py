"""Who is in a channel, read page by page from `conversations.members`."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_sdk import WebClient

from handlers.slack.common import SLACK_FAILURES, slack_reason

log = logging.getLogger(__name__)
PAGE = 200  # Slack suggests no more than 200 a page


def members_of(client: WebClient, channel_id: str) -> set[str] | None:
    """Return every member of a channel, or None when Slack will not say."""
    found: set[str] = set()
    try:
        # A SlackResponse iterates over its pages, following response_metadata.next_cursor.
        for page in client.conversations_members(channel=channel_id, limit=PAGE):
            found.update(page.get("members") or [])
    except SLACK_FAILURES as error:
        log.warning("could not read the members of %s: %s", channel_id, slack_reason(error))
        return None
    return found


def absent_from(client: WebClient, channel_id: str, user_ids: Sequence[str]) -> list[str]:
    """Return the people of a list who are not in a channel; none when it cannot be told."""
    if channel_id.startswith("D"):
        return []  # a direct message: there is no channel to be missing from
    members = members_of(client, channel_id)
    if members is None:
        return []
    return [user_id for user_id in user_ids if user_id not in members]
