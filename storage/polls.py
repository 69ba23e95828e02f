"""Queries for polls, their emoji votes and their anonymous ballots.

Claims (`claim_close`, `claim_repeat`, `claim_counts`) are single UPDATEs whose row count says
whether this process won: however many processes tick, each poll closes, repeats and is redrawn
once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Update, delete, select, update
from sqlalchemy.orm import Session

from storage.models import Poll, PollBallot, PollMode, PollVote
from storage.upsert import insert_for
from storage.workspaces import still_installed


def add_poll(session: Session, *, poll: Poll) -> Poll:
    """Store a new poll."""
    session.add(poll)
    session.flush()
    return poll


def get_poll(session: Session, *, team_id: str, number: int) -> Poll | None:
    """Return the workspace's poll with that number, or None."""
    statement = select(Poll).where(Poll.team_id == team_id, Poll.number == number)
    return session.scalars(statement).one_or_none()


def delete_poll(session: Session, *, poll_id: int) -> None:
    """Remove a poll and its votes."""
    session.execute(delete(Poll).where(Poll.id == poll_id))


def poll_by_id(session: Session, *, poll_id: int) -> Poll | None:
    """Return a poll by its row id, or None."""
    return session.get(Poll, poll_id)


def poll_by_message(
    session: Session, *, team_id: str, channel_id: str, message_ts: str
) -> Poll | None:
    """Return the poll posted as this message, or None."""
    statement = select(Poll).where(
        Poll.team_id == team_id, Poll.channel_id == channel_id, Poll.message_ts == message_ts
    )
    return session.scalars(statement).first()


def open_in_channel(session: Session, *, team_id: str, channel_id: str) -> list[Poll]:
    """Return a channel's open polls, oldest first."""
    statement = (
        select(Poll)
        .where(Poll.team_id == team_id, Poll.channel_id == channel_id, Poll.closed_at.is_(None))
        .order_by(Poll.number)
    )
    return list(session.scalars(statement))


def closed_between(
    session: Session, *, team_id: str, channel_id: str, start: datetime, end: datetime
) -> list[Poll]:
    """Return a channel's polls that closed in [start, end), in the order they closed."""
    statement = (
        select(Poll)
        .where(
            Poll.team_id == team_id,
            Poll.channel_id == channel_id,
            Poll.closed_at >= start,
            Poll.closed_at < end,
            Poll.results.is_not(None),
        )
        .order_by(Poll.closed_at, Poll.number)
    )
    return list(session.scalars(statement))


def all_polls(session: Session, *, team_id: str) -> list[Poll]:
    """Return every poll of a workspace, by number."""
    return list(session.scalars(select(Poll).where(Poll.team_id == team_id).order_by(Poll.number)))


def due_to_close(session: Session, *, now: datetime) -> list[Poll]:
    """Return open polls, of every workspace, whose closing time has come."""
    statement = (
        select(Poll)
        .where(Poll.closed_at.is_(None), Poll.closes_at.is_not(None), Poll.closes_at <= now)
        .where(still_installed(Poll.team_id))
        .order_by(Poll.closes_at, Poll.id)
    )
    return list(session.scalars(statement))


def due_to_repeat(session: Session, *, now: datetime) -> list[Poll]:
    """Return polls, of every workspace, whose next weekly copy is due."""
    statement = select(Poll).where(
        Poll.repeat_at.is_not(None), Poll.repeat_at <= now, still_installed(Poll.team_id)
    )
    return list(session.scalars(statement.order_by(Poll.repeat_at, Poll.id)))


def stale_counts(session: Session, *, shown_before: datetime) -> list[Poll]:
    """Return open anonymous polls whose shown counts are behind their votes."""
    statement = select(Poll).where(
        Poll.closed_at.is_(None),
        Poll.mode == PollMode.ANONYMOUS,
        Poll.hidden.is_(False),
        Poll.counts_stale.is_(True),
        (Poll.counts_shown_at.is_(None)) | (Poll.counts_shown_at <= shown_before),
        still_installed(Poll.team_id),
    )
    return list(session.scalars(statement.order_by(Poll.id)))


