"""The poll work of a tick: what is due is read first, and the work loaded only when there is some.

Most minutes no poll closes, repeats, owes its post or waits for its counts: a tick then reads
four short lists and imports none of the polls' words, rules and posting (bot.services.
poll_close_work, bot.services.poll_outbox), which a new process each minute would pay for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.port import Ports
from storage import polls as store
from storage.models import Poll
from storage.outbox import owed_poll_posts

THROTTLE = timedelta(seconds=10)  # an anonymous poll's counts are redrawn at most this often
SCRUB_AGAIN = timedelta(minutes=10)  # ticks scrub again this long after an anonymous close
OWED_BATCH = 50  # owed poll posts a run settles at most; the rest wait for the next run


@dataclass
class PollWork:
    """What one tick did with polls."""

    closed: int = 0
    repeated: int = 0
    redrawn: int = 0


@dataclass(frozen=True)
class DuePolls:
    """The polls a tick has work for: to close, to repeat, whose counts are stale."""

    closing: list[Poll]
    repeating: list[Poll]
    stale: list[Poll]
    scrubbing: bool

    def __bool__(self) -> bool:
        return bool(self.closing or self.repeating or self.stale or self.scrubbing)


def run_poll_work(deps: Deps, ports: Ports, *, now: datetime) -> PollWork:
    """Close polls whose time has come, post weekly copies, and catch up running counts."""
    with deps.transaction() as session:
        due = DuePolls(
            closing=store.due_to_close(session, now=now),
            repeating=store.due_to_repeat(session, now=now),
            stale=store.stale_counts(session, shown_before=now - THROTTLE),
            scrubbing=bool(store.closed_anonymous_since(session, since=now - SCRUB_AGAIN)),
        )
    if not due:
        return PollWork()
    from bot.services.poll_close_work import do_poll_work  # see the module's docstring

    return do_poll_work(deps, ports, due, now=now)


def post_owed_polls(deps: Deps, ports: Ports, *, now: datetime) -> int:
    """Find or make the posts polls still owe; return how many are now known."""
    with deps.transaction() as session:
        owed = owed_poll_posts(session, now=now, limit=OWED_BATCH)
    if not owed:
        return 0
    from bot.services.poll_outbox import settle_owed  # see the module's docstring

    return settle_owed(deps, ports, owed, now=now)
