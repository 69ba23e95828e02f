"""Slack Connect and Enterprise Grid payloads, as Slack sends them, through the real app.

The files in tests/payloads/grid_connect/ are shaped after Slack's documented examples: events
with `authorizations` and `is_ext_shared_channel`, Grid's `enterprise_id`, `context_team_id`
and `context_enterprise_id`, and a partner org's person with their own `team`/`user.team_id`.
Each is signed and posted to the running app; each gets a 200, and its effect lands in the
installing workspace (T0SANDBOX) only: no record, person or workspace row of the other org.
"""

from __future__ import annotations

import json
import string
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.sandbox.sender import AppResponse, deliver, interaction_body
from bot.services.replays import REPLAYS
from storage.db import make_engine, make_session_factory, transaction
from storage.models import (
    ActionItem,
    Decision,
    MessageCapture,
    Person,
    ProcessedEvent,
    Status,
    Workspace,
)
from tests.conftest import FakeClock
from tests.support.harness import CASE, JOE, MARIA, TEAM, Harness
from tests.support.records import all_decisions, all_items, read
from tests.support.workspaces import BEA, BEN, BRAVO, TEAM_A, TEAM_B, Workspaces, running_workspaces

PAYLOADS = Path(__file__).parent.parent / "payloads" / "grid_connect"
DANA = "UDANA"  # a case manager at a partner agency, in their own org (T0PARTNER1)
WPAT = "WPAT0GRID"  # a member of another workspace of the same Grid org
DENVER = ZoneInfo("America/Denver")


@pytest.fixture
def shared(backbone: Harness) -> Harness:
    """#case-conferencing is shared with a partner agency's org and has a Grid org member."""
    backbone.emulator.add_user(DANA, "dana", tz="America/Denver", real_name="Dana Cole")
    backbone.emulator.add_user(WPAT, "pat", tz="America/Chicago", real_name="Pat Grid")
    backbone.emulator.state.channels[CASE].members |= {DANA, WPAT}
    return backbone


def send(b: Harness, name: str, *, retry: int | None = None, **values: str) -> AppResponse:
    """Fill a stored payload's blanks, sign it as Slack does, post it and wait for the app."""
    raw = (PAYLOADS / name).read_text()
    now = time.time()
    filled = string.Template(raw).substitute(
        {"event_time": str(int(now)), "event_ts": f"{now:.6f}", **values}
    )
    payload = json.loads(filled)
    assert b.emulator.request_url is not None
    if payload["type"] == "event_callback":
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        body, kind = json.dumps(payload), "application/json"
    else:
        headers, body, kind = {}, interaction_body(payload), "application/x-www-form-urlencoded"
    answer = deliver(
        b.emulator.request_url,
        b.emulator.signing_secret,
        body,
        content_type=kind,
        extra_headers=headers if retry is not None else {},
    )
    b.settle()
    return answer


def teams_on_disk(b: Harness) -> set[str]:
    """Every workspace any row is filed under, event claims (the dedupe) and captures included.

    Claims against replayed requests are filed under no workspace (REPLAYS), before any is known.
    """
    tables = (Workspace, Person, ActionItem, Decision, ProcessedEvent, MessageCapture)
    found = read(b, lambda s: {t for table in tables for t in s.scalars(select(table.team_id))})
    return found - {REPLAYS}


def people(b: Harness) -> list[tuple[str, str, bool]]:
    rows = read(b, lambda s: list(s.scalars(select(Person).order_by(Person.user_id))))
    return [(p.team_id, p.user_id, p.deactivated) for p in rows]


def items(b: Harness) -> list[tuple[str, int, str, list[str], str, str]]:
    return [
        (i.team_id, i.number, i.title, i.owner_ids, i.creator_id, i.status) for i in all_items(b)
    ]


def clicked(b: Harness, name: str, user: str) -> AppResponse:
    """Click ✅ Done on A-1's channel post, as `user`, with the payload `name`."""
    post = b.emulator.messages(CASE)[0]
    return send(
        b,
        name,
        ts=post.ts,
        text=post.text,
        trigger_id=b.emulator.new_trigger_id(user),
        response_url=b.emulator.new_response_url(channel=CASE, user=user),
    )


def test_a_partner_orgs_meeting_note_is_filed_under_the_installing_workspace(
    shared: Harness,
) -> None:
    b = shared
    words = "ACTION: <@UJOE> send the landlord referral list by Friday"
    note = b.emulator.post_message(user=DANA, channel=CASE, text=words, send=False)
    first = send(b, "message_from_partner_org.json", ts=note.ts)
    again = send(b, "message_from_partner_org.json", retry=1, ts=note.ts)  # Slack's retry
    assert (first.status, again.status) == (200, 200)
    assert items(b) == [(TEAM, 1, "send the landlord referral list", [JOE], DANA, Status.OPEN)]
    assert teams_on_disk(b) == {TEAM}
    replies = b.emulator.messages(CASE, thread_ts=note.ts)
    assert [r.text.splitlines()[0] for r in replies] == [
        "📝 Saved from this message: 1 action item."
    ]


def test_a_partner_orgs_pushpin_makes_one_item_of_ours(shared: Harness) -> None:
    b = shared
    words = "Confirm the shelter beds <@UJOE> by Friday"
    asked = b.emulator.post_message(user=MARIA, channel=CASE, text=words, send=False)
    assert send(b, "reaction_added_by_partner.json", ts=asked.ts).status == 200
    assert items(b) == [(TEAM, 1, "Confirm the shelter beds", [JOE], DANA, Status.OPEN)]
    assert teams_on_disk(b) == {TEAM}
    reply = b.emulator.messages(CASE, thread_ts=asked.ts)
    assert [r.text.splitlines()[0] for r in reply] == [
        f"📌 <@{DANA}> made this message an action item:"
    ]


