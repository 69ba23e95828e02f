"""A workspace that removed Backbone: its work stops, its records stay, and it comes back.

Slack says so in two ways: a Web API answer (`token_revoked`, `invalid_auth`, `account_inactive`)
met by scheduled work, whichever call meets it; or the `app_uninstalled` / `tokens_revoked`
events. Either way the workspace is marked, what it was waiting to send is given up with a
reason (never retried forever), other workspaces carry on, and installing again resumes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.slack.oauth import installation_store
from storage.db import make_engine, make_session_factory, transaction
from storage.models import Nudge, NudgeState, Poll, Workspace
from tests.conftest import FakeClock
from tests.support.harness import CASE, JOE, MARIA, TEAM, Harness
from tests.support.polls import start
from tests.support.workspaces import (
    BEA,
    BEN,
    BRAVO,
    TEAM_A,
    TEAM_B,
    Workspaces,
    running_workspaces,
)

T = TypeVar("T")
LA = ZoneInfo("America/Los_Angeles")
THURSDAY_9_LA = datetime(2026, 11, 26, 9, 0, tzinfo=LA).astimezone(UTC)
FRIDAY_9_LA = datetime(2026, 11, 27, 9, 5, tzinfo=LA).astimezone(UTC)
MONDAY_9_LA = datetime(2026, 11, 30, 9, 5, tzinfo=LA).astimezone(UTC)
TOKEN_DEAD = "Slack no longer accepts the workspace's bot token"
REMOVED = "Backbone was removed from the workspace"


def query(database_url: str, run: Callable[[Session], T]) -> T:
    """Run a query on a scenario's database."""
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            return run(session)
    finally:
        engine.dispose()


def ledger(database_url: str, team: str) -> list[tuple[str, str, str | None]]:
    """(step, state, reason) of a workspace's reminders, oldest first."""
    statement = select(Nudge.step, Nudge.state, Nudge.last_error).where(Nudge.team_id == team)
    rows = query(database_url, lambda s: s.execute(statement.order_by(Nudge.id)).all())
    return [(step, state, reason) for step, state, reason in rows]


def removed_at(database_url: str, team: str) -> datetime | None:
    """When a workspace was marked as having removed Backbone."""
    return query(database_url, lambda s: s.get_one(Workspace, team).uninstalled_at)


@pytest.fixture
def joe_owes_friday(backbone: Harness) -> Harness:
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.emulator.clear_calls()
    return backbone


@pytest.mark.parametrize("error", ["token_revoked", "invalid_auth", "account_inactive"])
def test_a_dead_token_stops_the_workspace_and_gives_up_its_reminders(
    joe_owes_friday: Harness, error: str
) -> None:
    b = joe_owes_friday
    b.emulator.fail_next("chat.postMessage", error=error)
    report = b.tick(THURSDAY_9_LA)
    assert (report.delivery.sent, report.delivery.failed, report.delivery.dropped) == (0, 0, 1)
    assert report.stopped == 1
    assert report.summary().endswith("Stopped work for 1 workspace(s) that removed Backbone.")
    assert ledger(b.database_url, TEAM) == [("before", NudgeState.GAVE_UP, TOKEN_DEAD)]
    assert removed_at(b.database_url, TEAM) == THURSDAY_9_LA
    assert b.item(1).title == "Call the shelter"  # the records stay


def test_while_the_token_is_dead_nothing_is_planned_or_sent_and_a_new_one_resumes(
    joe_owes_friday: Harness,
) -> None:
    b = joe_owes_friday
    b.emulator.revoke_token()
    b.tick(THURSDAY_9_LA)
    b.emulator.clear_calls()
    later = b.tick(FRIDAY_9_LA)  # the due day: still dead
    assert (later.claimed, later.delivery.sent, later.stopped) == (0, 0, 0)
    # Only the check whether the token works again: no reminder tried, no step claimed.
    assert [c["method"] for c in b.emulator.calls()] == ["auth.test"]
    assert ledger(b.database_url, TEAM) == [("before", NudgeState.GAVE_UP, TOKEN_DEAD)]
    b.emulator.state.oauth.revoked.clear()  # the operator put a working SLACK_BOT_TOKEN in
    resumed = b.tick(MONDAY_9_LA)
    assert removed_at(b.database_url, TEAM) is None
    # Missed steps coalesce to one, as after any downtime.
    assert b.dms(JOE) == [
        "⏰ A-1 Call the shelter — Was due Fri Nov 27. How is it going? "
        "If plans changed, snooze it or update it."
    ]
    assert resumed.delivery.sent == 1


