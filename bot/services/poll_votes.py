"""Votes, free of any chat platform: reactions on emoji polls, ballots on anonymous ones, counts.

Emoji polls, single choice: a person's latest option reaction counts. If they take it back,
their latest remaining one counts again (the others are still on the message in Slack, and we
may not remove people's reactions). Reactions first learnt of when reconciling at close (their
events were lost) count as older than any we heard about as they happened; among those, the
lower-numbered option counts. `multi`: every option a person reacted with counts.

Anonymous polls show their counts only once MIN_VOTERS people have voted: with one or two
voters, the counts alone could tell who chose what. Until then (and for good, if the poll
closes with fewer) the counts are withheld everywhere, and not even kept when it closes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.errors import InvalidInput
from bot.services.ballots import toggled, voter_hash
from storage import polls as store
from storage.models import Poll, PollVote

UNKNOWN = datetime(1970, 1, 1, tzinfo=UTC)
MIN_VOTERS = 3  # an anonymous poll's counts show once this many people have voted
WEB_VOTER = "web:"  # how a vote cast on the poll's web page names its voter


@dataclass(frozen=True)
class Tally:
    """How many people picked each option (None: withheld), and how many people voted at all."""

    counts: list[int] | None
    voters: int

    @staticmethod
    def empty(options: int) -> Tally:
        """Return the tally of a poll nobody voted in."""
        return Tally([0] * options, 0)


def shown(counted: Tally, *, anonymous: bool) -> Tally:
    """Withhold an anonymous poll's counts until MIN_VOTERS people have voted."""
    if anonymous and counted.voters < MIN_VOTERS:
        return Tally(None, counted.voters)
    return counted


def stored_tally(poll: Poll) -> Tally:
    """Return a closed poll's kept results, withheld as they are shown."""
    assert poll.results is not None
    counts = poll.results.get("counts")
    kept = Tally(list(counts) if counts is not None else None, int(poll.results["voters"]))
    return shown(kept, anonymous=poll.anonymous)


def closed_message(poll: Poll) -> str:
    """Say that a poll takes no more votes."""
    return f"{poll.code} is closed, so it takes no more votes. Its results are in its thread."


def record_reaction(
    session: Session, *, poll: Poll, user_id: str, option: int, at: datetime | None
) -> bool:
    """Count a person's option reaction; False when the poll closed meanwhile."""
    if not store.hold_open(session, poll_id=poll.id):
        return False
    store.add_vote(session, poll=poll, user_id=user_id, option=option, reacted_at=at)
    return True


def take_back_reaction(session: Session, *, poll: Poll, user_id: str, option: int) -> bool:
    """Stop counting a reaction the person removed; False when the poll closed meanwhile."""
    if not store.hold_open(session, poll_id=poll.id):
        return False
    store.remove_vote(session, poll=poll, user_id=user_id, option=option)
    return True


def cast_ballot(
    session: Session, *, poll: Poll, user_id: str, option: int, key: bytes
) -> list[int]:
    """Record an anonymous click and return the person's choices now.

    The person is known only by their keyed hash (see bot/services/ballots.py).
    """
    if not poll.anonymous or not 0 <= option < len(poll.options):
        raise InvalidInput(f"That button isn't part of {poll.code} any more.")
    if not store.hold_open(session, poll_id=poll.id):  # locks the row: a close waits for us
        raise InvalidInput(closed_message(poll))
    session.refresh(poll, ["ballot_salt"])
    if poll.ballot_salt is None:
        raise InvalidInput(closed_message(poll))
    voter = voter_hash(
        key=key, salt=poll.ballot_salt, team_id=poll.team_id, poll_id=poll.id, user_id=user_id
    )
    ballot = store.ballot_of(session, poll_id=poll.id, voter=voter)
    chosen = toggled(list(ballot.options) if ballot else [], option, multi=poll.multi)
    store.save_ballot(session, poll=poll, voter=voter, options=chosen)
    return chosen


def press_vote(
    session: Session, *, poll: Poll, user_id: str, option: int, at: datetime
) -> list[int]:
    """Record a press on a named poll's option button (Teams' cards), and return the choices.

    Where a platform has no reactions to vote with, each option is a button: single choice
    replaces the person's vote, multi toggles the option. The votes are the same records as
    reactions, so counting, closing and the digest read them alike.
    """
    if poll.anonymous or not 0 <= option < len(poll.options):
        raise InvalidInput(f"That button isn't part of {poll.code} any more.")
    if not store.hold_open(session, poll_id=poll.id):  # locks the row: a close waits for us
        raise InvalidInput(closed_message(poll))
    before = sorted({vote.option for vote in store.votes_of(session, poll_id=poll.id)
                     if vote.user_id == user_id})  # fmt: skip
    chosen = toggled(before, option, multi=poll.multi)
    for gone in set(before) - set(chosen):
        store.remove_vote(session, poll=poll, user_id=user_id, option=gone)
    for new in set(chosen) - set(before):
        store.add_vote(session, poll=poll, user_id=user_id, option=new, reacted_at=at)
    session.flush()
    return chosen


def count_reactions(votes: Iterable[PollVote], *, options: int, multi: bool) -> Tally:
    """Count emoji votes: each person once, their latest option (or every option when multi)."""
    by_person: dict[str, list[PollVote]] = {}
    for vote in votes:
        if 0 <= vote.option < options:
            by_person.setdefault(vote.user_id, []).append(vote)
    counts = [0] * options
    for picks in by_person.values():
        counted = picks if multi else [max(picks, key=_recency)]
        for vote in counted:
            counts[vote.option] += 1
    return Tally(counts, len(by_person))


def _recency(vote: PollVote) -> tuple[bool, datetime, int]:
    # Known times beat unknown ones; the later beats the earlier; then the lower number.
    return (vote.reacted_at is not None, vote.reacted_at or UNKNOWN, -vote.option)


def count_ballots(choices: Iterable[list[int]], *, options: int) -> Tally:
    """Count anonymous ballots."""
    counts, voters = [0] * options, 0
    for chosen in choices:
        picked = {option for option in chosen if 0 <= option < options}
        voters += bool(picked)
        for option in picked:
            counts[option] += 1
    return Tally(counts, voters)


def tally(session: Session, *, poll: Poll) -> Tally:
    """Count a poll's votes as they may be shown (the kept results once it is closed)."""
    if poll.results is not None:
        return stored_tally(poll)
    if poll.anonymous:
        counted = count_ballots(
            store.ballot_choices(session, poll_id=poll.id), options=len(poll.options)
        )
        return shown(counted, anonymous=True)
    votes = store.votes_of(session, poll_id=poll.id)
    return count_reactions(votes, options=len(poll.options), multi=poll.multi)


def reconcile(session: Session, *, poll: Poll, reactions: Mapping[int, set[str]]) -> None:
    """Make the recorded emoji votes match who has reacted with what (the platform's truth).

    `reactions` maps each option to the people (not bots) reacting with its emoji now. Votes
    cast on the poll's web page (`web:` voters) have no reaction, and stay as they are.
    """
    now_on = {(user, option) for option, users in reactions.items() for user in users}
    votes = store.votes_of(session, poll_id=poll.id)
    recorded = {(v.user_id, v.option) for v in votes if not v.user_id.startswith(WEB_VOTER)}
    for user_id, option in recorded - now_on:
        store.remove_vote(session, poll=poll, user_id=user_id, option=option)
    for user_id, option in sorted(now_on - recorded):
        store.add_vote(session, poll=poll, user_id=user_id, option=option, reacted_at=None)
    session.flush()
