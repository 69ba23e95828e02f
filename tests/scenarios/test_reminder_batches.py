"""Reminders go out a batch at a time: what a batch costs the database does not grow with it,
and one person's failed DM neither stops nor repeats anyone else's."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from bot.deps import Deps
from bot.slack.port import slack_ports
from scheduler.jobs import TickReport, run_due_work
from storage import nudges as ledger
from storage.db import make_engine, make_session_factory
from storage.models import NudgeState
from tests.scenarios.test_tick_processes import ledger_states
from tests.support.harness import Harness

CHICAGO = ZoneInfo("America/Chicago")


def chicago(day: int, hour: int = 12, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=CHICAGO).astimezone(UTC)


def owners(backbone: Harness, count: int, *, first: int = 0) -> list[str]:
    """Add people in Chicago and give each an item due on Friday."""
    people = [f"UOWNER{n:02d}" for n in range(first, first + count)]
    for user in people:
        backbone.emulator.add_user(user, user.lower(), tz="America/Chicago")
        backbone.command(f"Call the landlord for {user.lower()} <@{user}> by Friday")
    return people


def tick_counting(backbone: Harness, at: datetime) -> tuple[TickReport, list[str]]:
    """Run the scheduled work once at `at`, recording every SQL statement it sends."""
    backbone.clock.now = at
    engine = make_engine(backbone.database_url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        deps = Deps(make_session_factory(engine), default_zone=backbone.settings.zone)
        report = run_due_work(deps, slack_ports(backbone.slack(backbone.settings)), now=at)
    finally:
        engine.dispose()
    return report, statements


def test_a_batch_of_eight_people_costs_the_statements_of_a_batch_of_two(
    backbone: Harness,
) -> None:
    few = owners(backbone, 2)
    small, small_sql = tick_counting(backbone, chicago(26))  # Thursday: the day before
    for number in (1, 2):
        backbone.command(f"done A-{number}")
    many = owners(backbone, 8, first=2)  # made Thursday: due Friday Nov 27, "due" on the day
    big, big_sql = tick_counting(backbone, chicago(27))
    assert (small.delivery.sent, big.delivery.sent) == (2, 8)
    assert {user: len(backbone.dms(user)) for user in few + many} == dict.fromkeys(few + many, 1)
    assert len(big_sql) == len(small_sql), "\n".join(big_sql)


@pytest.mark.parametrize("error", ["fatal_error", "ratelimited"])
def test_one_refused_dm_mid_batch_leaves_the_others_sent_once(
    backbone: Harness, error: str
) -> None:
    people = owners(backbone, 3)
    backbone.emulator.fail_next("chat.postMessage", status=200, delay=0)  # the first goes out
    backbone.emulator.fail_next("chat.postMessage", error=error)  # the second is refused
    first = backbone.tick(chicago(26))
    assert (first.delivery.sent, first.delivery.failed) == (2, 1)
    assert sorted(len(backbone.dms(user)) for user in people) == [0, 1, 1]
    assert ledger_states(backbone) == Counter({NudgeState.SENT: 2, NudgeState.FAILED: 1})
    again = backbone.tick(chicago(26, hour=13))  # past its retry time
    assert (again.delivery.sent, again.delivery.failed) == (1, 0)
    assert {user: len(backbone.dms(user)) for user in people} == dict.fromkeys(people, 1)
    assert ledger_states(backbone) == Counter({NudgeState.SENT: 3})


def test_outcomes_that_cannot_be_written_together_are_written_one_by_one(
    backbone: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = owners(backbone, 3)
    write = ledger.mark_sent_each

    def refuse_many(session: object, *, sent: list[tuple[int, str, str]], **kwargs: object) -> None:
        if len(sent) > 1:  # a database refusing the batch's statement, but not one person's
            raise RuntimeError("the batch's write was refused")
        write(session, sent=sent, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ledger, "mark_sent_each", refuse_many)
    report = backbone.tick(chicago(26))
    assert report.delivery.sent == 3
    assert ledger_states(backbone) == Counter({NudgeState.SENT: 3})
    backbone.tick(chicago(26, hour=13))
    assert {user: len(backbone.dms(user)) for user in people} == dict.fromkeys(people, 1)
