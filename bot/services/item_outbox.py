"""A tick's look at items saved but never posted: read first, the posting loaded only if any.

Most minutes no item owes its post, and a tick (a new process each minute) then imports none of
what an announcement needs (bot.services.announce and the item's words).
"""

from __future__ import annotations

from datetime import datetime

from bot.deps import Deps
from bot.port import Ports
from storage.outbox import owed_posts

OWED_BATCH = 50  # posts a run makes at most; the rest wait for the next run


def post_owed(deps: Deps, ports: Ports, *, now: datetime) -> int:
    """Post the items saved but never posted (a crash, or the platform said no); say how many."""
    with deps.transaction() as session:
        owed = owed_posts(session, now=now, limit=OWED_BATCH)
    if not owed:
        return 0
    from bot.services import announce  # see the module's docstring

    return announce.post_owed(deps, ports, owed, now=now)
