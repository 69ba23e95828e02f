"""Records taken from messages: capture a message's lines once, and follow its edits and deletion.

Reading a line can ask the chat platform about people, so it happens before the write: the caller
asks `lines_to_read` which lines need reading, reads them into `Readings` (raw line → Draft, or
the reason it could not be read), then calls `apply_lines` in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.capture import CaptureLine, Lines, pair_up
from bot.errors import InvalidInput
from bot.services import actions, decisions
from bot.services.actions import Source
from bot.text import Draft
from storage import captures as store
from storage.captures import CaptureKind
from storage.cycles import cycle_by_number
from storage.models import ActionItem, Decision, MessageCapture

Readings = dict[str, Draft | str]


@dataclass(frozen=True)
class SourceMessage:
    """A message records are taken from: where it is, who wrote it, and who changed it last."""

    team_id: str
    channel_id: str
    ts: str
    author_id: str
    url: str | None = None
    editor_id: str | None = None

    def where(self) -> dict[str, str]:
        """Return the keys that find the message's records: team, channel and ts."""
        return {"team_id": self.team_id, "channel_id": self.channel_id, "message_ts": self.ts}

    def source(self, via: str, line: str = "") -> Source:
        """Return this message as the source of a record read from `line`."""
        return Source(self.channel_id, self.ts, self.url, via, line)


@dataclass(frozen=True)
class Skipped:
    """A line that could not be saved, and why, in words for its author."""

    line: str
    reason: str


