"""Check-ins: on each goal's cadence, its owner is asked by DM for the period's value.

Planning claims the step due now in the ledger (storage/goal_checkins.py), once per goal, period
and step however many processes tick; delivery sends what this run holds through the port. A
period that already has a value is never asked about, and a goal stopped or a value reported
between planning and delivery gives its claim up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.goal_periods import anchor_of, from_key
from bot.goal_schedule import plan
from bot.port import ChatError, ChatPort, Kind, Ports
from bot.services.nudges import hours_of, zone_named
from storage import goal_checkins as ledger
from storage import goals as store
from storage import nudges as people
from storage.models import Goal, GoalCheckin, Person, Workspace
from storage.nudges import LEASE

log = logging.getLogger(__name__)
PLAN_BATCH = 200
GONE: frozenset[Kind] = frozenset({"no_person", "cannot_post"})


@dataclass
class CheckinWork:
    """What one run did about check-ins."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    dropped: int = 0


def replan(goal: Goal, *, now: datetime) -> None:
    """Have the next run look at a goal again (after it was made or changed)."""
    goal.next_checkin_at = None if goal.stopped_at else now


def run_goal_checkins(deps: Deps, ports: Ports, *, now: datetime, token: str) -> CheckinWork:
    """Plan the check-ins due at `now` and send those this run holds."""
    work = CheckinWork()
    while True:
        with deps.transaction() as session:
            goals = ledger.goals_to_plan(session, now=now, limit=PLAN_BATCH)
            claims = _plan(session, goals, now=now, fallback=deps.default_zone)
            work.claimed += ledger.claim_checkins(session, claims, token=token, now=now)
        if len(goals) < PLAN_BATCH:
            break
    _deliver(deps, ports, token=token, now=now, work=work)
    return work


def _plan(session: Session, goals: list[Goal], *, now: datetime,
          fallback: ZoneInfo) -> list[ledger.CheckinClaim]:  # fmt: skip
    keys = [(g.team_id, g.owner_id or "") for g in goals]
    found: dict[tuple[str, str], Person] = people.people_by_key(session, keys)
    spaces: dict[str, Workspace] = people.workspaces_by_id(session, {g.team_id for g in goals})
    reported = ledger.reported_periods(session, goal_ids=[g.id for g in goals])
    claims = []
    for goal in goals:
        person = found.get((goal.team_id, goal.owner_id or ""))
        zone = zone_named(person.tz if person else goal.tz, fallback)
        decided = plan(cadence=goal.cadence, day=goal.cadence_day, anchor=anchor_of(goal),
                       made=goal.created_at.astimezone(zone).date(), reported=reported[goal.id],
                       zone=zone, hours=hours_of(spaces.get(goal.team_id)), now=now)  # fmt: skip
        goal.next_checkin_at = decided.look_again
        if decided.step is None or decided.period is None:
            continue
        if person is not None and _paused(person, now):
            continue
        claims.append(ledger.CheckinClaim(goal.team_id, goal.id, decided.period.key,
                                          decided.step.name, goal.owner_id or "",
                                          decided.step.at))  # fmt: skip
    return claims


def _deliver(deps: Deps, ports: Ports, *, token: str, now: datetime, work: CheckinWork) -> None:
    with deps.transaction() as session:
        held = ledger.claimed_checkins(session, token=token, now=now)
    for checkin in held:
        port = ports.for_team(checkin.team_id)
        if port is None:
            work.dropped += 1
            continue
        try:
            _send(deps, port, checkin, token=token, now=now, work=work)
        except Exception:  # one goal's trouble must not stop every other check-in
            log.exception("a goal check-in failed; it will be tried again")
            with deps.transaction() as session:
                ledger.mark_failed(
                    session, checkin_id=checkin.id, token=token, now=now, error="unexpected"
                )
            work.failed += 1


def _send(deps: Deps, port: ChatPort, checkin: GoalCheckin, *, token: str, now: datetime,
          work: CheckinWork) -> None:  # fmt: skip
    with deps.transaction() as session:
        goals = store.goals_by_id(session, [checkin.goal_id])
        goal = goals.get(checkin.goal_id)
        answered = goal is not None and store.value_for(
            session, goal_id=goal.id, period=checkin.period) is not None  # fmt: skip
        if goal is None or goal.stopped_at is not None or answered:
            ledger.give_up(session, checkin_id=checkin.id, reason="no longer needed")
            work.dropped += 1
            return
        if not ledger.renew(session, checkin_id=checkin.id, token=token, lease_until=now + LEASE):
            return  # another run took it over
        # A reminder only after an ask went out: steps missed while Backbone was down are
        # coalesced into one, which is then the first the owner hears of this period.
        again = checkin.step != "ask" and ledger.asked_before(
            session, goal_id=goal.id, period=checkin.period
        )
    from bot.messages import goals as words  # only when a DM goes: most ticks send none

    period = from_key(checkin.period, goal.cadence, anchor=anchor_of(goal))
    today = now.astimezone(ZoneInfo(goal.tz)).date()
    message = words.checkin(goal, period, today, again=again)
    try:
        port.dm(checkin.user_id, message)
    except ChatError as error:
        with deps.transaction() as session:
            if error.kind in GONE:
                ledger.give_up(session, checkin_id=checkin.id, reason=error.reason)
                work.dropped += 1
            else:
                ledger.mark_failed(
                    session, checkin_id=checkin.id, token=token, now=now, error=error.reason
                )
                work.failed += 1
        return
    with deps.transaction() as session:
        ledger.mark_sent(session, checkin_id=checkin.id, token=token, now=now)
    work.sent += 1


def _paused(person: Person, now: datetime) -> bool:
    """Tell whether someone gets no check-ins now: they left, or they are away."""
    return person.deactivated or (person.away_until is not None and person.away_until > now)