def test_a_partner_orgs_click_closes_our_item(shared: Harness) -> None:
    b = shared
    b.command(f"<@{DANA}> send the referral list by Friday")
    assert clicked(b, "block_actions_by_partner.json", DANA).status == 200
    assert items(b) == [(TEAM, 1, "send the referral list", [DANA], MARIA, Status.DONE)]
    assert b.emulator.messages(CASE)[0].text == (
        f"✅ A-1 send the referral list — done by <@{DANA}>"
    )
    assert teams_on_disk(b) == {TEAM}


def test_a_partner_orgs_form_saves_on_our_item(shared: Harness) -> None:
    b = shared
    b.command(f"<@{DANA}> send the referral list by Friday")
    answer = send(b, "view_submission_by_partner.json", trigger_id="1.2.sandbox")
    assert (answer.status, answer.body) == (200, "")
    # Reminders rest until Dec 2 begins where Dana is: the day she picked, in her own zone.
    assert b.item(1).snoozed_until == datetime(2026, 12, 2, tzinfo=DENVER).astimezone(UTC)
    assert teams_on_disk(b) == {TEAM}


def test_a_user_change_of_another_org_changes_nothing_of_ours(shared: Harness) -> None:
    b = shared
    b.command(f"<@{DANA}> send the referral list by Friday")
    before = people(b)
    assert send(b, "user_change_of_partner.json").status == 200
    assert b.item(1).needs_owner is False
    assert (people(b), teams_on_disk(b)) == (before, {TEAM})


def test_a_grid_members_note_and_click_act_for_the_installing_workspace(shared: Harness) -> None:
    b = shared
    words = "DECISION: Intake moves to the county office on Mondays"
    note = b.emulator.post_message(user=WPAT, channel=CASE, text=words, send=False)
    assert send(b, "message_in_grid_workspace.json", ts=note.ts).status == 200
    decisions = [(d.team_id, d.code, d.text, d.recorder_id) for d in all_decisions(b)]
    assert decisions == [(TEAM, "D-1", "Intake moves to the county office on Mondays", WPAT)]
    b.command(f"<@{WPAT}> book the county room by Friday")
    post = next(m for m in b.emulator.messages(CASE) if m.text.startswith("📌 A-1"))
    answer = send(
        b,
        "block_actions_in_grid_workspace.json",
        ts=post.ts,
        text=post.text,
        trigger_id=b.emulator.new_trigger_id(WPAT),
        response_url=b.emulator.new_response_url(channel=CASE, user=WPAT),
    )
    assert answer.status == 200
    assert items(b) == [(TEAM, 1, "book the county room", [WPAT], MARIA, Status.DONE)]
    assert teams_on_disk(b) == {TEAM}


@pytest.fixture
def two_installs(database_url: str, clock: FakeClock) -> Iterator[Workspaces]:
    """A and B both installed; #case-conferencing in A is shared with Ben of B (Slack Connect).

    A has A-1 (Joe's); B has its own A-1 (Ben's).
    """
    with running_workspaces(database_url, clock) as w:
        w.install(w.a, user=MARIA)
        w.install(w.b, user=BEA)
        w.a.add_user(BEN, "ben", tz="America/Denver", real_name="Ben Ode")  # seen from A
        w.a.state.channels[CASE].members.add(BEN)
        w.command(w.a, "Call the shelter <@UJOE> by Friday", user=MARIA, channel=CASE)
        w.command(w.b, "Order the vans <@UBEN> by Friday", user=BEA, channel=BRAVO)
        for emulator in (w.a, w.b):
            emulator.clear_calls()
        yield w


def test_a_click_in_a_shared_channel_never_reaches_the_clickers_own_installation(
    two_installs: Workspaces,
) -> None:
    w = two_installs
    post = w.a.messages(CASE)[0]
    payload = json.loads(
        string.Template((PAYLOADS / "block_actions_by_partner.json").read_text()).substitute(
            ts=post.ts,
            text=post.text,
            event_ts=f"{time.time():.6f}",
            trigger_id=w.a.new_trigger_id(BEN),
            response_url=w.a.new_response_url(channel=CASE, user=BEN),
        )
    )
    payload["team"]["id"] = TEAM_A  # the channel's, and the app's installation, is A's
    payload["user"] = {"id": BEN, "username": "ben", "name": "ben", "team_id": TEAM_B}
    assert w.a.send_interaction(payload).status == 200
    w.executor.wait_idle()
    # Ben may not close Joe's item in A, and his own A-1 in B is not what he clicked.
    said = w.a.responses()[-1]["body"]["text"]
    assert said.startswith("Only the owners of A-1")
    statuses = [(item.team_id, item.number, item.status) for item in read_items(w.database_url)]
    assert statuses == [(TEAM_A, 1, Status.OPEN), (TEAM_B, 1, Status.OPEN)]
    assert w.b.calls() == []  # nothing was done in B


def read_items(database_url: str) -> list[ActionItem]:
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            query = select(ActionItem).order_by(ActionItem.team_id, ActionItem.number)
            found = list(session.scalars(query))
            session.expunge_all()
            return found
    finally:
        engine.dispose()
