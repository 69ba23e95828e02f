"""The weekly digest's Tests of change: what started, what waits for Study, what was decided.

A week is the digest's (start, end], its days read in the digest's zone. A cycle started this
week when its first day falls in that span (or it was made in it, starting earlier). It waits
for Study once its last day is past in its own zone and nobody has studied it yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage.cycle_reports import CycleFacts, digest_cycles
from storage.models import CycleStatus

DECIDED = {CycleStatus.ADOPTED, CycleStatus.ADAPTED, CycleStatus.ABANDONED}


@dataclass(frozen=True)
class CycleWeek:
    """The week of a channel's tests of change."""

    started: list[CycleFacts] = field(default_factory=list)
    waiting: list[CycleFacts] = field(default_factory=list)  # ended, not studied
    studied: list[CycleFacts] = field(default_factory=list)  # studied, no decision yet
    decided: list[CycleFacts] = field(default_factory=list)
    linked: list[CycleFacts] = field(default_factory=list)  # made this week from another

    @property
    def empty(self) -> bool:
        """Tell whether the week has nothing to say about tests of change."""
        return not (self.started or self.waiting or self.studied or self.decided or self.linked)


def cycle_week(
    session: Session, *, team_id: str, channel_id: str, start: datetime, end: datetime,
    now: datetime, zone: str,
) -> CycleWeek:  # fmt: skip
    """Sort a channel's cycles into the digest's parts."""
    local = ZoneInfo(zone)
    first, last = (start.astimezone(local) + timedelta(days=1)).date(), end.astimezone(local).date()
    cycles = digest_cycles(session, team_id=team_id, channel_id=channel_id, since=start,
                           first_day=first)  # fmt: skip
    made = [c for c in cycles if start < c.created_at <= end]
    return CycleWeek(
        started=[c for c in cycles
                 if first <= c.starts_on <= last or (c in made and c.starts_on < first)],
        waiting=[c for c in cycles if c.status == CycleStatus.DOING and _ended(c, now)],
        studied=[c for c in cycles if c.status == CycleStatus.STUDIED],
        decided=sorted((c for c in cycles if c.status in DECIDED and _decided_in(c, start, end)),
                       key=lambda c: (c.decided_at, c.number)),
        linked=[c for c in made if c.follows or c.scaled_from],
    )  # fmt: skip


def _ended(cycle: CycleFacts, now: datetime) -> bool:
    return cycle.ends_on < now.astimezone(ZoneInfo(cycle.tz or "UTC")).date()


def _decided_in(cycle: CycleFacts, start: datetime, end: datetime) -> bool:
    return cycle.decided_at is not None and start < cycle.decided_at <= end
