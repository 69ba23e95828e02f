"""Tests of change in `backbone export`: every cycle with its study, its decision and its links.

`follows` and `scaled_from` are T-codes (a ramp: T-4 follows T-3; a copy in another channel
points at its source); `tasks` are the A-codes of its action items. Words are as typed: cycles
hold no client data (bot/privacy.py refuses it when they are written); what people wrote is
exported as they read it (`&amp;` as `&`, a mention as the person's name).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.services.export_text import plain_text
from storage import cycle_reports as store
from storage.cycles import team_cycles
from storage.models import Cycle

CYCLE_COLUMNS = [
    "goal", "question", "prediction", "measure", "plan", "starts_on", "ends_on", "observations",
    "result", "surprise", "learning", "studied_at", "decision_reason", "decided_at", "follows",
    "scaled_from", "tasks",
]  # fmt: skip
Keeps = Callable[[datetime, str], bool]
TYPED = ("change_idea", "question", "prediction", "measure", "plan", "observations", "result",
         "surprise", "learning", "decision_reason")  # fmt: skip


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _code(row_id: int | None, prefix: str, numbers: Mapping[int, int]) -> str | None:
    return f"{prefix}-{numbers[row_id]}" if row_id is not None and row_id in numbers else None


def cycle_record(
    cycle: Cycle, *, owners: tuple[str, ...], codes: Mapping[int, int], goals: Mapping[int, int],
    tasks: list[str],
) -> dict[str, Any]:  # fmt: skip
    """Return a cycle as an export record."""
    code = _code
    return {
        "code": cycle.code, "channel": cycle.channel_id, "goal": code(cycle.goal_id, "G", goals),
        "change_idea": cycle.change_idea, "question": cycle.question,
        "prediction": cycle.prediction, "measure": cycle.measure, "plan": cycle.plan,
        "starts_on": _iso(cycle.starts_on), "ends_on": _iso(cycle.ends_on),
        "owners": list(owners), "creator": cycle.created_by, "status": cycle.status,
        "created_at": _iso(cycle.created_at),
        "study": {
            "observations": cycle.observations, "result": cycle.result,
            "surprise": cycle.surprise, "learning": cycle.learning,
            "studied_by": cycle.studied_by, "studied_at": _iso(cycle.studied_at),
        },
        "decision_reason": cycle.decision_reason, "decided_by": cycle.decided_by,
        "decided_at": _iso(cycle.decided_at),
        "follows": code(cycle.follows_id, "T", codes),
        "scaled_from": code(cycle.scaled_from_id, "T", codes),
        "tasks": tasks,
    }  # fmt: skip


def cycle_records(
    session: Session, *, team_id: str, keeps: Keeps, names: Mapping[str, str],
    channels: Mapping[str, str],
) -> list[dict[str, Any]]:  # fmt: skip
    """Return a workspace's cycles that `keeps` keeps (by when made and where), with names."""
    cycles = [c for c in team_cycles(session, team_id=team_id)
              if keeps(c.created_at, c.channel_id)]  # fmt: skip
    codes = store.numbers_by_id(session, team_id=team_id)
    goals = store.goal_numbers(session, team_id=team_id)
    tasks = store.cycle_task_codes(session, team_id=team_id)
    records = []
    for c in cycles:
        record = cycle_record(c, owners=tuple(c.owner_ids), codes=codes, goals=goals,
                              tasks=tasks.get(c.id, []))  # fmt: skip
        record = _in_words(record, names=names, channels=channels)
        record["owner_names"] = [names.get(uid) for uid in record["owners"]]
        record["creator_name"] = names.get(c.created_by)
        record["channel_name"] = channels.get(c.channel_id)
        records.append(record)
    return records


def _in_words(
    record: dict[str, Any], *, names: Mapping[str, str], channels: Mapping[str, str]
) -> dict[str, Any]:
    """Return a record with what people wrote as they read it (stored text is escaped)."""

    def said(text: str | None) -> str | None:
        return None if text is None else plain_text(text, names=names, channels=channels)

    study = {key: said(value) if key in TYPED else value for key, value in record["study"].items()}
    words = {key: said(value) for key, value in record.items() if key in TYPED}
    return {**record, **words, "study": study}


def cycle_csv_row(cycle: dict[str, Any]) -> dict[str, Any]:
    """Return a cycle as a row of the CSV table: its study spread over its own columns."""
    names = [n or uid for n, uid in zip(cycle["owner_names"], cycle["owners"], strict=True)]
    return {
        **cycle, **cycle["study"], "type": "cycle", "title": cycle["change_idea"],
        "owners": " ".join(cycle["owners"]), "owner_names": "; ".join(names),
        "done_at": cycle["decided_at"], "note": cycle["decision_reason"],
        "tasks": " ".join(cycle["tasks"]), "study": None,
    }  # fmt: skip
