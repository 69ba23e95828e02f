"""The rules of polls, free of any chat platform: creating, closing, repeating, and results.

The digest reads `closed_polls_between`; the export reads `poll_record`'s fields through
bot/services/export.py. Neither ever sees who voted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.poll_text import PollDraft
from bot.services.actions import Actor
from bot.services.ballots import new_salt
from bot.services.poll_votes import (
    MIN_VOTERS,
    Tally,
    count_ballots,
    reconcile,
    shown,
    stored_tally,
    tally,
)
from bot.services.privacy import refuse_personal_data
from storage import polls as store
from storage.models import Poll, PollMode
from storage.workspaces import take_number

WEEK = timedelta(days=7)
RESULTS_RULE = f"Results show once {MIN_VOTERS} people have voted"  # anonymous polls


@dataclass(frozen=True)
class PollResult:
    """A closed poll's results, for the digest: counts only, never who voted.

    `question` and `options` are Slack mrkdwn text as typed (&, < and > escaped). `counts` is
    None when they are withheld: an anonymous poll fewer than MIN_VOTERS people voted in.
    """

    code: str
    question: str
    options: list[str]
    counts: list[int] | None
    total_voters: int
    anonymous: bool
    closed_at: datetime
    source_url: str | None


def create_poll(
    session: Session,
    *,
    team_id: str,
    creator_id: str,
    channel_id: str,
    draft: PollDraft,
    now: datetime,
) -> Poll:
    """Store a new poll, numbered next in its workspace (P-1, P-2…)."""
    refuse_personal_data(draft.question, *draft.options, what="that poll")
    poll = Poll(
        team_id=team_id,
        number=take_number(session, team_id=team_id, counter="poll_seq", now=now),
        question=draft.question,
        options=list(draft.options),
        mode=PollMode.ANONYMOUS if draft.anonymous else PollMode.EMOJI,
        multi=draft.multi,
        hidden=draft.hidden,
        closes_at=draft.closes_at,
        tz=draft.zone,
        repeat=draft.repeat,
        repeat_at=now + WEEK if draft.repeat else None,
        channel_id=channel_id,
        creator_id=creator_id,
        created_at=now,
        post_pending_until=now + POST_GRACE,
        ballot_salt=new_salt() if draft.anonymous else None,
        counts_stale=False,
    )
    return store.add_poll(session, poll=poll)


def find_poll(session: Session, *, team_id: str, number: int) -> Poll:
    """Return a poll, or raise NotFound."""
    poll = store.get_poll(session, team_id=team_id, number=number)
    if poll is None:
        raise NotFound(f"I couldn't find P-{number}. /poll list shows this channel's open polls.")
    return poll


def forget_unposted(session: Session, *, poll_id: int) -> None:
    """Remove a poll that could not be posted, so nothing is left half made."""
    store.delete_poll(session, poll_id=poll_id)


def retry_copy_later(session: Session, *, poll_id: int, copy_id: int, repeat_at: datetime) -> None:
    """Forget a weekly copy Slack did not take, so that a later run makes and posts it again."""
    store.delete_poll(session, poll_id=copy_id)
    stored = store.poll_by_id(session, poll_id=poll_id)
    if stored is not None:
        stored.repeat_at = repeat_at
    session.flush()


def may_manage(poll: Poll, actor: Actor) -> bool:
    """Tell whether someone may close a poll or act on its results: its creator or an admin."""
    return actor.is_admin or actor.user_id == poll.creator_id


def require_manage(poll: Poll, actor: Actor, *, doing: str) -> None:
    """Raise NotAllowed unless the person may manage the poll."""
    if not may_manage(poll, actor):
        raise NotAllowed(
            f"Only <@{poll.creator_id}>, who asked {poll.code}, or a workspace admin can {doing}."
        )


# How long the process that saved a poll has to post it before a tick looks for it, or posts it.
POST_GRACE = timedelta(minutes=2)


def set_posted(session: Session, *, poll: Poll, message_ts: str, url: str | None) -> None:
    """Remember where a poll was posted."""
    stored = store.poll_by_id(session, poll_id=poll.id)
    if stored is not None:
        stored.message_ts, stored.source_url = message_ts, url
        stored.post_pending_until = None


def close_poll(
    session: Session,
    *,
    poll: Poll,
    now: datetime,
    by: str | None,
    reactions: Mapping[int, set[str]] | None = None,
) -> Tally | None:
    """Close a poll once and keep its results; None when it was already closed.

    Anonymous polls lose their salt and ballots here: afterwards nothing links a vote to anyone
    (the caller then scrubs the files: storage/polls.py `scrub_deleted`). Their counts are not
    kept at all when fewer than MIN_VOTERS people voted. Emoji polls are first reconciled with
    `reactions` (who reacts with what now), when given.
    """
    if not store.claim_close(session, poll_id=poll.id, now=now, by=by):
        return None
    if poll.anonymous:
        counted = shown(
            count_ballots(
                store.ballot_choices(session, poll_id=poll.id), options=len(poll.options)
            ),
            anonymous=True,
        )
        store.forget_ballots(session, poll_id=poll.id)
        poll.ballot_salt = None
    else:
        if reactions is not None:
            reconcile(session, poll=poll, reactions=reactions)
        counted = tally(session, poll=poll)
    poll.closed_at, poll.closed_by = now, by
    poll.results = {"counts": counted.counts, "voters": counted.voters}
    session.flush()
    return counted


def require_open(poll: Poll) -> None:
    """Raise InvalidInput when a poll is already closed."""
    if poll.closed_at is not None:
        raise InvalidInput(f"{poll.code} is already closed. Its results are in its thread.")


def stop_repeating(session: Session, *, poll: Poll, actor: Actor) -> None:
    """Stop a weekly poll from posting more copies."""
    require_manage(poll, actor, doing="stop it")
    if poll.repeat_at is None:
        raise InvalidInput(
            f"{poll.code} has no weekly copy coming. If a newer copy of it is open, "
            "stop that one (/poll list shows them)."
        )
    poll.repeat_at, poll.repeat = None, None
    session.flush()


def next_copy(session: Session, *, poll: Poll, now: datetime) -> Poll | None:
    """Make the next weekly copy of a poll, once; None when another process made it."""
    due = poll.repeat_at
    if due is None or not store.claim_repeat(session, poll_id=poll.id):
        return None
    scheduled, posted_at = due, due - WEEK  # this copy's slot, and the poll's own
    while scheduled + WEEK <= now:  # down for weeks: one copy now, not one per missed week
        scheduled += WEEK
    closes = scheduled + (poll.closes_at - posted_at) if poll.closes_at else None
    draft = PollDraft(
        question=poll.question,
        options=list(poll.options),
        anonymous=poll.anonymous,
        multi=poll.multi,
        hidden=poll.hidden,
        closes_at=closes if closes and closes > now else None,
        repeat=poll.repeat,
        zone=poll.tz,
    )
    copy = create_poll(
        session,
        team_id=poll.team_id,
        creator_id=poll.creator_id,
        channel_id=poll.channel_id,
        draft=draft,
        now=now,
    )
    copy.repeat_at = scheduled + WEEK
    session.flush()
    return copy


def percent(count: int, voters: int) -> int:
    """Return a count as a whole percentage of the voters (halves round up)."""
    return int(100 * count / voters + 0.5) if voters else 0


def withheld_phrase(voters: int) -> str:
    """Say that an anonymous poll's results are withheld, and why, in a line."""
    if voters == 0:
        return "Nobody voted"
    who = "1 person" if voters == 1 else f"{voters} people"
    return f"Only {who} voted. {RESULTS_RULE}, to keep every vote private"