@dataclass
class Captured:
    """What a message's lines have become, and where the thread reply about them is."""

    capture_id: int
    reply_ts: str | None
    created: bool
    items: list[ActionItem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    changed: bool = False


def lines_to_read(session: Session, *, message: SourceMessage, lines: Lines) -> list[CaptureLine]:
    """Return the action lines that are new or edited since they were last read."""
    stored = Counter(line for _, line in _items(session, message, CaptureKind.LINES))
    fresh = []
    for line in lines.lines:
        if line.kind != "action":
            continue
        if stored[line.raw]:
            stored[line.raw] -= 1
        else:
            fresh.append(line)
    return fresh


def apply_lines(
    session: Session,
    *,
    message: SourceMessage,
    lines: Lines,
    readings: Readings,
    now: datetime,
    first: bool,
) -> Captured | None:
    """Create and update the records of a message's lines; None when `first` and already done."""
    capture, created = _claim(session, message, CaptureKind.LINES, now)
    if first and not created:
        return None
    result = Captured(capture.id, capture.reply_ts, created)
    actions_read = [line for line in lines.lines if line.kind == "action"]
    decided = [line for line in lines.lines if line.kind == "decision"]
    _follow_items(session, message, actions_read, readings, now, result)
    _follow_decisions(session, message, decided, now, result)
    result.items = [item for item, _ in _items(session, message, CaptureKind.LINES)]
    result.decisions = store.decisions_from_message(session, **message.where())
    return result


def _follow_items(
    session: Session,
    message: SourceMessage,
    lines: Sequence[CaptureLine],
    readings: Readings,
    now: datetime,
    result: Captured,
) -> None:
    stored = _items(session, message, CaptureKind.LINES)
    pairs, fresh = pair_up([line for _, line in stored], [line.raw for line in lines])
    for i, j in pairs:
        item, was = stored[i]
        reading = readings.get(lines[j].raw)
        if was == lines[j].raw or reading is None:
            continue  # unchanged since it was read
        if isinstance(reading, str):
            result.skipped.append(Skipped(lines[j].raw, reading))
            continue
        result.changed |= actions.update_from_source(
            session,
            item=item,
            draft=reading,
            default_owner=message.author_id,
            line=lines[j].raw,
            actor_id=message.editor_id or message.author_id,
            now=now,
        )
    for j in fresh:
        _create_item(session, message, lines[j], readings.get(lines[j].raw), now, result)


def _create_item(
    session: Session,
    message: SourceMessage,
    line: CaptureLine,
    reading: Draft | str | None,
    now: datetime,
    result: Captured,
) -> None:
    if reading is None:
        return  # read by nobody: a concurrent edit got here first and will answer for it
    if isinstance(reading, str):
        result.skipped.append(Skipped(line.raw, reading))
        return
    item = actions.create_item(
        session,
        team_id=message.team_id,
        creator_id=message.author_id,
        channel_id=message.channel_id,
        draft=reading,
        now=now,
        source=message.source(CaptureKind.LINES, line.raw),
    )
    if reading.cycle is not None:  # "for T-3": a task of that test of change
        cycle = cycle_by_number(session, team_id=message.team_id, number=reading.cycle)
        item.cycle_id = cycle.id if cycle else None
    result.changed = True


def _follow_decisions(
    session: Session,
    message: SourceMessage,
    lines: Sequence[CaptureLine],
    now: datetime,
    result: Captured,
) -> None:
    stored = store.decisions_from_message(session, **message.where())
    pairs, fresh = pair_up([d.text for d in stored], [line.text for line in lines])
    try_each = [(stored[i], lines[j]) for i, j in pairs] + [(None, lines[j]) for j in fresh]
    for decision, line in try_each:
        try:
            result.changed |= _decide(session, message, decision, line, now)
        except InvalidInput as error:
            result.skipped.append(Skipped(line.raw, error.message))


def _decide(
    session: Session,
    message: SourceMessage,
    decision: Decision | None,
    line: CaptureLine,
    now: datetime,
) -> bool:
    if decision is not None:
        return decisions.update_from_source(session, decision=decision, text=line.text)
    decisions.record_decision(
        session,
        team_id=message.team_id,
        recorder_id=message.author_id,
        channel_id=message.channel_id,
        text=line.text,
        now=now,
        source=message.source(CaptureKind.LINES),
    )
    return True


def pin_message(
    session: Session,
    *,
    message: SourceMessage,
    draft: Draft,
    reactor_id: str,
    text: str,
    now: datetime,
) -> tuple[int, ActionItem] | None:
    """Make a message an item asked for by whoever pinned it; None if it was pinned before."""
    capture, created = _claim(session, message, CaptureKind.PUSHPIN, now)
    if not created:
        return None
    item = actions.create_item(
        session,
        team_id=message.team_id,
        creator_id=reactor_id,
        channel_id=message.channel_id,
        draft=draft,
        now=now,
        source=message.source(CaptureKind.PUSHPIN, text),
    )
    return capture.id, item


def follow_pushpin(
    session: Session, *, message: SourceMessage, text: str, reading: Draft | None, now: datetime
) -> ActionItem | None:
    """Update the item a :pushpin: made from a message after the message was edited."""
    found = _items(session, message, CaptureKind.PUSHPIN)
    if not found:
        return None
    item, was = found[0]
    if reading is not None and was != text:
        actions.update_from_source(
            session,
            item=item,
            draft=reading,
            default_owner=message.author_id,
            line=text,
            actor_id=message.editor_id or message.author_id,
            now=now,
        )
    return item


def pushpin_line(session: Session, *, message: SourceMessage) -> str | None:
    """Return the words a message's :pushpin: item was last read from, or None if it has none."""
    found = _items(session, message, CaptureKind.PUSHPIN)
    return found[0][1] if found else None


def note_deleted(session: Session, *, message: SourceMessage, now: datetime) -> list[ActionItem]:
    """Note a source message's deletion in the history of every item taken from it."""
    items = [item for kind in CaptureKind for item, _ in _items(session, message, kind)]
    for item in items:
        actions.note_source_deleted(session, item=item, actor_id=message.author_id, now=now)
    return items


def _claim(
    session: Session, message: SourceMessage, kind: CaptureKind, now: datetime
) -> tuple[MessageCapture, bool]:
    return store.claim_capture(session, now=now, kind=kind, **message.where())


def _items(
    session: Session, message: SourceMessage, via: CaptureKind
) -> list[tuple[ActionItem, str]]:
    return store.items_from_message(session, via=via, **message.where())
