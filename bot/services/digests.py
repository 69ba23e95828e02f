"""The numbers of a channel's week, free of any chat platform: what a weekly digest says.

A digest covers the seven days (wall-clock, in the schedule's zone) that end at its moment,
the end included: what was done, added and decided in them, so a digest made right after a
meeting counts that meeting. Consecutive weeks (start, end] never share a moment. What is
open, overdue or due soon is as of `now`, later than the end only when a digest missed during
downtime is posted late.

On time has one meaning, said in the digest's own words: of the items due this week (dropped
ones aside; due in [start, end)), those done by their due moment, the moment they also turn
overdue. Every other item due this week was done late, or is still open and so overdue.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.services.cycle_digest import CycleWeek, cycle_week
from bot.services.goals import GoalPicture, channel_pictures
from bot.services.polls import PollResult, closed_polls_between
from storage.digest_rows import ItemFacts, channel_began, channel_items, decisions_between
from storage.models import Decision, Status

TREND_WEEKS = 12


@dataclass(frozen=True)
class Counts:
    """The week in numbers."""

    done: int
    new: int
    open: int
    overdue: int
    due: int  # due this week, dropped items aside
    on_time: int  # of those, done by their due moment
    late: int  # of those, done after it

    @property
    def still_open(self) -> int:
        """Items due this week that are not done: each of them is overdue."""
        return self.due - self.on_time - self.late


@dataclass(frozen=True)
class TrendWeek:
    """One week of the run chart: open and overdue at its end, and items done in it."""

    end: datetime
    open: int
    done: int
    overdue: int


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
    trend: list[TrendWeek]  # only the weeks since the channel's first item, oldest first
    goals: tuple[GoalPicture, ...] = ()  # the channel's running goals, with their rules
    north_star: str | None = None
    cycles: CycleWeek = field(default_factory=CycleWeek)  # the channel's tests of change

    @property
    def has_history(self) -> bool:
        """Tell whether there is a run chart to draw: two weeks or more, not all zero."""
        return len(self.trend) > 1 and any(w.open or w.done or w.overdue for w in self.trend)


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
    began = channel_began(session, team_id=team_id, channel_id=channel_id)
    open_items = [i for i in items if i.status == Status.OPEN]
    done = sorted((i for i in items if _done_in(i, start, end)), key=_closed)
    soon = now + timedelta(days=7)
    goals, star = channel_pictures(session, team_id=team_id, channel_id=channel_id)
    return WeekDigest(
        team_id=team_id, channel_id=channel_id, start=start, end=end, now=now, zone=zone,
        counts=week_counts(items, start=start, end=end, now=now),
        done=done,
        overdue=sorted((i for i in open_items if _due_before(i, now)), key=_due),
        due_soon=sorted((i for i in open_items if _due_in(i, now, soon)), key=_due),
        needs_help=[i for i in open_items if i.needs_help],
        needs_owner=[i for i in open_items if i.needs_owner],
        decisions=decisions_between(session, team_id=team_id, channel_id=channel_id,
                                    start=start, end=end),
        polls=_polls(session, team_id=team_id, channel_id=channel_id, start=start, end=end),
        trend=trend(items, end=end, zone=zone, began=began),
        goals=goals, north_star=star,
        cycles=cycle_week(session, team_id=team_id, channel_id=channel_id, start=start, end=end,
                          now=now, zone=zone),
    )  # fmt: skip


def _polls(
    session: Session, *, team_id: str, channel_id: str, start: datetime, end: datetime
) -> list[PollResult]:
    # The polls' query reads [start, end); the digest's week is (start, end].
    found = closed_polls_between(session, team_id=team_id, channel_id=channel_id, start=start,
                                 end=end + timedelta(microseconds=1))  # fmt: skip
    return [poll for poll in found if poll.closed_at > start]


def week_counts(
    items: Sequence[ItemFacts], *, start: datetime, end: datetime, now: datetime
) -> Counts:
    """Count the week (start, end] of these items; open and overdue as of `now`."""
    open_items = [i for i in items if i.status == Status.OPEN]
    # [start, end) for due: whatever was due before the end is overdue at it unless done.
    due = [i for i in items if i.status != Status.DROPPED and _due_in(i, start, end)]
    done_due = [i for i in due if i.status == Status.DONE]
    on_time = sum(1 for i in done_due if _closed(i) <= _due(i))
    return Counts(
        done=sum(1 for i in items if _done_in(i, start, end)),
        new=sum(1 for i in items if start < i.created_at <= end),
        open=len(open_items),
        overdue=sum(1 for i in open_items if _due_before(i, now)),
        due=len(due),
        on_time=on_time,
        late=len(done_due) - on_time,
    )


def trend(
    items: Iterable[ItemFacts], *, end: datetime, zone: str, began: datetime | None
) -> list[TrendWeek]:
    """Return the last weeks since the channel began, oldest first (none before its start)."""
    moments = _Moments.of(list(items))
    weeks = []
    for back in range(TREND_WEEKS - 1, -1, -1):
        week_end = weeks_before(end, back, zone)
        if began is None or began > week_end:
            continue  # the channel had no item yet: a zero here would be made up
        weeks.append(moments.week(weeks_before(end, back + 1, zone), week_end))
    return weeks


@dataclass(frozen=True)
class _Moments:
    """Each item as the moments it starts and stops being open, done and overdue, sorted.

    Counting at a moment is then two binary searches, not a pass over every item.
    """

    opened: list[datetime]
    closed: list[datetime]
    done: list[datetime]
    overdue_from: list[datetime]
    overdue_until: list[datetime]

    @classmethod
    def of(cls, items: Sequence[ItemFacts]) -> _Moments:
        """Sort the moments of these items."""
        spans = [_overdue_span(i) for i in items if i.due_at is not None]
        spans = [(start, stop) for start, stop in spans if stop is None or stop > start]
        return cls(
            opened=sorted(i.created_at for i in items),
            closed=sorted(i.closed_at for i in items if i.closed_at is not None),
            done=sorted(_closed(i) for i in items if i.status == Status.DONE and i.closed_at),
            overdue_from=sorted(start for start, _ in spans),
            overdue_until=sorted(stop for _, stop in spans if stop is not None),
        )

    def week(self, start: datetime, end: datetime) -> TrendWeek:
        """Count open and overdue at the week's end, and done in (start, end]."""
        return TrendWeek(
            end=end,
            open=bisect_right(self.opened, end) - bisect_right(self.closed, end),
            done=bisect_right(self.done, end) - bisect_right(self.done, start),
            overdue=bisect_right(self.overdue_from, end) - bisect_right(self.overdue_until, end),
        )


def _overdue_span(item: ItemFacts) -> tuple[datetime, datetime | None]:
    # Overdue at t when it exists (created <= t), is past due (due < t) and is not closed yet.
    past_due = _due(item) + timedelta(microseconds=1)
    return max(item.created_at, past_due), item.closed_at


def median_done(weeks: Sequence[TrendWeek]) -> float:
    """Return the median of the items done per week: the run chart's centre line."""
    return float(median(w.done for w in weeks)) if weeks else 0.0


def by_owner(items: Iterable[ItemFacts]) -> list[tuple[str, list[ItemFacts]]]:
    """Group items under each of their owners: most items first, then in order of appearance."""
    groups: dict[str, list[ItemFacts]] = {}
    for item in items:
        for owner in item.owners:
            groups.setdefault(owner, []).append(item)
    return sorted(groups.items(), key=lambda group: -len(group[1]))


def _done_in(item: ItemFacts, start: datetime, end: datetime) -> bool:
    done = item.closed_at if item.status == Status.DONE else None
    return done is not None and start < done <= end


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
