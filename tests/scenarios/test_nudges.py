"""The nudge engine end to end: each `tick` yields exactly the DMs the ladder promises."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from storage.db import make_engine, make_session_factory, transaction
from storage.nudges import sent_steps
from tests.support.harness import JOE, MARIA, PAT, Harness

LA = ZoneInfo("America/Los_Angeles")


def la(day: int, hour: int = 9, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LA).astimezone(UTC)


@pytest.fixture
def joe_owes_friday(backbone: Harness) -> Harness:
    """Tuesday Nov 24: Maria asks Joe (Los Angeles) to call the shelter by Friday: A-1."""
    backbone.command("Call the shelter <@UJOE> by Friday")
    return backbone


def ledger(backbone: Harness, number: int = 1) -> list[tuple[str, str, str]]:
    engine = make_engine(backbone.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            return sent_steps(session, item_id=backbone.item(number).id)
    finally:
        engine.dispose()


def test_the_whole_ladder_in_the_owners_day(joe_owes_friday: Harness) -> None:
    b = joe_owes_friday
    expected = [
        (la(24, 16), None),  # creation day: nothing yet
        (la(26, 8, 59), None),  # Thursday before 09:00 in Los Angeles: not yet
        (la(26, 9), "⏰ A-1 Call the shelter — Due tomorrow (Fri Nov 27)."),
        (la(26, 9, 30), None),  # the same step is never sent twice
        (la(27, 9, 5), "⏰ A-1 Call the shelter — Due today (Fri Nov 27)."),
        (la(28, 10), None),  # Saturday: nothing
        (la(30, 9), "overdue"),  # Monday: 1 working day overdue
        (la(2, 9, month=12), "overdue"),  # Wednesday: 3 working days
        (la(8, 9, month=12), "overdue"),  # Tuesday Dec 8: 7 working days
        (la(15, 9, month=12), "overdue"),  # then weekly
    ]
    for at, dm in expected:
        before = len(b.dms(JOE))
        b.tick(at)
        new = b.dms(JOE)[before:]
        if dm is None:
            assert new == [], at
        elif dm == "overdue":
            assert new == [
                "⏰ A-1 Call the shelter — Was due Fri Nov 27. How is it going? "
                "If plans changed, snooze it or update it."
            ], at
        else:
            assert new == [dm], at
    assert [step for _, step, _ in ledger(b)] == [
        "before",
        "due",
        "overdue-1",
        "overdue-3",
        "overdue-7",
        "weekly-1",
    ]
    assert b.item(1).needs_help is True


def test_the_creator_is_told_once_when_it_needs_help(joe_owes_friday: Harness) -> None:
    b = joe_owes_friday
    b.tick(la(8, 9, month=12))
    b.tick(la(8, 10, month=12))
    b.tick(la(15, 9, month=12))
    told = b.dms(MARIA)
    assert len(told) == 1
    assert told[0].startswith("*A-1* Call the shelter (owned by <@UJOE>) was due Fri Nov 27")
    assert "Needs help" in told[0]


def test_missed_steps_coalesce_into_one_after_downtime(joe_owes_friday: Harness) -> None:
    b = joe_owes_friday
    report = b.tick(la(3, 11, month=12))  # down from Tuesday to the next Thursday
    assert (report.claimed, report.delivery.sent) == (1, 1)
    assert [step for _, step, _ in ledger(b)] == ["overdue-3"]
    assert len(b.dms(JOE)) == 1


def test_done_stops_reminders(joe_owes_friday: Harness) -> None:
    b = joe_owes_friday
    b.tick(la(26, 9))
    b.command("done A-1", user=JOE)
    for day in (27, 30):
        b.tick(la(day, 10))
    assert len(b.dms(JOE)) == 1


def test_snooze_holds_reminders_until_that_day(joe_owes_friday: Harness) -> None:
    b = joe_owes_friday
    b.clock.now = la(26, 8)
    b.command("snooze A-1 Dec 2", user=JOE)
    for at in (la(26, 9), la(27, 9), la(30, 9), la(1, 9, month=12)):
        b.tick(at)
    assert b.dms(JOE) == []
    b.tick(la(2, 9, month=12))
    assert [step for _, step, _ in ledger(b)] == ["overdue-3"]


def test_several_items_due_together_come_in_one_dm(backbone: Harness) -> None:
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.command("Update the by-name list <@UJOE> by Friday")
    backbone.tick(la(26, 9))
    dms = backbone.dms(JOE)
    assert len(dms) == 1
    assert dms[0].splitlines() == [
        "Here are 2 things you said you'd do:",
        "⏰ A-1 Call the shelter — Due tomorrow (Fri Nov 27).",
        "⏰ A-2 Update the by-name list — Due tomorrow (Fri Nov 27).",
    ]


def test_each_owner_is_reminded_in_their_own_zone(backbone: Harness) -> None:
    backbone.command("Review the MOU <@UJOE> <@UPAT> by Friday")
    # 09:00 Thursday in London comes 8 hours before 09:00 in Los Angeles.
    backbone.tick(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    assert (len(backbone.dms(PAT)), len(backbone.dms(JOE))) == (1, 0)
    backbone.tick(la(26, 9))
    assert (len(backbone.dms(PAT)), len(backbone.dms(JOE))) == (1, 1)


def test_an_item_without_a_date_gets_a_weekly_check_in(backbone: Harness) -> None:
    backbone.command("Draft the landlord letter <@UJOE>")
    backbone.tick(la(1, 9, month=12))  # 5 working days after Tuesday Nov 24
    assert backbone.dms(JOE) == ["⏰ A-1 Draft the landlord letter — No due date yet. Still on it?"]


def test_a_failed_send_is_retried_later_and_sent_once(joe_owes_friday: Harness) -> None:
    b = joe_owes_friday
    b.emulator.fail_next("chat.postMessage", status=503, times=3)  # more than the client retries
    report = b.tick(la(26, 9))
    assert (report.delivery.sent, report.delivery.failed) == (0, 1)
    assert b.dms(JOE) == []
    b.tick(la(26, 9, 1))  # too soon: it waits before trying again
    assert b.dms(JOE) == []
    report = b.tick(la(26, 9, 5))
    assert (report.delivery.sent, len(b.dms(JOE))) == (1, 1)
    assert ledger(b) == [(JOE, "before", "sent")]


def test_a_rate_limit_is_waited_out_within_the_same_run(joe_owes_friday: Harness) -> None:
    b = joe_owes_friday
    b.emulator.fail_next("chat.postMessage", status=429, retry_after=0)
    report = b.tick(la(26, 9))
    assert report.delivery.sent == 1
    assert len(b.emulator.failed_calls("chat.postMessage")) == 1


def test_a_deactivated_owner_gets_nothing_and_the_creator_is_told_once(
    joe_owes_friday: Harness,
) -> None:
    b = joe_owes_friday
    b.emulator.state.users[JOE].deleted = True
    b.tick(la(26, 9) + timedelta(days=1))  # a day later: Joe's profile is asked for again
    b.tick(la(30, 9))
    assert b.dms(JOE) == []
    item = b.item(1)
    assert item.needs_owner is True
    told = b.dms(MARIA)
    assert len(told) == 1
    assert told[0].startswith("<@UJOE> can no longer be reached in Slack")


def test_a_dropped_connection_is_retried_on_a_later_tick(joe_owes_friday: Harness) -> None:
    b = joe_owes_friday
    b.emulator.fail_next("chat.postMessage", reset=True, times=3)  # more than the client retries
    report = b.tick(la(26, 9))
    assert (report.delivery.sent, report.delivery.failed) == (0, 1)
    b.tick(la(26, 9, 5))
    assert ledger(b) == [(JOE, "before", "sent")]
    assert len(b.dms(JOE)) == 1


@pytest.mark.parametrize("refusal", ["user_not_found", "user_disabled", "cannot_dm_bot"])
def test_a_dm_refused_for_the_person_is_given_up_and_the_item_needs_an_owner(
    joe_owes_friday: Harness, refusal: str
) -> None:
    b = joe_owes_friday
    b.emulator.fail_next("chat.postMessage", status=200, error=refusal)
    report = b.tick(la(26, 9))
    delivery = report.delivery
    assert (delivery.sent, delivery.failed, delivery.dropped) == (0, 0, 1)
    assert ledger(b) == [(JOE, "before", "gave_up")]
    assert b.item(1).needs_owner is True


def test_a_dm_refused_for_another_reason_is_tried_again(joe_owes_friday: Harness) -> None:
    b = joe_owes_friday
    b.emulator.fail_next("chat.postMessage", status=200, error="msg_too_long")
    report = b.tick(la(26, 9))
    assert (report.delivery.sent, report.delivery.failed) == (0, 1)
    assert ledger(b) == [(JOE, "before", "failed")]
    assert b.item(1).needs_owner is False
