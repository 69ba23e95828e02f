"""What a person's own page shows, free of any chat platform: their items by when, and more.

Each group is read bounded: how many it holds, and only the first rows the page can show, so a
Home costs the same with 50 open items or 100,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from storage.goals import north_stars_of
from storage.home import DecisionsShown, channels_of, recent_decisions
from storage.lists import Shown, counts_by_when, first_open, not_owned_by
from storage.models import ActionItem, NorthStar

DECISIONS_SINCE = timedelta(days=14)
# At most this many of a person's own items show, across their groups (two blocks each), and
# this many lines of each other group: the page reads no more than that.
ITEM_ROWS = 35
LINES_SHOWN = 10
NORTH_STARS = 3  # the Home's top shows a few, one line each


@dataclass(frozen=True)
class Groups:
    """A person's open items: overdue, due this week (to Sunday night), later, and undated."""

    overdue: Shown
    this_week: Shown
    later: Shown
    no_date: Shown


@dataclass(frozen=True)
class HomePage:
    """Everything a person's page shows."""

    mine: Groups
    asked: Shown
    decisions: DecisionsShown
    away_until: datetime | None
    north_stars: list[NorthStar] = field(default_factory=list)  # of the person's channels


def gather_home(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    zone: ZoneInfo,
    away_until: datetime | None = None,
) -> HomePage:
    """Read what a person's page shows: their items, what they asked of others, decisions."""
    channels = channels_of(session, team_id=team_id, user_id=user_id)
    asked = [ActionItem.creator_id == user_id, not_owned_by(user_id)]
    return HomePage(
        mine=_mine(session, team_id=team_id, user_id=user_id, now=now, zone=zone),
        asked=first_open(session, team_id=team_id, where=asked, limit=LINES_SHOWN),
        decisions=recent_decisions(
            session,
            team_id=team_id,
            channel_ids=channels,
            since=now - DECISIONS_SINCE,
            limit=LINES_SHOWN,
        ),
        away_until=away_until if away_until is not None and away_until > now else None,
        north_stars=_stars(session, team_id=team_id, user_id=user_id, channels=set(channels)),
    )  # fmt: skip


def _stars(session: Session, *, team_id: str, user_id: str, channels: set[str]) -> list[NorthStar]:
    """Return the north stars of a person's channels: where they have items, goals, or set one."""
    return north_stars_of(
        session, team_id=team_id, user_id=user_id, channel_ids=channels, limit=NORTH_STARS
    )


def week_end(now: datetime, zone: ZoneInfo) -> datetime:
    """Return when this week ends in `zone`: the coming Monday, as it begins."""
    today = now.astimezone(zone).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime.combine(monday, time(0), tzinfo=zone)


def _mine(session: Session, *, team_id: str, user_id: str, now: datetime, zone: ZoneInfo) -> Groups:
    """Read a person's groups: each one's count, and its first rows while rows are left."""
    end, due = week_end(now, zone), ActionItem.due_at
    totals = counts_by_when(session, team_id=team_id, user_id=user_id, now=now, week_end=end)
    wheres: list[list[ColumnElement[bool]]] = [
        [due < now],
        [due >= now, due < end],
        [due >= end],
        [due.is_(None)],
    ]
    rows, shown = ITEM_ROWS, []
    for where, total in zip(wheres, totals, strict=True):
        group = first_open(
            session, team_id=team_id, where=where, owner=user_id, limit=rows, total=total
        )
        rows -= len(group.items)
        shown.append(group)
    return Groups(*shown)
