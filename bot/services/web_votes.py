"""Votes cast on a poll's web page, kept in the same records as chat votes.

A web voter is `web:…` (a browser's keyed cookie, or a named person's link; see
bot/webpages/tokens.py). On an emoji poll their choices are PollVote rows, as a reaction or a
Teams press is; on an anonymous poll they are PollBallot rows keyed by the same keyed hash as
a chat button's (bot/services/ballots.py), deleted when the poll closes. So counting, closing,
the digest and "you said, we did" read them with every other vote. Reconciling with the
platform's reactions at close leaves `web:` votes alone (bot/services/poll_votes.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import InvalidInput
from bot.services.ballots import voter_hash
from bot.services.poll_votes import WEB_VOTER
from storage import polls as store
from storage.models import Poll


class PollClosed(InvalidInput):
    """The poll closed before the vote was counted."""


def check_choice(poll: Poll, picked: Sequence[str]) -> list[int]:
    """Return the options a form picked, or raise InvalidInput when it picked none or too many."""
    try:
        chosen = sorted({int(value) for value in picked if value.strip()})
    except ValueError:
        raise InvalidInput("not_an_option") from None
    if not chosen:
        raise InvalidInput("pick_one")
    if not all(0 <= option < len(poll.options) for option in chosen):
        raise InvalidInput("not_an_option")
    if len(chosen) > 1 and not poll.multi:
        raise InvalidInput("only_one")
    return chosen


def _ballot_voter(session: Session, poll: Poll, voter: str, key: bytes) -> str | None:
    salt = session.scalar(select(Poll.ballot_salt).where(Poll.id == poll.id))  # as it is now
    if salt is None:
        return None
    return voter_hash(key=key, salt=salt, team_id=poll.team_id, poll_id=poll.id, user_id=voter)


def cast_web_vote(
    session: Session, *, poll: Poll, voter: str, chosen: list[int], key: bytes, at: datetime
) -> None:
    """Make a web voter's choices exactly `chosen`; raise PollClosed when the poll has closed."""
    if not store.hold_open(session, poll_id=poll.id):  # locks the row: a close waits for us
        raise PollClosed("closed")
    if poll.anonymous:
        hashed = _ballot_voter(session, poll, voter, key)
        if hashed is None:
            raise PollClosed("closed")
        store.save_ballot(session, poll=poll, voter=hashed, options=chosen)
        return
    before = set(web_choices(session, poll=poll, voter=voter, key=key))
    for gone in before - set(chosen):
        store.remove_vote(session, poll=poll, user_id=voter, option=gone)
    for new in set(chosen) - before:
        store.add_vote(session, poll=poll, user_id=voter, option=new, reacted_at=at)
    session.flush()


def web_choices(session: Session, *, poll: Poll, voter: str, key: bytes) -> list[int]:
    """Return what a web voter has chosen in an open poll so far (none once it is closed)."""
    if poll.closed_at is not None:
        return []
    if poll.anonymous:
        hashed = _ballot_voter(session, poll, voter, key)
        ballot = store.ballot_of(session, poll_id=poll.id, voter=hashed) if hashed else None
        return list(ballot.options) if ballot else []
    votes = store.votes_of(session, poll_id=poll.id)
    return sorted({vote.option for vote in votes if vote.user_id == voter})


def web_voters(session: Session, *, poll: Poll) -> int:
    """Return how many web voters an emoji poll has (its reactions do not show them)."""
    votes = store.votes_of(session, poll_id=poll.id)
    return len({vote.user_id for vote in votes if vote.user_id.startswith(WEB)})


WEB = WEB_VOTER
