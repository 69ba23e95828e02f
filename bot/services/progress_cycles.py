"""The progress page's tests of change: what each tried, what it predicted, what it taught.

A test of change is the group's work, not a person's: its change idea, prediction, result and
learning are shown (through `public_text`, so no one's name), never who owns or studied it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bot.public_text import public_text
from storage.cycles import cycles_in_channel
from storage.models import Cycle, CycleStatus, ProgressPage

CYCLES_SHOWN = 10


@dataclass(frozen=True)
class CycleView:
    """One test of change as the page shows it; `status` is a CycleStatus value."""

    change: str
    status: str
    starts: date
    ends: date
    prediction: str
    result: str
    learning: str


def cycle_views(session: Session, *, page: ProgressPage) -> list[CycleView]:
    """Return the channel's latest tests of change (stopped ones aside), newest first."""
    found = cycles_in_channel(session, team_id=page.team_id, channel_id=page.channel_id,
                              limit=CYCLES_SHOWN)  # fmt: skip
    return [_view(c) for c in found if c.status != CycleStatus.STOPPED]


def _view(cycle: Cycle) -> CycleView:
    return CycleView(
        change=public_text(cycle.change_idea), status=cycle.status, starts=cycle.starts_on,
        ends=cycle.ends_on, prediction=public_text(cycle.prediction),
        result=public_text(cycle.result or ""), learning=public_text(cycle.learning or ""),
    )  # fmt: skip
