"""The rules of goals, free of any chat platform: north stars, goals, values, who may change.

Goals hold numbers, never people: a note that looks like a client's personal data is refused
(bot/privacy.py) and nothing is stored. Counts under the workspace's small-count threshold are
shown as "fewer than 11" everywhere; the stored value stays exact for the export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.goal_periods import Period, from_key, read_period
from bot.goal_periods import anchor_of as anchor_of  # re-exported: callers know it from here
from bot.goal_phrases import GoalDraft
from bot.messages.goal_privacy import refusal
from bot.privacy import personal_data
from bot.run_rules import RunReport, analyse
from bot.services.actions import Actor
from storage import goals as store
from storage.cycle_reports import CycleMark, goal_marks
from storage.models import Goal, GoalValue, NorthStar
from storage.workspaces import ensure_workspace, take_number

MAX_NOTE = 1000
# Measures that are not counts of people: their small values identify nobody.
NOT_COUNTS = re.compile(
    r"\b(?:median|average|mean|rate|percent(?:age)?|ratio|days?|weeks?|months?|hours?|time|"
    r"score|dollars?|cost|length)\b|%|\$",
    re.IGNORECASE,
)
BLOCKER = re.compile(
    r"\b(?:block(?:ed|er|ing)?|stuck|waiting\s+(?:on|for)|can'?t|cannot|couldn'?t|no\s+response|"
    r"need(?:s|ed)?|delay(?:ed|s)?|backlog|shortage|barrier|held\s+up|behind)\b",
    re.IGNORECASE,
)


def is_count(title: str) -> bool:
    """Tell whether a measure counts people (and so its small values must be hidden)."""
    return NOT_COUNTS.search(title) is None


def names_blocker(note: str | None) -> bool:
    """Tell whether a note names something in the way (it then offers "Make an action item")."""
    return bool(note) and BLOCKER.search(note or "") is not None


def set_north_star(
    session: Session, *, team_id: str, channel_id: str, text: str, by: str, now: datetime
) -> None:
    """Set a channel's north star (one per channel)."""
    _refuse_personal(text)
    ensure_workspace(session, team_id=team_id, now=now)
    store.save_north_star(session, team_id=team_id, channel_id=channel_id, text=text, by=by,
                          now=now)  # fmt: skip


def north_star(session: Session, *, team_id: str, channel_id: str) -> NorthStar | None:
    """Return a channel's north star."""
    return store.north_star(session, team_id=team_id, channel_id=channel_id)


def create_goal(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    creator_id: str,
    draft: GoalDraft,
    zone: ZoneInfo,
    now: datetime,
    kind: str = "goal",
    template: str | None = None,
) -> Goal:
    """Store a new goal, numbered next in its workspace (G-1, G-2…)."""
    _complete(draft, kind=kind)
    _refuse_personal(draft.title)
    goal = Goal(
        team_id=team_id, number=take_number(session, team_id=team_id, counter="goal_seq", now=now),
        channel_id=channel_id, title=draft.title, kind=kind, template=template,
        higher_is_better=bool(draft.higher_is_better),
        is_count=kind != "goal" or is_count(draft.title), baseline=draft.baseline,
        target=draft.target, target_date=draft.target_date,
        owner_id=draft.owner or creator_id, cadence=draft.cadence or "monthly",
        cadence_day=draft.cadence_day, method=draft.method,
        baseline_points=draft.baseline_points, idle_days=draft.idle_days, tz=zone.key,
        created_by=creator_id, created_at=now, next_checkin_at=now,
    )  # fmt: skip
    session.add(goal)
    session.flush()
    return goal


def _complete(draft: GoalDraft, *, kind: str) -> None:
    """Refuse a goal that misses what it needs, saying what to add."""
    if kind == "goal" and draft.higher_is_better is None:
        raise InvalidInput(
            f"Which way is better for “{draft.title}”? Add “lower is better” or "
            "“higher is better”. Nothing was saved."
        )
    if draft.cadence is None:
        raise InvalidInput(
            f"How often is “{draft.title}” reported? Add “reports monthly”, “weekly” or "
            "“every 2 weeks”. Nothing was saved."
        )
    if draft.target_date is not None and draft.target is None:
        raise InvalidInput(
            f"You gave a date but no target for “{draft.title}”. Add one, like “target 45 by "
            "June 30”. Nothing was saved."
        )


def find_goal(session: Session, *, team_id: str, number: int) -> Goal:
    """Return a goal by number, or raise NotFound."""
    goal = store.get_goal(session, team_id=team_id, number=number)
    if goal is None:
        raise NotFound(f"There is no G-{number} in this workspace. /goal list shows this "
                       "channel's goals.")  # fmt: skip
    return goal


def may_change(goal: Goal, actor: Actor) -> bool:
    """Tell whether someone may change a goal: its owner, its creator, or an admin."""
    return actor.is_admin or actor.user_id in {goal.owner_id, goal.created_by}


def require_change(goal: Goal, actor: Actor, *, doing: str) -> None:
    """Refuse someone who may not change a goal."""
    if not may_change(goal, actor):
        raise NotAllowed(
            f"Only {goal.code}'s owner, the person who made it, or a workspace admin can {doing}."
        )


def stop_goal(session: Session, *, goal: Goal, actor: Actor, now: datetime) -> None:
    """Stop a goal: no more check-ins; its values stay (and stay in the export)."""
    require_change(goal, actor, doing="stop it")
    if goal.stopped_at is not None:
        raise InvalidInput(f"{goal.code} is already stopped.")
    goal.stopped_at, goal.next_checkin_at = now, None


