"""`backbone export`: every record of a workspace, as JSON or CSV.

The JSON keeps the shape PRODUCT.md documents, with more fields beside it (names, plain titles,
closing notes, who closed an item, its history). The CSV is one table for spreadsheets: names
beside ids, plain text, one due format, and no cell a spreadsheet would run as a formula.
`--since`/`--until` keep the records *created* in that span; `--channel` those of one channel.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.services.export_cycles import CYCLE_COLUMNS, cycle_csv_row, cycle_records
from bot.services.export_goals import goal_csv_row, goal_records
from bot.services.export_text import plain_text, safe_cell
from bot.services.poll_votes import stored_tally
from bot.services.polls import withheld_phrase
from storage.actions import all_items
from storage.decisions import all_decisions
from storage.exports import channel_names, histories, people_names
from storage.models import ActionEvent, ActionItem, Decision, Poll
from storage.polls import all_polls

CSV_COLUMNS = [
    "type",
    "code",
    "title",
    "owners",
    "owner_names",
    "creator",
    "creator_name",
    "channel",
    "channel_name",
    "due",
    "status",
    "created_at",
    "done_at",
    "closed_by",
    "closed_by_name",
    "note",
    "source",
    "results",
    "history",
    *CYCLE_COLUMNS,
]
CLOSING = ("done", "dropped")


@dataclass(frozen=True)
class Span:
    """Which records an export keeps: created in [since, until), in one channel."""

    since: datetime | None = None
    until: datetime | None = None
    channel: str | None = None

    def keeps(self, *, created_at: datetime, channel_id: str) -> bool:
        """Tell whether a record created then, in that channel, belongs in the export."""
        if self.channel is not None and channel_id != self.channel:
            return False
        if self.since is not None and created_at < self.since:
            return False
        return self.until is None or created_at < self.until


@dataclass(frozen=True)
class Directory:
    """The names an export shows beside ids."""

    people: Mapping[str, str]
    channels: Mapping[str, str]

    def person(self, user_id: str | None) -> str | None:
        """Return a person's name, or None when Backbone never learnt it."""
        return self.people.get(user_id) if user_id else None

    def plain(self, text: str | None) -> str | None:
        """Return Slack text as the words people read."""
        return None if text is None else plain_text(text, names=self.people, channels=self.channels)


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


def action_details(
    item: ActionItem, events: list[ActionEvent], directory: Directory
) -> dict[str, Any]:
    """Return what an export adds to an item's record: names, plain words, closing, history."""
    closing = [e for e in events if e.kind in CLOSING] if item.status in CLOSING else []
    closed_by = closing[-1].actor_id if closing else None
    return {
        "title_plain": directory.plain(item.title),
        "owner_names": [directory.person(uid) for uid in item.owner_ids],
        "creator_name": directory.person(item.creator_id),
        "channel_name": directory.channels.get(item.channel_id),
        "note": directory.plain(item.note),
        "closed_by": closed_by,
        "closed_by_name": directory.person(closed_by),
        "history": [history_record(event, directory) for event in events],
    }


def history_record(event: ActionEvent, directory: Directory) -> dict[str, Any]:
    """Return one line of an item's history: when, what, who."""
    return {
        "at": event.at.isoformat(),
        "kind": event.kind,
        "by": event.actor_id,
        "by_name": directory.person(event.actor_id),
        "detail": {
            key: directory.plain(value) if isinstance(value, str) else value
            for key, value in (event.detail or {}).items()
        },
    }


def decision_details(decision: Decision, directory: Directory) -> dict[str, Any]:
    """Return what an export adds to a decision's record."""
    return {
        "text_plain": directory.plain(decision.text),
        "recorded_by_name": directory.person(decision.recorder_id),
        "channel_name": directory.channels.get(decision.channel_id),
    }


def poll_details(poll: Poll, directory: Directory) -> dict[str, Any]:
    """Return what an export adds to a poll's record (never who voted)."""
    return {
        "question_plain": directory.plain(poll.question),
        "creator_name": directory.person(poll.creator_id),
        "channel_name": directory.channels.get(poll.channel_id),
    }


