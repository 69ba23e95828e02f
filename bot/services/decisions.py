"""The rules of decisions, free of any chat platform: what a decision says, recording it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.errors import InvalidInput
from bot.services.actions import Source
from bot.services.privacy import refuse_personal_data
from storage import decisions as store
from storage.models import Decision
from storage.workspaces import take_number

# Within what the decision form's plain_text_input accepts (max_length 1-3000,
# https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element).
MAX_TEXT = 2000


def read_decision_text(text: str) -> str:
    """Return a decision's words, or raise InvalidInput when there are none or too many."""
    words = text.strip()
    if not words:
        raise InvalidInput(
            "What was decided? Add it in a few words, like: "
            "/decision We hold 3 shelter beds for veterans through December"
        )
    if len(words) > MAX_TEXT:
        raise InvalidInput(
            f"That is {len(words):,} characters; a decision can have up to {MAX_TEXT:,}. "
            "Shorten it and put the details in the thread."
        )
    refuse_personal_data(words, what="that decision")
    return words


def record_decision(
    session: Session,
    *,
    team_id: str,
    recorder_id: str,
    channel_id: str,
    text: str,
    now: datetime,
    source: Source | None = None,
) -> Decision:
    """Store a new decision, numbered next in its workspace (D-1, D-2…)."""
    words = read_decision_text(text)
    decision = Decision(
        team_id=team_id,
        number=take_number(session, team_id=team_id, counter="decision_seq", now=now),
        text=words,
        recorder_id=recorder_id,
        channel_id=channel_id,
        created_at=now,
    )
    if source is not None:
        decision.source_channel, decision.source_ts = source.channel_id, source.ts
        decision.source_url = source.url
    return store.add_decision(session, decision=decision)


def update_from_source(session: Session, *, decision: Decision, text: str) -> bool:
    """Follow an edit of the line a decision was taken from; False when nothing changed."""
    words = read_decision_text(text)
    if words == decision.text:
        return False
    decision.text = words
    session.flush()
    return True


def set_source_url(session: Session, *, decision: Decision, url: str | None) -> None:
    """Remember the link of the post that announced a decision."""
    stored = store.get_decision(session, team_id=decision.team_id, number=decision.number)
    if stored is not None and url:
        stored.source_url = url