def _won(session: Session, statement: Update) -> bool:
    return bool(getattr(session.execute(statement), "rowcount", 0) == 1)


def claim_close(session: Session, *, poll_id: int, now: datetime, by: str | None) -> bool:
    """Mark a poll closed; False when another process (or person) closed it first."""
    statement = (
        update(Poll)
        .where(Poll.id == poll_id, Poll.closed_at.is_(None))
        .values(closed_at=now, closed_by=by)
    )
    return _won(session, statement)


def claim_repeat(session: Session, *, poll_id: int) -> bool:
    """Take the job of making a poll's next weekly copy; False when another process has it."""
    statement = (
        update(Poll).where(Poll.id == poll_id, Poll.repeat_at.is_not(None)).values(repeat_at=None)
    )
    return _won(session, statement)


def claim_counts(session: Session, *, poll_id: int, now: datetime, shown_before: datetime) -> bool:
    """Take the job of redrawing a poll's counts, at most once per throttle window."""
    statement = (
        update(Poll)
        .where(
            Poll.id == poll_id,
            Poll.closed_at.is_(None),
            (Poll.counts_shown_at.is_(None)) | (Poll.counts_shown_at <= shown_before),
        )
        .values(counts_shown_at=now, counts_stale=False)
    )
    return _won(session, statement)


def hold_open(session: Session, *, poll_id: int) -> bool:
    """Lock an open poll's row for a vote (a close waits for it); False when it is closed."""
    statement = (
        update(Poll).where(Poll.id == poll_id, Poll.closed_at.is_(None)).values(counts_stale=True)
    )
    return _won(session, statement)


def add_vote(
    session: Session,
    *,
    poll: Poll,
    user_id: str,
    option: int,
    reacted_at: datetime | None,
) -> None:
    """Record that a person reacted with an option's emoji (again: keep the first record)."""
    statement = insert_for(session, PollVote).values(
        poll_id=poll.id, user_id=user_id, option=option, team_id=poll.team_id, reacted_at=reacted_at
    )
    session.execute(statement.on_conflict_do_nothing())


def remove_vote(session: Session, *, poll: Poll, user_id: str, option: int) -> None:
    """Forget a reaction the person took back."""
    session.execute(
        delete(PollVote).where(
            PollVote.poll_id == poll.id, PollVote.user_id == user_id, PollVote.option == option
        )
    )


def votes_of(session: Session, *, poll_id: int) -> list[PollVote]:
    """Return every recorded reaction vote of a poll."""
    statement = select(PollVote).where(PollVote.poll_id == poll_id)
    return list(session.scalars(statement.order_by(PollVote.user_id, PollVote.option)))


def ballot_of(session: Session, *, poll_id: int, voter: str) -> PollBallot | None:
    """Return the ballot a voter hash cast in a poll, or None."""
    return session.get(PollBallot, (poll_id, voter))


def save_ballot(session: Session, *, poll: Poll, voter: str, options: Sequence[int]) -> None:
    """Store a voter's choices (an empty choice removes the ballot)."""
    existing = ballot_of(session, poll_id=poll.id, voter=voter)
    if not options:
        if existing is not None:
            session.delete(existing)
    elif existing is None:
        session.add(PollBallot(poll_id=poll.id, voter=voter, team_id=poll.team_id, options=options))
    else:
        existing.options = list(options)
    session.flush()


def ballot_choices(session: Session, *, poll_id: int) -> list[list[int]]:
    """Return the choices of every ballot of a poll, and nothing about who cast them."""
    statement = select(PollBallot.options).where(PollBallot.poll_id == poll_id)
    return [list(options) for options in session.scalars(statement)]


def forget_ballots(session: Session, *, poll_id: int) -> None:
    """Delete a poll's ballots once its counts are kept."""
    session.execute(delete(PollBallot).where(PollBallot.poll_id == poll_id))
