"""`backbone export`: every record of a workspace, as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.services.poll_votes import stored_tally
from bot.services.polls import withheld_phrase
from storage.actions import all_items
from storage.decisions import all_decisions
from storage.models import ActionItem, Decision, Poll
from storage.polls import all_polls

CSV_COLUMNS = [
    "type",
    "code",
    "title",
    "owners",
    "creator",
    "channel",
    "due",
    "status",
    "created_at",
    "done_at",
    "source",
    "results",
]


def due_iso(item: ActionItem) -> str | None:
    """Return an item's due as ISO-8601: a date, or a date-time with its offset."""
    if item.due_at is None:
        return None
    local = item.due_at.astimezone(ZoneInfo(item.due_tz or "UTC"))
    return local.date().isoformat() if item.due_all_day else local.isoformat()


def action_record(item: ActionItem) -> dict[str, Any]:
    """Return an item as an export record."""
    return {
        "code": item.code,
        "title": item.title,
        "owners": item.owner_ids,
        "creator": item.creator_id,
        "channel": item.channel_id,
        "due": due_iso(item),
        "status": item.status,
        "created_at": item.created_at.isoformat(),
        "done_at": item.done_at.isoformat() if item.done_at else None,
        "source": item.source_url,
    }


def decision_record(decision: Decision) -> dict[str, Any]:
    """Return a decision as an export record."""
    return {
        "code": decision.code,
        "text": decision.text,
        "recorded_by": decision.recorder_id,
        "channel": decision.channel_id,
        "created_at": decision.created_at.isoformat(),
        "source": decision.source_url,
    }


def poll_record(poll: Poll) -> dict[str, Any]:
    """Return a poll as an export record: counts once it is closed, never who voted.

    An anonymous poll fewer than MIN_VOTERS people voted in has no counts, and says why.
    """
    kept = stored_tally(poll) if poll.results is not None else None
    return {
        "code": poll.code,
        "question": poll.question,
        "options": list(poll.options),
        "mode": poll.mode,
        "multi": poll.multi,
        "hidden": poll.hidden,
        "channel": poll.channel_id,
        "creator": poll.creator_id,
        "created_at": poll.created_at.isoformat(),
        "closed_at": poll.closed_at.isoformat() if poll.closed_at else None,
        "counts": kept.counts if kept else None,
        "voters": kept.voters if kept else None,
        "note": withheld_phrase(kept.voters) if kept and kept.counts is None else None,
        "source": poll.source_url,
    }


def poll_csv_row(poll: dict[str, Any]) -> dict[str, Any]:
    """Return a poll record as a row of the CSV table; its counts go in `results`."""
    counts = poll["counts"]
    results = "; ".join(f"{o}: {n}" for o, n in zip(poll["options"], counts or [], strict=False))
    results = poll["note"] or results
    status = "closed" if poll["closed_at"] else "open"
    return {"type": "poll", **poll, "title": poll["question"], "status": status,
            "done_at": poll["closed_at"], "results": results}  # fmt: skip


def export_records(session: Session, *, team_id: str) -> dict[str, list[dict[str, Any]]]:
    """Collect every record of a workspace."""
    return {
        "actions": [action_record(item) for item in all_items(session, team_id=team_id)],
        "decisions": [decision_record(d) for d in all_decisions(session, team_id=team_id)],
        "polls": [poll_record(poll) for poll in all_polls(session, team_id=team_id)],
    }


def to_json(records: dict[str, list[dict[str, Any]]]) -> str:
    """Render an export as JSON."""
    return json.dumps(records, indent=2, ensure_ascii=False)


def to_csv(records: dict[str, list[dict[str, Any]]]) -> str:
    """Render an export as one CSV table, a row per record, with a `type` column."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for action in records["actions"]:
        writer.writerow({"type": "action", **action, "owners": " ".join(action["owners"])})
    for decision in records["decisions"]:
        row = {"type": "decision", **decision, "title": decision["text"]}
        writer.writerow({**row, "creator": decision["recorded_by"]})
    for poll in records["polls"]:
        writer.writerow(poll_csv_row(poll))
    return out.getvalue()
