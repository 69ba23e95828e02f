"""Study reminders: once a cycle has ended, each owner is asked by DM what happened.

Planning claims the step due now in the ledger (storage/cycle_studies.py), once per cycle,
owner and step however many processes tick; delivery sends what this run holds through the
port. The steps are the items' ladder counted from the cycle's end (bot/services/study_ladder.py),
in each owner's zone and working hours, until the cycle is studied; a cycle studied or stopped
between planning and delivery gives its claims up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.port import ChatError, ChatPort, Kind, Ports
from bot.services.nudges import hours_of, zone_named
from bot.services.study_ladder import decide_study
from storage import cycle_studies as ledger
from storage import nudges as people
from storage.models import Cycle, CycleStatus, CycleStudyNudge, Person, Workspace
from storage.nudges import LEASE

log = logging.getLogger(__name__)
PLAN_BATCH = 200
GONE: frozenset[Kind] = frozenset({"no_person", "cannot_post"})


@dataclass
class StudyWork:
    """What one run did about Study reminders."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    dropped: int = 0


def run_cycle_studies(deps: Deps, ports: Ports, *, now: datetime, token: str) -> StudyWork:
    """Plan the Study reminders due at `now` and send those this run holds."""
    work = StudyWork()
    while True:
        with deps.transaction() as session:
            cycles = ledger.cycles_to_plan(session, now=now, limit=PLAN_BATCH)
            claims = _plan(session, cycles, now=now, fallback=deps.default_zone)
            work.claimed += ledger.claim_studies(session, claims, token=token, now=now)
        if len(cycles) < PLAN_BATCH:
            break
    _deliver(deps, ports, token=token, now=now, work=work)
    return work


def _plan(session: Session, cycles: list[Cycle], *, now: datetime,
          fallback: ZoneInfo) -> list[ledger.StudyClaim]:  # fmt: skip
    keys = [(c.team_id, user) for c in cycles for user in c.owner_ids]
    found: dict[tuple[str, str], Person] = people.people_by_key(session, keys)
    spaces: dict[str, Workspace] = people.workspaces_by_id(session, {c.team_id for c in cycles})
    claims: list[ledger.StudyClaim] = []
    for cycle in cycles:
        looks: list[datetime] = []
        for user in cycle.owner_ids:
            person = found.get((cycle.team_id, user))
            if person is not None and person.deactivated:
                continue  # they left: the digest lists the cycle as waiting for Study
            decided = decide_study(
                ends_on=cycle.ends_on, paused_until=person.away_until if person else None,
                zone=zone_named(person.tz if person else cycle.tz, fallback),
                hours=hours_of(spaces.get(cycle.team_id)), now=now,
            )  # fmt: skip
            if decided.look_again is not None:
                looks.append(decided.look_again)
            if decided.step is not None:
                step = decided.step
                claims.append(ledger.StudyClaim(cycle.team_id, cycle.id, user, step.name, step.at))
        cycle.next_study_at = min(looks, default=None)
    return claims


def _deliver(deps: Deps, ports: Ports, *, token: str, now: datetime, work: StudyWork) -> None:
    with deps.transaction() as session:
        held = ledger.claimed_studies(session, token=token, now=now)
    for nudge in held:
        port = ports.for_team(nudge.team_id)
        if port is None:
            work.dropped += 1
            continue
        try:
            _send(deps, port, nudge, token=token, now=now, work=work)
        except Exception:  # one cycle's trouble must not stop every other reminder
            log.exception("a Study reminder failed; it will be tried again")
            with deps.transaction() as session:
                ledger.mark_failed(session, nudge_id=nudge.id, token=token, now=now,
                                   error="unexpected")  # fmt: skip
            work.failed += 1


def _send(deps: Deps, port: ChatPort, nudge: CycleStudyNudge, *, token: str, now: datetime,
          work: StudyWork) -> None:  # fmt: skip
    with deps.transaction() as session:
        cycle = session.get(Cycle, nudge.cycle_id)
        if cycle is None or cycle.status != CycleStatus.DOING:
            ledger.give_up(session, nudge_id=nudge.id, reason="no longer needed")
            work.dropped += 1
            return
        if not ledger.renew(session, nudge_id=nudge.id, token=token, lease_until=now + LEASE):
            return  # another run took it over
        again = ledger.asked_before(session, nudge=nudge)
        session.expunge(cycle)
    from bot.messages import cycle_study as words  # only when a DM goes: most ticks send none

    try:
        port.dm(nudge.user_id, words.study_reminder(cycle, again=again))
    except ChatError as error:
        with deps.transaction() as session:
            if error.kind in GONE:
                ledger.give_up(session, nudge_id=nudge.id, reason=error.reason)
                work.dropped += 1
            else:
                ledger.mark_failed(session, nudge_id=nudge.id, token=token, now=now,
                                   error=error.reason)  # fmt: skip
                work.failed += 1
        return
    with deps.transaction() as session:
        ledger.mark_sent(session, nudge_id=nudge.id, token=token, now=now)
    work.sent += 1
