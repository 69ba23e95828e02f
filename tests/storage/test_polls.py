"""Polls in the database: numbering, once-only claims, ballots without ids, weekly copies."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.errors import InvalidInput
from bot.poll_text import PollDraft
from bot.services import poll_votes, polls
from bot.services.ballots import server_key
from bot.services.export import export_records, poll_record, to_csv
from storage import polls as store
from storage.db import make_session_factory, transaction
from storage.models import Poll
from tests.conftest import NOW

TEAM = "T1"


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with transaction(make_session_factory(engine)) as session:
        yield session


def new_poll(session: Session, **flags: object) -> Poll:
    draft = PollDraft(question="Q?", options=["A", "B", "C"], **flags)  # type: ignore[arg-type]
    return polls.create_poll(
        session, team_id=TEAM, creator_id="UMARIA", channel_id="C1", draft=draft, now=NOW
    )


def test_polls_are_numbered_per_workspace(session: Session) -> None:
    assert [new_poll(session).code for _ in range(3)] == ["P-1", "P-2", "P-3"]


@pytest.mark.parametrize("key", [server_key("signing-secret"), b""])
def test_one_ballot_per_person_even_without_a_server_key(session: Session, key: bytes) -> None:
    poll = new_poll(session, anonymous=True)
    for user, option in [("UJOE", 0), ("UJOE", 2), ("UPAT", 1), ("UJOE", 2)]:
        poll_votes.cast_ballot(session, poll=poll, user_id=user, option=option, key=key)
    assert sorted(b for b in store.ballot_choices(session, poll_id=poll.id)) == [[1], [2]]
    assert poll_votes.tally(session, poll=poll) == poll_votes.Tally(None, 2)  # too few to show
    poll_votes.cast_ballot(session, poll=poll, user_id="UADA", option=1, key=key)
    assert poll_votes.tally(session, poll=poll) == poll_votes.Tally([0, 2, 1], 3)


def test_closing_keeps_counts_and_forgets_salt_and_ballots_once(session: Session) -> None:
    poll = new_poll(session, anonymous=True)
    key = server_key("s")
    for user, option in [("UJOE", 1), ("UPAT", 1), ("UADA", 0)]:
        poll_votes.cast_ballot(session, poll=poll, user_id=user, option=option, key=key)
    later = NOW + timedelta(hours=1)
    assert polls.close_poll(session, poll=poll, now=later, by="UMARIA") == poll_votes.Tally(
        [1, 2, 0], 3
    )
    assert polls.close_poll(session, poll=poll, now=later, by="UMARIA") is None
    session.refresh(poll)
    assert (poll.ballot_salt, poll.results, poll.closed_at) == (
        None,
        {"counts": [1, 2, 0], "voters": 3},
        later,
    )
    assert store.ballot_choices(session, poll_id=poll.id) == []
    with pytest.raises(InvalidInput, match="is closed"):
        poll_votes.cast_ballot(session, poll=poll, user_id="UPAT", option=0, key=key)


@pytest.mark.parametrize("voters", [1, 2])
def test_closing_with_fewer_than_three_voters_keeps_no_counts(
    session: Session, voters: int
) -> None:
    poll = new_poll(session, anonymous=True)
    for user in ["UJOE", "UPAT"][:voters]:
        poll_votes.cast_ballot(session, poll=poll, user_id=user, option=2, key=b"k")
    assert polls.close_poll(session, poll=poll, now=NOW, by=None) == poll_votes.Tally(None, voters)
    session.refresh(poll)
    assert poll.results == {"counts": None, "voters": voters}  # not even on disk


def test_a_stored_result_under_three_voters_is_withheld_when_read(session: Session) -> None:
    # Polls closed before the rule kept their counts: they are withheld when read, too.
    poll = new_poll(session, anonymous=True)
    polls.close_poll(session, poll=poll, now=NOW, by=None)
    poll.results = {"counts": [0, 2, 0], "voters": 2}
    session.flush()
    assert poll_votes.tally(session, poll=poll) == poll_votes.Tally(None, 2)
    assert polls.result_of(poll).counts is None
    assert poll_record(poll)["counts"] is None


def test_emoji_votes_after_closing_are_not_recorded(session: Session) -> None:
    poll = new_poll(session)
    polls.close_poll(session, poll=poll, now=NOW, by=None, reactions={0: set(), 1: set()})
    assert not poll_votes.record_reaction(session, poll=poll, user_id="UJOE", option=0, at=NOW)
    assert store.votes_of(session, poll_id=poll.id) == []


def test_a_weekly_copy_after_weeks_down_is_one_copy_in_step_with_the_week(
    session: Session,
) -> None:
    poll = new_poll(session, repeat="weekly", closes_at=NOW + timedelta(days=3))
    three_weeks_later = NOW + timedelta(days=21, hours=2)
    copy = polls.next_copy(session, poll=poll, now=three_weeks_later)
    assert copy is not None and copy.code == "P-2"
    assert copy.repeat_at == NOW + timedelta(days=28)
    assert copy.closes_at == NOW + timedelta(days=24)
    assert polls.next_copy(session, poll=poll, now=three_weeks_later) is None  # claimed once


def test_closed_polls_between_and_export_show_counts_only(session: Session) -> None:
    open_poll, closed_poll = new_poll(session), new_poll(session, anonymous=True)
    polls.close_poll(session, poll=closed_poll, now=NOW, by=None)
    found = polls.closed_polls_between(
        session, team_id=TEAM, channel_id="C1", start=NOW, end=NOW + timedelta(seconds=1)
    )
    assert [(r.code, r.counts, r.total_voters, r.anonymous) for r in found] == [
        ("P-2", None, 0, True)
    ]
    assert poll_record(open_poll) == {
        "code": "P-1",
        "question": "Q?",
        "options": ["A", "B", "C"],
        "mode": "emoji",
        "multi": False,
        "hidden": False,
        "channel": "C1",
        "creator": "UMARIA",
        "created_at": NOW.isoformat(),
        "closed_at": None,
        "counts": None,  # open: nothing early, even to whoever runs the export
        "voters": None,
        "note": None,
        "source": None,
    }


def test_the_csv_export_has_a_row_per_poll_with_its_counts(session: Session) -> None:
    new_poll(session)
    for voters in (["UJOE"], ["UJOE", "UPAT", "UADA"]):
        closed_poll = new_poll(session, anonymous=True)
        for user in voters:
            poll_votes.cast_ballot(session, poll=closed_poll, user_id=user, option=2, key=b"k")
        polls.close_poll(session, poll=closed_poll, now=NOW, by=None)
    rows = list(csv.DictReader(io.StringIO(to_csv(export_records(session, team_id=TEAM)))))
    assert [(r["type"], r["code"], r["title"], r["status"], r["results"]) for r in rows] == [
        ("poll", "P-1", "Q?", "open", ""),
        (
            "poll",
            "P-2",
            "Q?",
            "closed",
            "Only 1 person voted. Results show once 3 people have voted, "
            "to keep every vote private",
        ),
        ("poll", "P-3", "Q?", "closed", "A: 0; B: 0; C: 3"),
    ]
