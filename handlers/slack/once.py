"""Events API deliveries are handled once: a retry of the same `event_id` does nothing.

Slack retries an event it thinks went unanswered, sometimes while the first delivery is still
being handled, and a load balancer may hand the two to different processes. So the claim is a row
committed in its own transaction before any work starts, never an in-memory set.
"""

from __future__ import annotations

from typing import Any

from bot.deps import REPLAY_KEY, Deps, deps_of
from bot.services.replays import REPLAYS
from storage.captures import claim_event


def first_delivery(deps: Deps, body: dict[str, Any], *, team_id: str) -> bool:
    """Claim an event for this delivery; False when another delivery of it got there first.

    `team_id` is the workspace Slack authorized (`handlers.slack.common.team_of`), not the
    envelope's `team_id`: in a Slack Connect channel that names the org where the event happened.
    """
    event_id = body.get("event_id")
    if not event_id:
        return True  # nothing to deduplicate on; Slack always sends one
    with deps.transaction() as session:
        return claim_event(session, team_id=team_id, event_id=event_id, now=deps.now())


def first_time(context: dict[str, Any]) -> bool:
    """Claim a signed delivery before its work starts; False when it was seen before (a replay).

    The same timestamp and signature twice is someone replaying a captured request: its work
    is done once. A request without a key (Socket Mode, unsigned) is always the first.
    """
    key = context.get(REPLAY_KEY)
    if not key:
        return True
    deps = deps_of(context)
    with deps.transaction() as session:
        return claim_event(session, team_id=REPLAYS, event_id=key, now=deps.now())