@dataclass(frozen=True)
class Reported:
    """A stored report: the goal, its period, and whether it replaced an earlier value."""

    goal: Goal
    period: Period
    value: float
    note: str | None
    replaced: bool


def report_value(
    session: Session,
    *,
    goal: Goal,
    value: float,
    period_words: str,
    note: str | None,
    by: str,
    zone: ZoneInfo,
    now: datetime,
) -> Reported:
    """Store a period's value (a second report for a period replaces the first)."""
    today = now.astimezone(zone).date()
    period = read_period(period_words, goal.cadence, today=today, anchor=anchor_of(goal))
    return report_for(session, goal=goal, value=value, period=period, note=note, by=by, now=now)


def report_for(
    session: Session,
    *,
    goal: Goal,
    value: float,
    period: Period,
    note: str | None,
    by: str,
    now: datetime,
) -> Reported:
    """Store a value for a known period."""
    if goal.stopped_at is not None:
        raise InvalidInput(f"{goal.code} is stopped, so it takes no new values.")
    if goal.is_count and (value < 0 or not float(value).is_integer()):
        raise InvalidInput(
            f"{goal.code} counts people, so its value is a whole number (0 or more)."
        )
    check_note(note)
    replaced = store.save_value(session, goal=goal, period=period.key, value=value, note=note,
                                by=by, now=now)  # fmt: skip
    return Reported(goal, period, value, note, replaced)


def check_note(note: str | None) -> None:
    """Refuse a note that is too long or looks like a client's personal data."""
    if not note:
        return
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"A note can have up to {MAX_NOTE} characters: shorten it.")
    _refuse_personal(note)


def _refuse_personal(text: str) -> None:
    found = personal_data(text)
    if found is not None:
        raise InvalidInput(refusal(found))


def shown(value: float, *, goal: Goal, threshold: int) -> str:
    """Write a value as everyone sees it: a count under the threshold as "fewer than 11"."""
    if goal.is_count and value < threshold:
        return f"fewer than {threshold}"
    return written(value)


def written(value: float) -> str:
    """Write a number as people do: 1,200, or 4.5. (Targets: a plan, not a count of anyone.)"""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass(frozen=True)
class GoalPicture:
    """A goal with its values and what the run-chart rules make of them."""

    goal: Goal
    values: list[GoalValue]
    periods: list[Period]
    report: RunReport
    threshold: int
    cycles: tuple[CycleMark, ...] = ()  # the tests of change linked to it, by start day

    @property
    def latest(self) -> GoalValue | None:
        """Return the latest value."""
        return self.values[-1] if self.values else None


def picture_of(session: Session, *, goal: Goal) -> GoalPicture:
    """Gather a goal's values and apply its rules."""
    return pictures_of(session, [goal])[0]


def pictures_of(session: Session, goals: list[Goal]) -> list[GoalPicture]:
    """Gather several goals' values (two queries however many goals) and apply their rules."""
    if not goals:
        return []
    values = store.values_by_goal(session, goal_ids=[g.id for g in goals])
    threshold = store.small_count(session, team_id=goals[0].team_id)
    marks = goal_marks(session, team_id=goals[0].team_id, goal_ids=[g.id for g in goals])
    return [
        _picture(goal, values[goal.id], threshold, tuple(marks.get(goal.id, ()))) for goal in goals
    ]


def _picture(
    goal: Goal, values: list[GoalValue], threshold: int, cycles: tuple[CycleMark, ...] = ()
) -> GoalPicture:
    anchor = anchor_of(goal)
    periods = [from_key(v.period, goal.cadence, anchor=anchor) for v in values]
    numbers = [v.value for v in values]
    if goal.method == "anhoj":
        report = analyse(numbers, method="anhoj", baseline=goal.baseline_points)
    else:
        report = analyse(numbers, method="ihi", baseline=goal.baseline_points)
    return GoalPicture(goal, values, periods, report, threshold, cycles)


def towards_target(picture: GoalPicture) -> str:
    """Say where the latest value stands against the target, in a few words."""
    goal, latest = picture.goal, picture.latest
    if latest is None:
        return "no values yet"
    if goal.target is None:
        return "no target set"
    gap = latest.value - goal.target
    met = gap <= 0 if not goal.higher_is_better else gap >= 0
    if met:
        return "at or past the target 🎉"
    if goal.is_count and abs(gap) < picture.threshold:
        return "close to the target, not there yet"  # a small gap would tell a small count
    return f"{shown(abs(gap), goal=goal, threshold=picture.threshold)} to go to the target"


def channel_pictures(
    session: Session, *, team_id: str, channel_id: str
) -> tuple[tuple[GoalPicture, ...], str | None]:
    """Return a channel's goals with their rules, and its north star (for the digest)."""
    goals = store.channel_goals(session, team_id=team_id, channel_id=channel_id)
    star = store.north_star(session, team_id=team_id, channel_id=channel_id)
    return tuple(pictures_of(session, goals)), star.text if star else None


def idle_since(picture: GoalPicture) -> date | None:
    """Return since when a capacity measure has stood unused (above zero), or None."""
    if picture.goal.kind != "capacity" or not picture.values or picture.values[-1].value <= 0:
        return None
    first = picture.periods[-1].first
    for period, value in zip(reversed(picture.periods), reversed(picture.values), strict=True):
        if value.value <= 0:
            break
        first = period.first
    return first


def idle_days(picture: GoalPicture, today: date) -> int | None:
    """Return for how many days a capacity measure has been unused past its threshold, or None."""
    since = idle_since(picture)
    limit = picture.goal.idle_days
    if since is None or limit is None or (today - since).days < limit:
        return None
    return (today - since).days
