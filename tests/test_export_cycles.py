"""`backbone export` holds every test of change: its plan, study, decision, links and tasks."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from bot.cli import main
from bot.services.export import CSV_COLUMNS
from tests.support.cycle_seeds import Seed, store_cycle
from tests.support.harness import CASE, JOE, MARIA, TEAM, Harness

STUDIED = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def export(capsys: pytest.CaptureFixture[str], backbone: Harness, *argv: str) -> str:
    code = main(["export", *argv], env={"DATABASE_URL": backbone.database_url})
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


def ramp(backbone: Harness) -> None:
    """T-1 adapted into T-2 (which has a task, A-1); T-3 copied T-1 into another channel."""
    backbone.command("Call the first five landlords <@UJOE> by Friday")
    backbone.command('add "Days from match to move-in" lower is better, monthly', command="/goal")
    seeds = [
        Seed(1, "Call landlords on Mondays", CASE, (JOE,), date(2026, 11, 2), date(2026, 11, 13),
             status="adapted", goal=1, measure="Call-backs within 2 days",
             plan="Joe calls 20 landlords, Monday mornings, from the office",
             study={"observations": "9 of 20 called back", "result": "Fewer than &lt;half&gt;",
                    "surprise": "Two asked for the incentive sheet",
                    "learning": "Landlords answer on Tuesday mornings", "studied_by": JOE,
                    "studied_at": STUDIED},
             decision={"decision_reason": "The calls work; the day does not",
                       "decided_by": JOE, "decided_at": STUDIED}),
        Seed(2, "=Call landlords on Tuesday mornings", CASE, (JOE, MARIA), date(2026, 11, 24),
             date(2026, 12, 4), follows=1, created_at=STUDIED, created_by=MARIA, tasks=(1,)),
        Seed(3, "Call landlords on Mondays", "COUTREACH", (MARIA,), date(2026, 11, 24),
             date(2026, 12, 4), scaled_from=1, created_at=STUDIED),
    ]  # fmt: skip
    with backbone.database() as session:
        for seed in seeds:
            store_cycle(session, team_id=TEAM, seed=seed)


def test_the_json_export_holds_each_cycle_with_its_study_decision_links_and_tasks(
    backbone: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    ramp(backbone)
    first, second, third = json.loads(export(capsys, backbone))["cycles"]
    made = "2026-11-02T15:00:00+00:00"
    assert first == {
        "code": "T-1", "channel": CASE, "channel_name": None, "goal": "G-1",
        "change_idea": "Call landlords on Mondays",
        "question": "Will landlords call back sooner?",
        "prediction": "More landlords will call back", "measure": "Call-backs within 2 days",
        "plan": "Joe calls 20 landlords, Monday mornings, from the office",
        "starts_on": "2026-11-02", "ends_on": "2026-11-13", "owners": [JOE],
        "owner_names": ["Joe Tran"], "creator": JOE, "creator_name": "Joe Tran",
        "status": "adapted", "created_at": made,
        "study": {"observations": "9 of 20 called back", "result": "Fewer than <half>",
                  "surprise": "Two asked for the incentive sheet",
                  "learning": "Landlords answer on Tuesday mornings", "studied_by": JOE,
                  "studied_at": STUDIED.isoformat()},
        "decision_reason": "The calls work; the day does not", "decided_by": JOE,
        "decided_at": STUDIED.isoformat(), "follows": None, "scaled_from": None, "tasks": [],
    }  # fmt: skip
    assert (second["follows"], second["tasks"], second["owners"]) == ("T-1", ["A-1"], [JOE, MARIA])
    assert (third["scaled_from"], third["channel"], third["goal"]) == ("T-1", "COUTREACH", None)
    not_studied = ("observations", "result", "surprise", "learning", "studied_by", "studied_at")
    assert second["study"] == dict.fromkeys(not_studied)
    one_channel = json.loads(export(capsys, backbone, "--channel", "COUTREACH"))["cycles"]
    assert [c["code"] for c in one_channel] == ["T-3"]
    later = json.loads(export(capsys, backbone, "--since", "2026-11-10"))["cycles"]
    assert [c["code"] for c in later] == ["T-2", "T-3"]  # why: T-1 was made on Nov 2


def test_the_csv_export_has_a_row_per_cycle_its_study_in_its_own_columns(
    backbone: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    ramp(backbone)
    rows = list(csv.DictReader(io.StringIO(export(capsys, backbone, "--format", "csv"),
                                           newline="")))  # fmt: skip
    assert all(list(row) == CSV_COLUMNS for row in rows)
    cycles = [row for row in rows if row["type"] == "cycle"]
    assert [(r["code"], r["follows"], r["scaled_from"], r["tasks"]) for r in cycles] == [
        ("T-1", "", "", ""),
        ("T-2", "T-1", "", "A-1"),
        ("T-3", "", "T-1", ""),
    ]
    first, second, _ = cycles
    assert {key: first[key] for key in (
        "title", "owners", "owner_names", "status", "goal", "observations", "result", "surprise",
        "learning", "studied_at", "decision_reason", "decided_at", "starts_on", "ends_on",
        "measure", "plan", "note", "done_at",
    )} == {
        "title": "Call landlords on Mondays", "owners": JOE, "owner_names": "Joe Tran",
        "status": "adapted", "goal": "G-1", "observations": "9 of 20 called back",
        "result": "Fewer than <half>", "surprise": "Two asked for the incentive sheet",
        "learning": "Landlords answer on Tuesday mornings", "studied_at": STUDIED.isoformat(),
        "decision_reason": "The calls work; the day does not",
        "decided_at": STUDIED.isoformat(), "starts_on": "2026-11-02", "ends_on": "2026-11-13",
        "measure": "Call-backs within 2 days",
        "plan": "Joe calls 20 landlords, Monday mornings, from the office",
        "note": "The calls work; the day does not", "done_at": STUDIED.isoformat(),
    }  # fmt: skip
    # why: a change idea that starts with "=" is text, never a formula a spreadsheet would run
    assert second["title"] == "'=Call landlords on Tuesday mornings"
    assert (second["owners"], second["owner_names"]) == (f"{JOE} {MARIA}", "Joe Tran; Maria Lopez")