def winner_phrase(options: list[str], counted: Tally) -> str:
    """Say in a line which option won, like “Tuesday 5pm” won with 60% (3 of 5)."""
    if counted.counts is None:
        return withheld_phrase(counted.voters)
    if counted.voters == 0:
        return "Nobody voted"
    top = max(counted.counts)
    winners = [f"“{options[i]}”" for i, count in enumerate(counted.counts) if count == top]
    share = percent(top, counted.voters)
    if len(winners) == 1:
        return f"{winners[0]} won with {share}% ({top} of {counted.voters})"
    names = ", ".join(winners[:-1]) + f" and {winners[-1]}"
    return f"{names} tied with {share}% each"


def result_of(poll: Poll) -> PollResult:
    """Return a closed poll's results (counts withheld as they are shown)."""
    assert poll.results is not None and poll.closed_at is not None
    kept = stored_tally(poll)
    return PollResult(
        code=poll.code,
        question=poll.question,
        options=list(poll.options),
        counts=kept.counts,
        total_voters=kept.voters,
        anonymous=poll.anonymous,
        closed_at=poll.closed_at,
        source_url=poll.source_url,
    )


def closed_polls_between(
    session: Session, *, team_id: str, channel_id: str, start: datetime, end: datetime
) -> list[PollResult]:
    """Return the results of a channel's polls that closed in [start, end), in closing order."""
    found = store.closed_between(
        session, team_id=team_id, channel_id=channel_id, start=start, end=end
    )
    return [result_of(poll) for poll in found]
