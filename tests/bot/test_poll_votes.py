"""Counting votes, keying ballots, and saying who won: pure rules, no Slack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.messages.polls import bar
from bot.services.ballots import new_salt, server_key, toggled, voter_hash
from bot.services.poll_votes import Tally, count_ballots, count_reactions
from bot.services.polls import percent, winner_phrase
from bot.slack.render import mrkdwn_of
from storage.models import PollVote

T0 = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def vote(user: str, option: int, seconds: int | None) -> PollVote:
    at = None if seconds is None else T0 + timedelta(seconds=seconds)
    return PollVote(poll_id=1, user_id=user, option=option, team_id="T", reacted_at=at)


@pytest.mark.parametrize(
    ("votes", "multi", "counts", "voters"),
    [
        ([], False, [0, 0, 0], 0),  # why: nobody voted
        ([vote("a", 0, 1), vote("b", 1, 2)], False, [1, 1, 0], 2),
        ([vote("a", 0, 1), vote("a", 2, 5)], False, [0, 0, 1], 1),  # why: her latest counts
        ([vote("a", 2, 5), vote("a", 0, 1)], False, [0, 0, 1], 1),  # why: in any order
        ([vote("a", 0, 1), vote("a", 2, 5)], True, [1, 0, 1], 1),  # why: multi counts each
        ([vote("a", 1, None), vote("a", 0, 3)], False, [1, 0, 0], 1),  # why: known beats unknown
        ([vote("a", 2, None), vote("a", 1, None)], False, [0, 1, 0], 1),  # why: then the lower
        ([vote("a", 7, 1)], False, [0, 0, 0], 0),  # why: an option the poll doesn't have
    ],
)
def test_reaction_counts(
    votes: list[PollVote], multi: bool, counts: list[int], voters: int
) -> None:
    assert count_reactions(votes, options=3, multi=multi) == Tally(counts, voters)


def test_ballot_counts_ignore_empty_ballots_and_unknown_options() -> None:
    assert count_ballots([[0], [0, 2], [], [9], [1]], options=3) == Tally([2, 1, 1], 3)


@pytest.mark.parametrize(
    ("chosen", "option", "multi", "after"),
    [
        ([], 1, False, [1]),
        ([1], 2, False, [2]),  # why: single choice: a new click replaces the vote
        ([1], 1, False, [1]),  # why: the same click again keeps it
        ([], 1, True, [1]),
        ([1], 3, True, [1, 3]),  # why: multi: a click adds
        ([1, 3], 1, True, [3]),  # why: and a second click takes it back
    ],
)
def test_clicks(chosen: list[int], option: int, multi: bool, after: list[int]) -> None:
    assert toggled(chosen, option, multi=multi) == after


def test_a_voter_hash_depends_on_the_key_the_salt_the_poll_and_the_person() -> None:
    key, salt = server_key("signing-secret"), new_salt()
    first = voter_hash(key=key, salt=salt, team_id="T", poll_id=1, user_id="UJOE")
    assert first == voter_hash(key=key, salt=salt, team_id="T", poll_id=1, user_id="UJOE")
    assert len(first) == 64 and "UJOE" not in first
    others = {
        voter_hash(key=server_key("another"), salt=salt, team_id="T", poll_id=1, user_id="UJOE"),
        voter_hash(key=key, salt=new_salt(), team_id="T", poll_id=1, user_id="UJOE"),
        voter_hash(key=key, salt=salt, team_id="T", poll_id=2, user_id="UJOE"),
        voter_hash(key=key, salt=salt, team_id="T", poll_id=1, user_id="UPAT"),
    }
    assert len(others) == 4 and first not in others


def test_no_secret_means_an_empty_server_key() -> None:
    assert server_key(None) == server_key("") == b""
    assert len(server_key("x")) == 32


@pytest.mark.parametrize(
    ("counts", "voters", "phrase"),
    [
        ([0, 0], 0, "Nobody voted"),
        ([3, 2], 5, "“Tuesday 5pm” won with 60% (3 of 5)"),
        ([2, 2], 4, "“Tuesday 5pm” and “Thursday noon” tied with 50% each"),
    ],
)
def test_winner_phrase(counts: list[int], voters: int, phrase: str) -> None:
    assert winner_phrase(["Tuesday 5pm", "Thursday noon"], Tally(counts, voters)) == phrase


def test_three_way_ties_and_rounding() -> None:
    assert winner_phrase(["A", "B", "C"], Tally([1, 1, 1], 3)) == (
        "“A”, “B” and “C” tied with 33% each"
    )
    assert (percent(1, 8), percent(1, 6), percent(0, 0)) == (13, 17, 0)  # halves round up


@pytest.mark.parametrize(
    ("count", "voters", "shown"),
    [
        (3, 6, "`█████░░░░░` 50% (3)"),
        (0, 6, "`░░░░░░░░░░` 0% (0)"),
        (6, 6, "`██████████` 100% (6)"),
        (1, 3, "`███░░░░░░░` 33% (1)"),
        (0, 0, "`░░░░░░░░░░` 0% (0)"),  # why: no voters, no division by zero
    ],
)
def test_bars(count: int, voters: int, shown: str) -> None:
    assert mrkdwn_of(bar(count, voters)) == shown
