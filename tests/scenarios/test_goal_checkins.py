"""Check-ins: the owner is asked for each period's value by DM, in their working hours, once.

These are Slack's own words and shapes (mrkdwn, files, modals); what both platforms do
alike is in tests/scenarios/both/ (test_goals.py, test_goal_rhythm.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.ids import ActionId, CallbackId, GoalField, ItemField
from storage.goal_checkins import ledger_of
from tests.support.forms import modal_of
from tests.support.goals import MEDIAN_DAYS, goal, stored
from tests.support.harness import CASE, JOE, Harness

LA = ZoneInfo("America/Los_Angeles")
ASKED = "📈 What was G-1 for November? Median days from match to move-in"


def la(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LA).astimezone(UTC)


@pytest.fixture
def monthly(backbone: Harness) -> Harness:
    """Tuesday Nov 24: Maria makes G-1, which Joe (Los Angeles) reports monthly."""
    goal(backbone, MEDIAN_DAYS)
    return backbone


def joes_dms(backbone: Harness) -> list[str]:
    return backbone.dms(JOE)


def ledger(backbone: Harness) -> list[tuple[str, str, str]]:
    made, _ = stored(backbone, 1)
    with backbone.database() as session:
        return ledger_of(session, goal_id=made.id)


def test_the_owner_is_asked_once_the_month_is_over_in_their_working_hours(
    monthly: Harness,
) -> None:
    for at, expected in [
        (la(30, 10, month=11), []),  # November is not over yet
        (la(1, 8, 59), []),  # Tuesday Dec 1, before Joe's working day
        (la(1, 9), [ASKED]),
        (la(1, 9, 30), []),  # never twice, however often the scheduler runs
        (la(1, 16), []),
        (
            la(2, 9),
            ["📈 A reminder: What was G-1 for November? Median days from match to move-in"],
        ),
    ]:
        before = len(joes_dms(monthly))
        monthly.tick(at)
        assert joes_dms(monthly)[before:] == expected, at
    assert ledger(monthly) == [("2026-11", "ask", "sent"), ("2026-11", "again-1", "sent")]


def test_a_check_in_has_a_button_that_opens_the_form_and_saves_the_value(
    monthly: Harness,
) -> None:
    monthly.tick(la(1, 9))
    asked = monthly.emulator.messages(monthly.emulator.dm_channel(JOE))[-1]
    monthly.emulator.click(asked, ActionId.GOAL_REPORT, user=JOE)
    monthly.settle()
    form = modal_of(monthly, JOE)
    assert (form.view["callback_id"], form.view["title"]["text"]) == (
        CallbackId.GOAL_REPORT, "G-1 · November"
    )  # fmt: skip
    values: dict[str, dict[str, str]] = {
        GoalField.VALUE: {GoalField.VALUE: "62"},
        GoalField.NOTE: {GoalField.NOTE: "Waiting on the landlord for two units"},
    }
    answer = monthly.emulator.submit_view(form.id, values, user=JOE)
    monthly.settle()
    assert answer.status == 200
    _, saved = stored(monthly, 1)
    assert [(v.period, v.value, v.note) for v in saved] == [
        ("2026-11", 62, "Waiting on the landlord for two units")
    ]
    told = monthly.emulator.messages(monthly.emulator.dm_channel(JOE))[-1]
    assert told.text == "✅ Saved G-1 for November: 62."
    # Reported: no reminder follows.
    before = len(joes_dms(monthly))
    monthly.tick(la(2, 9))
    monthly.tick(la(4, 9))
    assert joes_dms(monthly)[before:] == []
    # The note names a blocker: one press turns it into an action item in the goal's channel.
    monthly.emulator.click(told, ActionId.GOAL_ACTION_ITEM, user=JOE)
    monthly.settle()
    item_form = modal_of(monthly, JOE)
    assert item_form.view["callback_id"] == CallbackId.ITEM_NEW
    title = next(b for b in item_form.view["blocks"] if b.get("block_id") == ItemField.TITLE)
    assert title["element"]["initial_value"] == "G-1: Waiting on the landlord for two units"
    monthly.emulator.submit_view(
        item_form.id,
        {ItemField.TITLE: {ItemField.TITLE: title["element"]["initial_value"]},
         ItemField.OWNERS: {ItemField.OWNERS: [JOE]}},
        user=JOE,
    )  # fmt: skip
    monthly.settle()
    assert monthly.emulator.messages(CASE)[-1].text.startswith(
        "📌 A-1 G-1: Waiting on the landlord for two units — <@UJOE>"
    )


def test_a_bad_value_is_named_under_its_field(monthly: Harness) -> None:
    monthly.tick(la(1, 9))
    asked = monthly.emulator.messages(monthly.emulator.dm_channel(JOE))[-1]
    monthly.emulator.click(asked, ActionId.GOAL_REPORT, user=JOE)
    monthly.settle()
    form = modal_of(monthly, JOE)
    answer = monthly.emulator.submit_view(
        form.id, {GoalField.VALUE: {GoalField.VALUE: "sixty"}}, user=JOE
    )
    assert answer.json == {
        "response_action": "errors",
        "errors": {GoalField.VALUE: "“sixty” isn't a number. Type one, like 62."},
    }
    assert stored(monthly, 1)[1] == []


def test_a_note_with_a_phone_number_is_refused_under_its_field(monthly: Harness) -> None:
    monthly.tick(la(1, 9))
    asked = monthly.emulator.messages(monthly.emulator.dm_channel(JOE))[-1]
    monthly.emulator.click(asked, ActionId.GOAL_REPORT, user=JOE)
    monthly.settle()
    form = modal_of(monthly, JOE)
    note = "Call her back at (555) 201-3344 about the unit"
    values: dict[str, dict[str, str]] = {
        GoalField.VALUE: {GoalField.VALUE: "62"},
        GoalField.NOTE: {GoalField.NOTE: note},
    }
    answer = monthly.emulator.submit_view(form.id, values, user=JOE)
    assert answer.json == {
        "response_action": "errors",
        "errors": {GoalField.NOTE: "Not saved: it looks like a phone number. Leave the number "
                   "out; name the office instead (“the front desk at Main St”)."},
    }  # fmt: skip
    assert stored(monthly, 1)[1] == []
