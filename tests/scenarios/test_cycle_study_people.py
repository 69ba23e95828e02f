"""Who is asked to Study: owners who left are skipped, owners away are asked when back."""

from __future__ import annotations

from datetime import UTC, date, datetime

from storage.cycle_studies import ledger_of
from storage.cycles import cycle_by_number
from tests.support.cycles import known, planned
from tests.support.harness import CASE, JOE, MARIA, TEAM, Harness

ENDED = "T-1 ended. What happened?"


def a_cycle(backbone: Harness, owners: list[str]) -> int:
    return planned(backbone.database_url, team_id=TEAM, channel=CASE, owners=owners,
                   created_by=MARIA, starts_on=date(2026, 11, 16), ends_on=date(2026, 11, 27),
                   now=backbone.clock.now)  # fmt: skip


def ledger(backbone: Harness) -> list[tuple[str, str, str]]:
    with backbone.database() as session:
        cycle = cycle_by_number(session, team_id=TEAM, number=1)
        assert cycle is not None
        return ledger_of(session, cycle_id=cycle.id)


def test_an_owner_who_left_is_not_asked_and_the_others_are(backbone: Harness) -> None:
    known(backbone.database_url, team_id=TEAM, now=backbone.clock.now,
          zones={JOE: "America/Los_Angeles", "UGONE": "America/Los_Angeles"},
          gone=("UGONE",))  # fmt: skip
    a_cycle(backbone, [JOE, "UGONE"])
    backbone.tick(datetime(2026, 11, 30, 17, 30, tzinfo=UTC))  # Monday 9:30 in Los Angeles
    assert [text.split("\n")[0] for text in backbone.dms(JOE) if ENDED in text] == [
        f"🔬 {ENDED} Call each new intake within 48 hours"
    ]
    assert backbone.dms("UGONE") == []
    assert ledger(backbone) == [(JOE, "ask", "sent")]


def test_an_owner_away_is_asked_on_their_first_working_morning_back(backbone: Harness) -> None:
    backbone.command("away until Dec 2", user=JOE)  # Joe is off Monday and Tuesday
    a_cycle(backbone, [JOE])
    backbone.tick(datetime(2026, 11, 30, 17, 30, tzinfo=UTC))
    backbone.tick(datetime(2026, 12, 1, 17, 30, tzinfo=UTC))
    assert [text for text in backbone.dms(JOE) if ENDED in text] == []
    backbone.tick(datetime(2026, 12, 2, 17, 30, tzinfo=UTC))  # Wednesday: back
    asked = [text for text in backbone.dms(JOE) if ENDED in text]
    assert len(asked) == 1 and "A reminder" not in asked[0]  # the missed steps are one DM
    assert ledger(backbone) == [(JOE, "again-1", "sent")]
