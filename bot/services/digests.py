"""The numbers of a channel's week, free of any chat platform: what a weekly digest says.

A digest covers the seven days (wall-clock, in the schedule's zone) that end at its moment:
what was done, added and decided in them. What is open, overdue or due soon is as of `now`,
which is later than the end only when a digest missed during downtime is posted late.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.services.polls import PollResult, closed_polls_between
from storage.digest_rows import ItemFacts, channel_items, decisions_between
from storage.models import Decision, Status

TREND_WEEKS = 8


@dataclass(frozen=True)
class Counts:
    """The week in numbers."""

    done: int
    new: int
    open: int
    overdue: int
    done_with_due: int  # done this week, and had a due date
    done_on_time: int  # of those, done on or before it

    @property
    def on_time_rate(self) -> float | None:
        """Share of this week's done items with a due date that were done by it; None if none."""
        return self.done_on_time / self.done_with_due if self.done_with_due else None


@dataclass(frozen=True)
class TrendWeek:
    """One week of the picture: items open at its end, and items done in it."""

    end: datetime
    open: int
    done: int


@dataclass(frozen=True)
class WeekDigest:
    """Everything a channel's weekly digest says."""

    team_id: str
    channel_id: str
    start: datetime
    end: datetime
    now: datetime
    zone: str
    counts: Counts
    done: list[ItemFacts]
    overdue: list[ItemFacts]
    due_soon: list[ItemFacts]
    needs_help: list[ItemFacts]
    needs_owner: list[ItemFacts]
    decisions: list[Decision]
    polls: list[PollResult]
    trend: list[TrendWeek]

    @property
    def has_history(self) -> bool:
        """Tell whether any week before this one had open or done items (a picture to draw)."""
        return any(week.open or week.done for week in self.trend[:-1])


def weeks_before(end: datetime, weeks: int, zone: str) -> datetime:
    """Return the moment `weeks` wall-clock weeks before `end` in a zone (DST-aware)."""
    local = end.astimezone(ZoneInfo(zone))
    return (local - timedelta(weeks=weeks)).astimezone(UTC)


def digest_week(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    end: datetime,
    now: datetime,
    zone: str,
) -> WeekDigest:
    """Work out a channel's week ending at `end`: a few queries, however many items."""
    start = weeks_before(end, 1, zone)
    since = weeks_before(end, TREND_WEEKS, zone)
    items = channel_items(session, team_id=team_id, channel_id=channel_id, since=since)
    open_items = [i for i in items if i.status == Status.OPEN]
    done = sorted((i for i in items if _done_in(i, start, end)), key=_closed)
    soon = now + timedelta(days=7)
    return WeekDigest(
        team_id=team_id, channel_id=channel_id, start=start, end=end, now=now, zone=zone,
        counts=_counts(items, open_items, done, start=start, end=end, now=now),
        done=done,
        overdue=sorted((i for i in open_items if _due_before(i, now)), key=_due),
        due_soon=sorted((i for i in open_items if _due_in(i, now, soon)), key=_due),
        needs_help=[i for i in open_items if i.needs_help],
        needs_owner=[i for i in open_items if i.needs_owner],
        decisions=decisions_between(session, team_id=team_id, channel_id=channel_id,
                                    start=start, end=end),
        polls=closed_polls_between(session, team_id=team_id, channel_id=channel_id,
                                   start=start, end=end),
        trend=trend(items, end=end, zone=zone),
    )  # fmt: skip


def _counts(
    items: Sequence[ItemFacts],
    open_items: Sequence[ItemFacts],
    done: Sequence[ItemFacts],
    *,
    start: datetime,
    end: datetime,
    now: datetime,
) -> Counts:
    with_due = [i for i in done if i.due_at is not None]
    return Counts(
        done=len(done),
        new=sum(1 for i in items if start <= i.created_at < end),
        open=len(open_items),
        overdue=sum(1 for i in open_items if _due_before(i, now)),
        done_with_due=len(with_due),
        done_on_time=sum(1 for i in with_due if _closed(i) <= _due(i)),
    )


def trend(items: Iterable[ItemFacts], *, end: datetime, zone: str) -> list[TrendWeek]:
    """Return the last weeks, oldest first: open at each week's end, done during it."""
    ends = [weeks_before(end, back, zone) for back in range(TREND_WEEKS - 1, -1, -1)]
    starts = [weeks_before(end, TREND_WEEKS, zone), *ends[:-1]]
    facts = list(items)
    # Sorted moments make each week two binary searches, not a pass over every item.
    created = sorted(i.created_at for i in facts)
    closed = sorted(i.closed_at for i in facts if i.closed_at is not None)
    done = sorted(_closed(i) for i in facts if i.status == Status.DONE and i.closed_at)
    return [
        TrendWeek(
            end=week_end,
            open=bisect_left(created, week_end) - bisect_left(closed, week_end),
            done=bisect_left(done, week_end) - bisect_left(done, week_start),
        )
        for week_start, week_end in zip(starts, ends, strict=True)
    ]


def by_owner(items: Iterable[ItemFacts]) -> list[tuple[str, list[ItemFacts]]]:
    """Group items under each of their owners: most items first, then in order of appearance."""
    groups: dict[str, list[ItemFacts]] = {}
    for item in items:
        for owner in item.owners:
            groups.setdefault(owner, []).append(item)
    return sorted(groups.items(), key=lambda group: -len(group[1]))


def _done_in(item: ItemFacts, start: datetime, end: datetime) -> bool:
    done = item.closed_at if item.status == Status.DONE else None
    return done is not None and start <= done < end


def _due_before(item: ItemFacts, at: datetime) -> bool:
    return item.due_at is not None and item.due_at < at


def _due_in(item: ItemFacts, start: datetime, end: datetime) -> bool:
    return item.due_at is not None and start <= item.due_at < end


def _due(item: ItemFacts) -> datetime:
    assert item.due_at is not None
    return item.due_at


def _closed(item: ItemFacts) -> datetime:
    assert item.closed_at is not None
    return item.closed_at
