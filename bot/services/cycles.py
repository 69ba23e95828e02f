"""The rules of tests of change (T-<n>), free of any chat platform: find, check, create, who may
change them, and what a cycle's post shows (its goal, tasks and ramp)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.messages.goal_privacy import short_refusal
from bot.privacy import personal_data
from bot.services.item_flags import Actor
from storage import cycles as store
from storage import goals as goal_store
from storage.coordinators import is_coordinator
from storage.cycles import CyclePlan
from storage.models import ActionItem, Cycle, Goal

MAX_IDEA = 200  # a change idea is the cycle's title
MAX_TEXT = 2000  # every other field: under Slack's 3,000 for an input, and said on the form
MAX_TASKS = 20
MAX_DAYS = 366  # a test of change is short: weeks, not years


@dataclass(frozen=True)
class CycleView:
    """A cycle with what its post shows: its goal, its tasks, and its ramp."""

    cycle: Cycle
    goal: Goal | None = None
    tasks: tuple[ActionItem, ...] = ()
    follows: Cycle | None = None
    followed_by: tuple[Cycle, ...] = ()
    scaled_from: Cycle | None = None
    scaled_to: tuple[Cycle, ...] = ()  # copies started in other channels when it was adopted


def find_cycle(session: Session, *, team_id: str, number: int) -> Cycle:
    """Return the workspace's cycle T-<number>, or raise NotFound."""
    cycle = store.cycle_by_number(session, team_id=team_id, number=number)
    if cycle is None:
        raise NotFound(
            f"There is no T-{number} in this workspace. /pdsa list shows this channel's tests "
            "of change and their codes."
        )
    return cycle


def may_change(session: Session, cycle: Cycle, actor: Actor) -> bool:
    """Tell whether someone may change a cycle: its owners, its creator, or a coordinator."""
    if actor.is_admin or actor.user_id == cycle.created_by or actor.user_id in cycle.owner_ids:
        return True
    return is_coordinator(session, team_id=cycle.team_id, user_id=actor.user_id)


def require_change(session: Session, cycle: Cycle, actor: Actor, *, doing: str) -> None:
    """Refuse, kindly, someone who may not change a cycle."""
    if not may_change(session, cycle, actor):
        raise NotAllowed(
            f"Only {cycle.code}'s owners, the person who started it, or a coordinator can "
            f"{doing}. Nothing was changed."
        )


def text_problem(text: str | None, *, limit: int, needed: str | None = None) -> str | None:
    """Say what is wrong with one typed field (empty, too long, personal data), or None."""
    said = (text or "").strip()
    if not said:
        return needed
    if len(said) > limit:
        return f"That is {len(said):,} characters; this can have up to {limit:,}."
    found = personal_data(said)
    return short_refusal(found) if found else None


def dates_problem(starts: date | None, ends: date | None, *, today: date | None) -> str | None:
    """Say what is wrong with a cycle's dates (`today` given for a new cycle), or None."""
    if starts is None or ends is None:
        return "Pick the day it starts and the day it ends."
    if ends < starts:
        return "It ends before it starts. Pick an end date on or after the start."
    if (ends - starts).days > MAX_DAYS:
        return "A test of change runs weeks, not years: pick an end within a year of the start."
    if today is not None and ends < today:
        return "That end date has passed. Pick today or a later day."
    return None


def goal_of(session: Session, *, team_id: str, channel_id: str, number: int | None) -> Goal | None:
    """Return the channel's goal a cycle serves (G-<number>), or None; refuse another's."""
    if number is None:
        return None
    goal = goal_store.get_goal(session, team_id=team_id, number=number)
    if goal is None or goal.channel_id != channel_id:
        raise InvalidInput(f"G-{number} isn't one of this channel's goals. Pick one of the list.")
    return goal


def create_cycle(
    session: Session, *, team_id: str, plan: CyclePlan, created_by: str, now: datetime
) -> Cycle:
    """Store a new cycle, numbered next in its workspace; its creator owns it if nobody is named."""
    if not plan.owner_ids:
        plan = CyclePlan(**{**plan.__dict__, "owner_ids": [created_by]})
    return store.add_cycle(session, team_id=team_id, plan=plan, created_by=created_by, now=now)


def view_of(session: Session, cycle: Cycle) -> CycleView:
    """Return a cycle with its goal, tasks and ramp, as its post and detail show them."""
    linked = store.cycles_by_id(session, [cycle.follows_id, cycle.scaled_from_id])
    goal = goal_store.goals_by_id(session, [cycle.goal_id] if cycle.goal_id else []).get(
        cycle.goal_id or 0
    )
    return CycleView(
        cycle=cycle,
        goal=goal,
        tasks=tuple(store.cycle_tasks(session, cycle=cycle)),
        follows=linked.get(cycle.follows_id or 0),
        followed_by=tuple(store.following(session, cycle=cycle)),
        scaled_from=linked.get(cycle.scaled_from_id or 0),
        scaled_to=tuple(store.scaled_out(session, cycle=cycle)),
    )


def link_task(session: Session, *, team_id: str, number: int) -> Cycle:
    """Return the cycle an item says it is a task of ("for T-3"); NotFound says how to find it."""
    cycle = store.cycle_by_number(session, team_id=team_id, number=number)
    if cycle is None:
        raise NotFound(
            f"There is no T-{number} in this workspace, so I didn't save the item. "
            "/pdsa list shows this channel's tests of change and their codes."
        )
    return cycle
