"""What a person's own page shows, free of any chat platform: their items by when, and more."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage.actions import open_items_owned_by
from storage.goals import north_stars, team_goals
from storage.home import channels_of, open_items_asked_by, recent_decisions
from storage.models import ActionItem, Decision, NorthStar

DECISIONS_SINCE = timedelta(days=14)
NORTH_STARS = 3  # the Home's top shows a few, one line each


@dataclass(frozen=True)
class Groups:
    """A person's open items: overdue, due this week (to Sunday night), later, and undated."""

    overdue: list[ActionItem]
    this_week: list[ActionItem]
    later: list[ActionItem]
    no_date: list[ActionItem]


@dataclass(frozen=True)
class HomePage:
    """Everything a person's page shows."""

    mine: Groups
    asked: list[ActionItem]
    decisions: list[Decision]
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
    mine = open_items_owned_by(session, team_id=team_id, user_id=user_id)
    channels = channels_of(session, team_id=team_id, user_id=user_id)
    return HomePage(
        mine=group_by_when(mine, now=now, zone=zone),
        asked=open_items_asked_by(session, team_id=team_id, user_id=user_id),
        decisions=recent_decisions(
            session, team_id=team_id, channel_ids=channels, since=now - DECISIONS_SINCE
        ),
        away_until=away_until if away_until is not None and away_until > now else None,
        north_stars=_stars(session, team_id=team_id, user_id=user_id, channels=set(channels)),
    )  # fmt: skip


def _stars(session: Session, *, team_id: str, user_id: str, channels: set[str]) -> list[NorthStar]:
    """Return the north stars of a person's channels: where they have items, goals, or set one."""
    goals = {g.channel_id for g in team_goals(session, team_id=team_id) if g.owner_id == user_id}
    stars = north_stars(session, team_id=team_id)
    mine = [s for s in stars if s.channel_id in channels | goals or s.set_by == user_id]
    return mine[:NORTH_STARS]


def group_by_when(items: Sequence[ActionItem], *, now: datetime, zone: ZoneInfo) -> Groups:
    """Sort items into overdue / this week / later / no date, weeks ending Sunday in `zone`."""
    today = now.astimezone(zone).date()
    monday = today + timedelta(days=7 - today.weekday())
    week_end = datetime.combine(monday, time(0), tzinfo=zone)
    groups = Groups([], [], [], [])
    for item in items:
        if item.due_at is None:
            groups.no_date.append(item)
        elif item.due_at < now:
            groups.overdue.append(item)
        elif item.due_at < week_end:
            groups.this_week.append(item)
        else:
            groups.later.append(item)
    return groups