def export_records(
    session: Session,
    *,
    team_id: str,
    span: Span | None = None,
    known_channels: Mapping[str, str] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Collect a workspace's records (those `span` keeps, or all)."""
    span = span or Span()
    channels = {**(known_channels or {}), **channel_names(session, team_id=team_id)}
    directory = Directory(people_names(session, team_id=team_id), channels)
    events = histories(session, team_id=team_id)
    items = [i for i in all_items(session, team_id=team_id) if _kept(span, i)]
    decisions = [d for d in all_decisions(session, team_id=team_id) if _kept(span, d)]
    polls = [p for p in all_polls(session, team_id=team_id) if _kept(span, p)]
    return {
        "actions": [
            {**action_record(i), **action_details(i, events.get(i.id, []), directory)}
            for i in items
        ],
        "decisions": [{**decision_record(d), **decision_details(d, directory)} for d in decisions],
        "polls": [{**poll_record(p), **poll_details(p, directory)} for p in polls],
        **goal_records(session, team_id=team_id, channel=span.channel),
        "cycles": cycle_records(
            session, team_id=team_id, names=directory.people, channels=channels,
            keeps=lambda at, channel: span.keeps(created_at=at, channel_id=channel),
        ),
    }  # fmt: skip


def _kept(span: Span, record: ActionItem | Decision | Poll) -> bool:
    return span.keeps(created_at=record.created_at, channel_id=record.channel_id)


def empty_records() -> dict[str, list[dict[str, Any]]]:
    """Return the export of a database no workspace has used yet."""
    return {"actions": [], "decisions": [], "polls": [], "goals": [], "north_stars": [],
            "cycles": []}  # fmt: skip


def to_json(records: dict[str, list[dict[str, Any]]]) -> str:
    """Render an export as JSON."""
    return json.dumps(records, indent=2, ensure_ascii=False)


def to_csv(records: dict[str, list[dict[str, Any]]]) -> str:
    """Render an export as one CSV table, a row per record, with a `type` column."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    rows = [action_csv_row(a) for a in records["actions"]]
    rows += [decision_csv_row(d) for d in records["decisions"]]
    rows += [poll_csv_row(p) for p in records["polls"]]
    rows += [goal_csv_row(g) for g in records.get("goals", [])]
    rows += [cycle_csv_row(c) for c in records.get("cycles", [])]
    for row in rows:
        writer.writerow({column: safe_cell(row.get(column)) for column in CSV_COLUMNS})
    return out.getvalue()


def action_csv_row(action: dict[str, Any]) -> dict[str, Any]:
    """Return an item's record as a row of the CSV table."""
    names = [n or uid for n, uid in zip(action["owner_names"], action["owners"], strict=True)]
    return {
        **action,
        "type": "action",
        "title": action["title_plain"],
        "owners": " ".join(action["owners"]),
        "owner_names": "; ".join(names),
        "history": "\n".join(_history_line(line) for line in action["history"]),
    }


def _history_line(line: dict[str, Any]) -> str:
    who = line["by_name"] or line["by"]
    detail = "; ".join(f"{key}: {_detail(value)}" for key, value in line["detail"].items())
    return f"{line['at']} {line['kind']} by {who}" + (f" ({detail})" if detail else "")


def _detail(value: object) -> str:
    if isinstance(value, list):
        return " ".join(str(part) for part in value)
    return "" if value is None else str(value)


def decision_csv_row(decision: dict[str, Any]) -> dict[str, Any]:
    """Return a decision's record as a row of the CSV table."""
    row = {**decision, "type": "decision", "title": decision["text_plain"]}
    return {**row, "creator": decision["recorded_by"], "creator_name": decision["recorded_by_name"]}


def poll_csv_row(poll: dict[str, Any]) -> dict[str, Any]:
    """Return a poll record as a row of the CSV table; its counts go in `results`."""
    counts = poll["counts"]
    results = "; ".join(f"{o}: {n}" for o, n in zip(poll["options"], counts or [], strict=False))
    results = poll.get("note") or results  # counts withheld: say why instead
    status = "closed" if poll["closed_at"] else "open"
    return {"type": "poll", **poll, "title": poll.get("question_plain") or poll["question"],
            "status": status, "done_at": poll["closed_at"], "results": results}  # fmt: skip
