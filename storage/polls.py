"""Queries for polls, their emoji votes and their anonymous ballots.

Claims (`claim_close`, `claim_repeat`, `claim_counts`) are single UPDATEs whose row count says
whether this process won: however many processes tick, each poll closes, repeats and is redrawn
once.

`scrub_deleted` runs after a transaction that deleted ballots has committed, outside any
transaction, so that the deleted bytes leave the database files too (docs/security.md):
- SQLite: deleted rows are already zeroed in their pages (`secure_delete`, storage/db.py), but
  the write-ahead log still holds the pages as they were after each vote. A TRUNCATE checkpoint
  copies the log into the database and empties the log file. It cannot finish while another
  connection reads an older snapshot; it then gives up after SCRUB_WAIT_MS (writers wait that
  long at most) and the next tick tries again.
- PostgreSQL: a deleted row stays in its page, dead, until VACUUM. VACUUM FULL rewrites
  poll_ballots and polls (whose old row versions held the salt) into new files and drops the old
  ones; it waits at most SCRUB_WAIT_MS for the tables' lock. Dead rows that a transaction still
  open in another process may see are copied along; the next tick's scrub drops them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, Update, delete, exc, select, update
from sqlalchemy.orm import Session

from storage.db import SQLITE_BUSY_TIMEOUT_MS
from storage.models import Poll, PollBallot, PollMode, PollVote
from storage.upsert import insert_for
from storage.workspaces import still_installed

SCRUB_WAIT_MS = 2_000
SCRUBBED_TABLES = ("poll_ballots", "polls")


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


def closed_anonymous_since(session: Session, *, since: datetime) -> bool:
    """Tell whether any anonymous poll, of any workspace, closed at or after `since`."""
    statement = select(Poll.id).where(Poll.mode == PollMode.ANONYMOUS, Poll.closed_at >= since)
    return session.execute(statement.limit(1)).first() is not None


def scrub_deleted(engine: Engine) -> bool:
    """Wipe deleted ballots from the database files; False when a reader held that back."""
    if engine.dialect.name == "sqlite":
        return _checkpoint_sqlite(engine)
    return _vacuum_postgres(engine)


def _checkpoint_sqlite(engine: Engine) -> bool:
    raw = engine.raw_connection()  # a checkpoint can't run inside a transaction
    try:
        cursor = raw.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SCRUB_WAIT_MS}")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = (cursor.fetchone() or (1,))[0]  # (busy, log frames, frames copied)
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()
        return bool(busy == 0)
    finally:
        raw.close()


def _vacuum_postgres(engine: Engine) -> bool:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"SET lock_timeout = {SCRUB_WAIT_MS}")
        try:
            for table in SCRUBBED_TABLES:
                connection.exec_driver_sql(f"VACUUM FULL {table}")
        except exc.OperationalError:  # a lock held past SCRUB_WAIT_MS: the next tick tries again
            return False
        finally:
            connection.exec_driver_sql("RESET lock_timeout")
    return True
