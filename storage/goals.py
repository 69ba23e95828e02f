"""Queries of goals: north stars, goals of a channel, and their values. Every query filters by
team_id; none commits."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.models import Goal, GoalValue, NorthStar, Workspace
from storage.upsert import insert_for


def save_north_star(
    session: Session, *, team_id: str, channel_id: str, text: str, by: str, now: datetime
) -> None:
    """Set a channel's north star, replacing the one it had."""
    values = {"team_id": team_id, "channel_id": channel_id, "text": text, "set_by": by,
              "set_at": now}  # fmt: skip
    statement = insert_for(session, NorthStar).values(**values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["team_id", "channel_id"],
            set_={"text": text, "set_by": by, "set_at": now},
        )
    )


def north_star(session: Session, *, team_id: str, channel_id: str) -> NorthStar | None:
    """Return a channel's north star, or None."""
    return session.get(NorthStar, (team_id, channel_id))


def north_stars(session: Session, *, team_id: str) -> list[NorthStar]:
    """Return every channel's north star in a workspace, oldest first."""
    statement = select(NorthStar).where(NorthStar.team_id == team_id).order_by(NorthStar.set_at)
    return list(session.scalars(statement))


def north_stars_of(
    session: Session, *, team_id: str, user_id: str, channel_ids: Collection[str], limit: int
) -> list[NorthStar]:
    """Return the oldest `limit` north stars of a person's channels, in one query.

    A person's channels are those given (where they have items), those of goals they report,
    and those whose north star they set themselves.
    """
    reported = select(Goal.channel_id).where(Goal.team_id == team_id, Goal.owner_id == user_id)
    theirs = or_(
        NorthStar.channel_id.in_(sorted(channel_ids)),
        NorthStar.channel_id.in_(reported),
        NorthStar.set_by == user_id,
    )
    statement = (
        select(NorthStar)
        .where(NorthStar.team_id == team_id, theirs)
        .order_by(NorthStar.set_at)
        .limit(limit)
    )
    return list(session.scalars(statement))


def get_goal(session: Session, *, team_id: str, number: int) -> Goal | None:
    """Return a goal by its number in a workspace."""
    statement = select(Goal).where(Goal.team_id == team_id, Goal.number == number)
    return session.scalars(statement).one_or_none()


def goals_by_id(session: Session, ids: Iterable[int]) -> dict[int, Goal]:
    """Return goals by row id."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {g.id: g for g in session.scalars(select(Goal).where(Goal.id.in_(wanted)))}


def channel_goals(
    session: Session, *, team_id: str, channel_id: str, stopped: bool = False
) -> list[Goal]:
    """Return a channel's goals in number order (the stopped ones too when asked)."""
    statement = select(Goal).where(Goal.team_id == team_id, Goal.channel_id == channel_id)
    if not stopped:
        statement = statement.where(Goal.stopped_at.is_(None))
    return list(session.scalars(statement.order_by(Goal.number)))


def team_goals(session: Session, *, team_id: str) -> list[Goal]:
    """Return every goal of a workspace, stopped ones too, in number order."""
    statement = select(Goal).where(Goal.team_id == team_id).order_by(Goal.number)
    return list(session.scalars(statement))


def values_of(session: Session, *, goal: Goal) -> list[GoalValue]:
    """Return a goal's values, oldest period first."""
    statement = select(GoalValue).where(GoalValue.goal_id == goal.id).order_by(GoalValue.period)
    return list(session.scalars(statement))


def values_by_goal(session: Session, *, goal_ids: Iterable[int]) -> dict[int, list[GoalValue]]:
    """Return the values of several goals at once, each goal's oldest period first."""
    wanted = set(goal_ids)
    found: dict[int, list[GoalValue]] = {goal_id: [] for goal_id in wanted}
    if wanted:
        statement = select(GoalValue).where(GoalValue.goal_id.in_(wanted))
        for value in session.scalars(statement.order_by(GoalValue.goal_id, GoalValue.period)):
            found[value.goal_id].append(value)
    return found


def value_for(session: Session, *, goal_id: int, period: str) -> GoalValue | None:
    """Return a goal's value of one period, if reported."""
    statement = select(GoalValue).where(GoalValue.goal_id == goal_id, GoalValue.period == period)
    return session.scalars(statement).one_or_none()


def save_value(session: Session, *, goal: Goal, period: str, value: float, note: str | None,
               by: str, now: datetime) -> bool:  # fmt: skip
    """Store a period's value, replacing an earlier report; True when it replaced one."""
    had = value_for(session, goal_id=goal.id, period=period) is not None
    values = {"goal_id": goal.id, "team_id": goal.team_id, "period": period, "value": value,
              "note": note, "reported_by": by, "reported_at": now}  # fmt: skip
    statement = insert_for(session, GoalValue).values(**values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["goal_id", "period"],
            set_={k: v for k, v in values.items() if k not in {"goal_id", "team_id", "period"}},
        )
    )
    return had


def small_count(session: Session, *, team_id: str) -> int:
    """Return the workspace's small-count threshold (counts under it are not shown)."""
    found = session.scalar(select(Workspace.small_count).where(Workspace.team_id == team_id))
    return int(found) if found is not None else 11
