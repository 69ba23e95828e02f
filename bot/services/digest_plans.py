"""Turning a channel's weekly digest on and off, and claiming the digests that are due.

Claiming only writes to the database: a week is claimed by inserting its ledger row, whose unique
key (channel, week) lets exactly one run win it; posting (Slack-specific) reads the claims after.
A tick after downtime claims the latest missed moment, so a missed digest goes out late, once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.services.digest_schedule import Weekly
from storage import digests as store
from storage.db import transaction
from storage.models import DigestSchedule

PLAN_BATCH = 200


def weekly_of(schedule: DigestSchedule) -> Weekly:
    """Return a stored schedule as a weekly moment."""
    return Weekly(weekday=schedule.weekday, minute=schedule.minute, zone=schedule.tz)


def schedule_of(session: Session, *, team_id: str, channel_id: str) -> Weekly | None:
    """Return a channel's weekly moment, or None when its digest is off."""
    schedule = store.get_schedule(session, team_id=team_id, channel_id=channel_id)
    return weekly_of(schedule) if schedule else None


def turn_on(
    session: Session, *, team_id: str, channel_id: str, weekly: Weekly, set_by: str, now: datetime
) -> datetime:
    """Store a channel's schedule (replacing any); return when its first digest goes out."""
    first = weekly.next_after(now)
    # A week whose digest already went out gets no second one, even at a new time.
    while store.week_claimed(session, team_id=team_id, channel_id=channel_id,
                             week=weekly.week_of(first)):  # fmt: skip
        first = weekly.next_after(first)
    schedule = DigestSchedule(
        team_id=team_id, channel_id=channel_id, weekday=weekly.weekday, minute=weekly.minute,
        tz=weekly.zone, set_by=set_by, updated_at=now, next_run_at=first,
    )  # fmt: skip
    store.save_schedule(session, schedule=schedule, now=now)
    return first


def turn_off(session: Session, *, team_id: str, channel_id: str) -> bool:
    """Remove a channel's schedule; False when it had none."""
    return store.delete_schedule(session, team_id=team_id, channel_id=channel_id)


def claim_batch(session: Session, *, now: datetime, token: str) -> tuple[int, int]:
    """Claim the week of every due schedule of one batch; return (looked at, claimed)."""
    schedules = store.due_schedules(session, now=now, limit=PLAN_BATCH)
    claimed = 0
    for schedule in schedules:
        weekly = weekly_of(schedule)
        slot = weekly.latest_until(now)  # after downtime: the latest missed moment only
        claimed += store.claim_week(
            session, schedule=schedule, week=weekly.week_of(slot), slot_at=slot, token=token,
            now=now,
        )  # fmt: skip
        schedule.next_run_at = weekly.next_after(now)
    return len(schedules), claimed


def plan_digests(factory: sessionmaker[Session], *, now: datetime, token: str) -> int:
    """Claim every digest due at `now`, batch by batch; return how many this run claimed."""
    claimed = 0
    while True:
        with transaction(factory) as session:
            looked, won = claim_batch(session, now=now, token=token)
        claimed += won
        if looked < PLAN_BATCH:
            return claimed
