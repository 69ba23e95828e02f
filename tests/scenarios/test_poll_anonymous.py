"""Anonymous polls: button votes, one per person, and nothing anywhere that says who voted what."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.ids import Command
from bot.messages import polls
from bot.messages.polls import PRIVACY
from bot.services.export import export_records, to_csv, to_json
from bot.services.poll_votes import Tally
from bot.slack.render import render_message
from storage.models import Base
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.polls import (
    ballots,
    click,
    current,
    get_poll,
    poll_command,
    start,
    thread_of,
)
from tests.support.records import read

QUESTION = '"Do you feel safe at the shelter at night?" "Yes" "Mostly" "No"'
VOTERS = (JOE, PAT, ADMIN)


def answers_to(backbone: Harness, user: str) -> list[str]:
    """The private answers a person got through response_urls."""
    return [r["body"]["text"] for r in backbone.emulator.responses() if r["user"] == user]


def test_votes_are_buttons_confirmed_privately(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " anonymous")
    poll = get_poll(backbone, 1)
    assert PRIVACY in message.text
    assert backbone.emulator.calls("reactions.add") == []  # reactions are public: no emoji here
    click(backbone, message, 2, JOE)
    assert answers_to(backbone, JOE) == [
        f"Your vote for “No” in P-1 is in. {PRIVACY}",
    ]
    # The counts are redrawn right away for the first vote…
    expected = render_message(polls.poll_message(poll, Tally(None, 1)))  # one vote: no counts shown
    assert backbone.emulator.calls("chat.update") == [
        {"channel": CASE, "ts": message.ts, "team_id": TEAM, **expected}
    ]


def test_single_choice_a_new_click_replaces_the_vote(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " anonymous")
    click(backbone, message, 0, JOE)
    click(backbone, message, 2, JOE)
    click(backbone, message, 1, PAT)
    assert sorted(ballot.options for ballot in ballots(backbone)) == [[1], [2]]
    click(backbone, message, 1, ADMIN)
    poll_command(backbone, "close P-1")
    assert get_poll(backbone, 1).results == {"counts": [0, 2, 1], "voters": 3}


def test_multi_a_click_toggles_an_option(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " anonymous multi")
    click(backbone, message, 0, JOE)
    click(backbone, message, 2, JOE)
    click(backbone, message, 0, JOE)
    click(backbone, message, 1, PAT)
    click(backbone, message, 1, PAT)  # Pat took it back: no ballot at all
    assert answers_to(backbone, JOE)[-1] == f"Your votes in P-1 are in: “No”. {PRIVACY}"
    assert answers_to(backbone, PAT)[-1] == (
        "You took back your votes in P-1. Click an option to vote again."
    )
    click(backbone, message, 0, ADMIN)
    click(backbone, message, 2, MARIA)
    poll_command(backbone, "close P-1")
    assert get_poll(backbone, 1).results == {"counts": [1, 0, 2], "voters": 3}


def test_running_counts_are_redrawn_at_most_every_few_seconds(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " anonymous")
    for user in VOTERS:
        click(backbone, message, 0, user)
    assert len(backbone.emulator.calls("chat.update")) == 1  # the first vote, then held back
    assert "1 person voted so far" in current(backbone, message).text
    backbone.tick(backbone.clock.now + timedelta(minutes=1))  # the tick catches up
    assert len(backbone.emulator.calls("chat.update")) == 2
    assert "3 people voted so far" in current(backbone, message).text
    backbone.tick(backbone.clock.now + timedelta(minutes=1))  # nothing new: nothing redrawn
    assert len(backbone.emulator.calls("chat.update")) == 2


def test_hidden_polls_show_nothing_until_they_close(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " anonymous hidden")
    for user in VOTERS:
        click(backbone, message, 1, user)
    backbone.tick(backbone.clock.now + timedelta(minutes=1))
    assert backbone.emulator.calls("chat.update") == []
    assert "%" not in current(backbone, message).text
    poll_command(backbone, "close P-1")
    assert "`██████████` 100% (3)" in current(backbone, message).text
    assert thread_of(backbone, message)[0].text.startswith(
        "🏁 Results of P-1 Do you feel safe at the shelter at night?: "
        "“Mostly” won with 100% (3 of 3)."
    )


def test_a_click_after_closing_is_refused(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " anonymous")
    stale = current(backbone, message)
    poll_command(backbone, "close P-1")
    # Someone whose Slack still shows the buttons clicks one.
    backbone.emulator.state.find_message(CASE, message.ts).blocks = stale.blocks  # type: ignore[union-attr]
    click(backbone, stale, 0, JOE)
    assert answers_to(backbone, JOE) == [
        "P-1 is closed, so it takes no more votes. Its results are in its thread."
    ]
    assert get_poll(backbone, 1).results == {"counts": None, "voters": 0}
    assert ballots(backbone) == []


def all_rows(backbone: Harness) -> str:
    """Every row of every table, as one text."""

    def dump(session: Session) -> str:
        rows: list[str] = []
        for table in Base.metadata.sorted_tables:  # every table the schema has, all columns
            found = session.execute(text(f"SELECT * FROM {table.name}"))
            rows += [repr(tuple(row)) for row in found]
        return "\n".join(rows)

    return read(backbone, dump)


def test_no_voter_id_is_kept_in_any_message_row_export_or_log(
    backbone: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):  # Bolt set its loggers' levels at start
        caplog.set_level(logging.DEBUG, logger=name)
    message = start(backbone, QUESTION + " anonymous multi")
    for user, options in [(JOE, [0, 2]), (PAT, [1]), (ADMIN, [2])]:
        for option in options:
            click(backbone, message, option, user)
    backbone.tick(backbone.clock.now + timedelta(minutes=1))

    while_open = all_rows(backbone)
    assert len(ballots(backbone)) == 3 and get_poll(backbone, 1).ballot_salt
    poll_command(backbone, "close P-1")
    after_close = all_rows(backbone)
    records = read(backbone, lambda s: export_records(s, team_id=TEAM))
    exported = to_json(records) + to_csv(records)

    posted = [(m.text, json.dumps(m.blocks)) for m in backbone.emulator.messages(CASE)]
    posted += [(m.text, json.dumps(m.blocks)) for m in thread_of(backbone, message)]
    calls = json.dumps(
        backbone.emulator.calls("chat.postMessage") + backbone.emulator.calls("chat.update")
    )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for voter in VOTERS:
        assert voter not in while_open
        assert voter not in after_close
        assert voter not in exported
        assert voter not in repr(posted) and voter not in calls
        assert voter not in logged
    assert MARIA in after_close  # the scan does find ids that are there: the creator's
    assert ballots(backbone) == [] and get_poll(backbone, 1).ballot_salt is None
    assert records["polls"][0]["counts"] == [1, 1, 2]
    assert records["polls"][0]["voters"] == 3


RULE = "Results show once 3 people have voted"


def digest_preview(backbone: Harness) -> str:
    """The blocks of the channel's digest as `/digest preview` shows it, as text."""
    backbone.command("preview", command=Command.DIGEST)
    return json.dumps(backbone.last_response()["blocks"], ensure_ascii=False)