def test_a_dead_token_met_where_errors_are_swallowed_still_stops_the_work(
    backbone: Harness,
) -> None:
    message = start(backbone, '"Lunch?" "Yes" "No" closes Friday 5pm')
    backbone.emulator.fail_next("auth.test", error="token_revoked")  # asked before closing
    friday_5pm = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)
    report = backbone.tick(friday_5pm)
    assert (report.polls.closed, report.stopped) == (0, 1)
    closed_at = query(backbone.database_url, lambda s: s.scalars(select(Poll.closed_at)).one())
    assert closed_at is None  # not closed half-way: it closes once the workspace is back
    assert backbone.emulator.messages(CASE, thread_ts=message.ts) == []
    assert backbone.tick(friday_5pm + timedelta(minutes=1)).polls.closed == 1


def test_app_uninstalled_stops_the_work_at_once(joe_owes_friday: Harness) -> None:
    b = joe_owes_friday
    b.emulator.fail_next("chat.postMessage", status=500, times=5)
    b.tick(THURSDAY_9_LA)  # fails: waiting for another try
    assert ledger(b.database_url, TEAM) == [("before", NudgeState.FAILED, "fatal_error")]
    assert b.emulator.uninstall().status == 200
    b.settle()
    assert ledger(b.database_url, TEAM) == [("before", NudgeState.GAVE_UP, REMOVED)]
    assert removed_at(b.database_url, TEAM) == b.clock.now
    b.emulator.clear_calls()
    assert b.tick(FRIDAY_9_LA).delivery.sent == 0
    assert [c["method"] for c in b.emulator.calls()] == ["auth.test"]  # still dead: stays off


@pytest.fixture
def workspaces(database_url: str, clock: FakeClock) -> Iterator[Workspaces]:
    with running_workspaces(database_url, clock) as running:
        running.install(running.a, user=MARIA)
        running.install(running.b, user=BEA)
        running.command(running.a, "Call the shelter <@UJOE> by Friday", user=MARIA, channel=CASE)
        running.command(running.b, "Order the vans <@UBEN> by Friday", user=BEA, channel=BRAVO)
        yield running


def bot_token_of(w: Workspaces, team: str) -> str | None:
    """The bot token the installation store holds for a workspace."""
    engine = make_engine(w.database_url)
    try:
        bot = installation_store(w.settings, engine).find_bot(enterprise_id=None, team_id=team)
    finally:
        engine.dispose()
    return bot.bot_token if bot else None


@pytest.mark.parametrize("event", ["app_uninstalled", "tokens_revoked"])
def test_removing_backbone_from_b_stops_b_only_and_installing_again_resumes_it(
    workspaces: Workspaces, event: str
) -> None:
    w = workspaces
    if event == "app_uninstalled":
        w.b.uninstall()
    else:
        w.b.revoke_token()
        w.b.send_event({"type": "tokens_revoked", "tokens": {"bot": ["UBACKBONEB"]}})
    w.executor.wait_idle()
    assert bot_token_of(w, TEAM_B) is None  # its dead token is forgotten
    assert removed_at(w.database_url, TEAM_B) is not None
    assert removed_at(w.database_url, TEAM_A) is None
    answer = w.command(w.b, "list", user=BEN, channel=BRAVO)
    assert answer.status == 200
    assert "isn't installed in this workspace" in str(w.b.responses()[-1]["body"])
    w.a.clear_calls()
    w.b.clear_calls()
    report = w.tick(THURSDAY_9_LA)
    assert report.delivery.sent == 1  # A carries on
    assert [m.text for m in w.a.messages(JOE)] == [
        "⏰ A-1 Call the shelter — Due tomorrow (Fri Nov 27)."
    ]
    assert w.b.calls() == [] and w.b.messages(BEN) == []
    assert w.install(w.b, user=BEA).status == 200
    assert bot_token_of(w, TEAM_B) == "xoxb-t0bbbbbbbb-1"  # a new token for the new install
    assert removed_at(w.database_url, TEAM_B) is None
    w.tick(FRIDAY_9_LA)
    assert [m.text for m in w.b.messages(BEN)] == [
        "⏰ A-1 Order the vans — Due today (Fri Nov 27)."
    ]


def test_revoking_only_user_tokens_changes_nothing(workspaces: Workspaces) -> None:
    w = workspaces
    w.b.send_event({"type": "tokens_revoked", "tokens": {"oauth": [BEA], "bot": []}})
    w.executor.wait_idle()
    assert removed_at(w.database_url, TEAM_B) is None
    assert bot_token_of(w, TEAM_B) == "xoxb-bravo"


def test_a_dead_token_in_b_leaves_as_reminders_alone(workspaces: Workspaces) -> None:
    w = workspaces
    w.b.fail_next("chat.postMessage", error="token_revoked")
    report = w.tick(THURSDAY_9_LA)
    assert (report.delivery.sent, report.stopped) == (1, 1)
    assert len(w.a.messages(JOE)) == 1 and w.b.messages(BEN) == []
    assert removed_at(w.database_url, TEAM_B) == THURSDAY_9_LA
    assert removed_at(w.database_url, TEAM_A) is None
