"""Requests already seen: claims that refuse a replayed request, kept only as long as needed.

A signed request is claimed beside the platform's event deliveries, under a name no workspace
has, and forgotten once the platform's window for accepting it (with room for clock skew) has
passed. Scheduled work does the forgetting.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.deps import Deps
from storage.captures import forget_claims

REPLAYS = "~replays"
REPLAY_MEMORY = timedelta(minutes=15)


def forget_replays(deps: Deps, *, now: datetime) -> int:
    """Drop replay claims too old for their request to be accepted again."""
    with deps.transaction() as session:
        return forget_claims(session, team_id=REPLAYS, before=now - REPLAY_MEMORY)