def test_results_show_only_once_three_people_have_voted(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " anonymous")
    assert f"· {RULE} · 0 people voted so far ·" in current(backbone, message).text
    assert f"anonymous · {RULE.lower()} ·" in poll_command(backbone, "list")
    click(backbone, message, 0, JOE)
    backbone.tick(backbone.clock.now + timedelta(minutes=1))
    click(backbone, message, 0, PAT)
    backbone.tick(backbone.clock.now + timedelta(minutes=1))
    shown = current(backbone, message).text
    assert f"· {RULE} · 2 people voted so far ·" in shown and "%" not in shown
    click(backbone, message, 1, ADMIN)
    backbone.tick(backbone.clock.now + timedelta(minutes=1))
    shown = current(backbone, message).text
    assert RULE not in shown and "3 people voted so far" in shown
    assert "`███████░░░` 67% (2)" in shown and "`███░░░░░░░` 33% (1)" in shown


def test_a_poll_closed_with_two_voters_never_shows_counts(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " anonymous")
    start(backbone, '"Still open?" "Yes" "No"')  # the digest's week has another poll
    click(backbone, message, 2, JOE)
    click(backbone, message, 2, PAT)
    assert poll_command(backbone, "close P-1") == (
        "🏁 P-1 is closed. Its results are in the poll's thread."
    )
    assert get_poll(backbone, 1).results == {"counts": None, "voters": 2}
    closed = current(backbone, message)
    assert closed.text.endswith(f"· 2 people voted · {RULE}, so these stay private.")
    assert "%" not in closed.text and "%" not in json.dumps(closed.blocks)
    results = thread_of(backbone, message)[0]
    assert results.text.startswith(
        "🏁 Results of P-1 Do you feel safe at the shelter at night?: Only 2 people voted. "
        f"{RULE}, to keep every vote private. :one: Yes; :two: Mostly; :three: No."
    )
    assert "%" not in results.text and "%" not in json.dumps(results.blocks)
    backbone.clock.now += timedelta(hours=1)  # the digest's week ends now: the close is in it
    assert (
        "— 2 people voted anonymously. Results show once 3 people have voted, so these stay "
        "private" in digest_preview(backbone)
    )
    records = read(backbone, lambda s: export_records(s, team_id=TEAM))
    exported = records["polls"][0]
    assert (exported["counts"], exported["voters"], exported["note"]) == (
        None,
        2,
        f"Only 2 people voted. {RULE}, to keep every vote private",
    )
    assert f"Only 2 people voted. {RULE}, to keep every vote private" in to_csv(records)
