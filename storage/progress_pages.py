"""Queries of public progress pages: which channel is published, at which address."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import ActionItem, Decision, Poll, ProgressPage, Status
from storage.workspaces import ensure_workspace


def page_of(session: Session, *, team_id: str, channel_id: str) -> ProgressPage | None:
    """Return a channel's published page, or None when it has none."""
    return session.get(ProgressPage, (team_id, channel_id))


def page_at(session: Session, *, code: str) -> ProgressPage | None:
    """Return the page published at an address, or None (never published, or taken down)."""
    return session.scalar(select(ProgressPage).where(ProgressPage.code == code))


def save_page(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    code: str,
    show_titles: bool,
    language: str,
    by: str,
    now: datetime,
) -> ProgressPage:
    """Publish a channel's page, or change how the published one shows (its address stays)."""
    ensure_workspace(session, team_id=team_id, now=now)
    page = page_of(session, team_id=team_id, channel_id=channel_id)
    if page is None:
        page = ProgressPage(team_id=team_id, channel_id=channel_id, code=code)
        session.add(page)
    page.show_titles, page.language = show_titles, language
    page.published_by, page.published_at = by, now
    session.flush()
    return page


def remove_page(session: Session, *, team_id: str, channel_id: str) -> bool:
    """Take a channel's page down; return False when it had none."""
    statement = delete(ProgressPage).where(
        ProgressPage.team_id == team_id, ProgressPage.channel_id == channel_id
    )
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def recent_decisions(
    session: Session, *, team_id: str, channel_id: str, limit: int
) -> list[Decision]:
    """Return a channel's latest decisions, newest first."""
    statement = (
        select(Decision)
        .where(Decision.team_id == team_id, Decision.channel_id == channel_id)
        .order_by(Decision.created_at.desc(), Decision.number.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def recent_closed_polls(
    session: Session, *, team_id: str, channel_id: str, limit: int
) -> list[Poll]:
    """Return a channel's latest closed polls with results, latest closed first."""
    statement = (
        select(Poll)
        .where(
            Poll.team_id == team_id,
            Poll.channel_id == channel_id,
            Poll.closed_at.is_not(None),
            Poll.results.is_not(None),
        )
        .order_by(Poll.closed_at.desc(), Poll.number.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


@dataclass(frozen=True)
class FollowUps:
    """What was made from polls' results ("you said, we did"), by the poll message's ts."""

    decisions: dict[str, list[Decision]]
    items: dict[str, list[ActionItem]]


def follow_ups(session: Session, *, team_id: str, channel_id: str, poll_ts: list[str]) -> FollowUps:
    """Return the decisions and items made from these poll messages (their source), oldest first."""
    if not poll_ts:
        return FollowUps({}, {})
    decided = select(Decision).where(
        Decision.team_id == team_id, Decision.source_channel == channel_id,
        Decision.source_ts.in_(poll_ts),
    ).order_by(Decision.number)  # fmt: skip
    done = select(ActionItem).where(
        ActionItem.team_id == team_id, ActionItem.source_channel == channel_id,
        ActionItem.source_ts.in_(poll_ts), ActionItem.status != Status.DROPPED,
    ).order_by(ActionItem.number)  # fmt: skip
    decisions: dict[str, list[Decision]] = defaultdict(list)
    items: dict[str, list[ActionItem]] = defaultdict(list)
    for decision in session.scalars(decided):
        decisions[str(decision.source_ts)].append(decision)
    for item in session.scalars(done):
        items[str(item.source_ts)].append(item)
    return FollowUps(dict(decisions), dict(items))
