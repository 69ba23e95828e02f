"""Several workspaces: installed through Slack's OAuth flow, each kept to its own records.

Two linked emulators are two workspaces of one Slack (A and B, different team ids and bot
tokens); Backbone runs in OAuth mode against them over HTTP and installs itself in each the way
a person's browser would. Whatever B's people type or click, and whatever the scheduler does
for B, A's records are never read or changed, and A's people never hear from B.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.cli import main
from bot.ids import ActionId
from bot.sandbox.server import SlackEmulator
from bot.slack import blocks
from bot.slack.oauth import BOT_SCOPES
from storage.models import Status
from tests.conftest import FakeClock
from tests.support.harness import CASE, JOE, MARIA, Harness
from tests.support.workspaces import (
    BEA,
    BEN,
    BRAVO,
    TEAM_A,
    TEAM_B,
    Workspaces,
    browse,
    running_workspaces,
)

THURSDAY_9_LA = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)  # also past 9:00 in Denver
NOT_INSTALLED = (
    "Backbone isn't installed in this workspace (or was removed), so it can't help here yet. "
    "Ask a workspace admin to install it."
)


@pytest.fixture
def workspaces(database_url: str, clock: FakeClock) -> Iterator[Workspaces]:
    with running_workspaces(database_url, clock) as running:
        yield running


@pytest.fixture
def both(workspaces: Workspaces) -> Workspaces:
    """A and B installed; A has A-1 and A-2 (Joe's), B has its own A-1 (Ben's)."""
    w = workspaces
    assert w.install(w.a, user=MARIA).status == 200
    assert w.install(w.b, user=BEA).status == 200
    w.command(w.a, "Call the shelter <@UJOE> by Friday", user=MARIA, channel=CASE)
    w.command(w.a, "Book the room for the case conference <@UJOE>", user=MARIA, channel=CASE)
    w.command(w.b, "Order the vans <@UBEN> by Friday", user=BEA, channel=BRAVO)
    for emulator in (w.a, w.b):
        emulator.clear_calls()
    return w


def said(emulator: SlackEmulator) -> str:
    """The text of the app's latest private answer in a workspace."""
    return str(emulator.responses()[-1]["body"]["text"])


def exported(
    w: Workspaces, team: str, capsys: pytest.CaptureFixture[str]
) -> dict[str, list[dict[str, Any]]]:
    """What `backbone export --team` prints for a workspace."""
    assert main(["export", "--team", team], env={"DATABASE_URL": w.database_url}) == 0
    records: dict[str, list[dict[str, Any]]] = json.loads(capsys.readouterr().out)
    return records


def test_installing_goes_through_slack_and_keeps_each_workspaces_token(
    workspaces: Workspaces,
) -> None:
    w = workspaces
    page, authorize = w.start_install()
    assert page.status == 200 and "Add to Slack" in page.body
    assert page.headers["Set-Cookie"].startswith("slack-app-oauth-state=")
    assert f"client_id={w.settings.client_id}" in authorize
    assert f"scope={','.join(BOT_SCOPES)}&" in authorize
    back = w.b.approve_install(authorize, user=BEA)
    done = browse(back, cookie=page.headers["Set-Cookie"].split(";")[0])
    assert (done.status, "<h2>Thank you!</h2>" in done.body) == (200, True)
    # The code was traded once, with the app's own credentials, which are never recorded.
    assert w.b.calls("oauth.v2.access") == [{"code": back.split("code=")[1].split("&")[0]}]
    assert w.b.calls("auth.test") == [{}]
    assert w.a.calls("oauth.v2.access") == []
    w.install(w.a, user=MARIA)
    w.command(w.b, "Order the vans", user=BEA, channel=BRAVO)
    w.command(w.a, "Call the shelter", user=MARIA, channel=CASE)
    # Each workspace's post went out with its own token: the emulator answers each token only
    # as its own workspace, and B's channel does not exist in A.
    assert [m.text for m in w.b.messages(BRAVO)] == ["📌 A-1 Order the vans — <@UBEA>"]
    assert [m.text for m in w.a.messages(CASE)] == ["📌 A-1 Call the shelter — <@UMARIA>"]


def test_an_install_that_does_not_come_back_whole_stores_nothing(workspaces: Workspaces) -> None:
    w = workspaces
    page, authorize = w.start_install()
    back = w.b.approve_install(authorize, user=BEA)
    no_cookie = browse(back)  # another browser than the one that started: refused
    assert no_cookie.status == 400 and "Something Went Wrong" in no_cookie.body
    cookie = page.headers["Set-Cookie"].split(";")[0]
    cancelled = browse(w.b.deny_install(authorize), cookie=cookie)
    assert cancelled.status == 200 and "access_denied" in cancelled.body
    assert w.b.calls("oauth.v2.access") == []
    first = browse(back, cookie=cookie)
    again = browse(back, cookie=cookie)  # the state is used up: a replay is refused
    assert (first.status, again.status) == (200, 401)
    assert "invalid_state" in again.body
    assert len(w.b.calls("oauth.v2.access")) == 1


def test_a_workspace_without_an_install_is_told_plainly(workspaces: Workspaces) -> None:
    w = workspaces
    answer = w.command(w.b, "Order the vans", user=BEA, channel=BRAVO)
    assert answer.status == 200
    assert said(w.b) == NOT_INSTALLED
    assert [c["method"] for c in w.b.calls()] == []  # nothing done in B, no token to do it with
    note = w.b.post_message(user=BEA, channel=BRAVO, text="ACTION: order the vans", send=False)
    event = {
        "type": "reaction_added",
        "user": BEA,
        "reaction": "pushpin",
        "item_user": BEA,
        "item": {"type": "message", "channel": BRAVO, "ts": note.ts},
        "event_ts": note.ts,
    }
    answer = w.b.send_event(event)
    assert (answer.status, answer.body) == (200, NOT_INSTALLED)  # Bolt's answer, not a 5xx
    assert [c["method"] for c in w.b.calls()] == []


def test_a_command_from_b_never_reaches_as_items(
    both: Workspaces, capsys: pytest.CaptureFixture[str]
) -> None:
    w = both
    w.command(w.b, "done A-2", user=BEA, channel=BRAVO)
    assert said(w.b) == (
        "I couldn't find A-2 in this workspace. Try /action list to see your items and their codes."
    )
    w.command(w.b, "list channel", user=BEA, channel=BRAVO)
    listed = json.dumps(w.b.responses()[-1]["body"])
    assert "Order the vans" in listed
    assert "shelter" not in listed and "case conference" not in listed
    w.command(w.b, "list", user=BEN, channel=BRAVO)
    assert "Order the vans" in json.dumps(w.b.responses()[-1]["body"])
    w.command(w.b, "drop A-1", user=BEA, channel=BRAVO)  # B's own A-1: A's stays open
    a_items = exported(w, TEAM_A, capsys)["actions"]
    assert [(i["code"], i["title"], i["status"]) for i in a_items] == [
        ("A-1", "Call the shelter", Status.OPEN),
        ("A-2", "Book the room for the case conference", Status.OPEN),
    ]
    b_items = exported(w, TEAM_B, capsys)["actions"]
    assert [(i["code"], i["title"], i["status"]) for i in b_items] == [
        ("A-1", "Order the vans", Status.DROPPED)
    ]
    assert w.a.calls() == []  # nothing B did touched A's Slack either


def test_a_forged_click_from_b_carrying_as_number_is_refused(
    both: Workspaces, capsys: pytest.CaptureFixture[str]
) -> None:
    w = both
    # A message in B with a Done button whose value is the number of A's A-2 (B has no A-2).
    bot_b = WebClient(token=w.b.bot_token, base_url=w.b.api_url)
    forged = blocks.notice("Done?")
    forged["blocks"].append(
        {"type": "actions", "elements": [blocks.button("Done", ActionId.ITEM_DONE, "2")]}
    )
    posted = bot_b.chat_postMessage(channel=BRAVO, **forged)
    message = next(m for m in w.b.messages(BRAVO) if m.ts == posted["ts"])
    assert w.b.click(message, ActionId.ITEM_DONE, user=BEA).status == 200
    w.executor.wait_idle()
    assert said(w.b).startswith("I couldn't find A-2 in this workspace.")
    assert [i["status"] for i in exported(w, TEAM_A, capsys)["actions"]] == [Status.OPEN] * 2
    assert w.a.calls() == []


def test_each_workspaces_reminders_go_out_with_its_own_token(both: Workspaces) -> None:
    w = both
    report = w.tick(THURSDAY_9_LA)
    assert report.delivery.sent == 2  # A's A-1 to Joe, B's A-1 to Ben (A-2 has no due date)
    assert [m.text for m in w.a.messages(JOE)] == [
        "⏰ A-1 Call the shelter — Due tomorrow (Fri Nov 27)."
    ]
    assert [m.text for m in w.b.messages(BEN)] == [
        "⏰ A-1 Order the vans — Due tomorrow (Fri Nov 27)."
    ]
    # B's tick DMs nobody of A's, and A's nobody of B's.
    assert {c["channel"] for c in w.b.calls("chat.postMessage")} == {BEN}
    assert {c["channel"] for c in w.a.calls("chat.postMessage")} == {JOE}


def test_the_install_pages_answer_get_only_and_only_with_oauth(
    workspaces: Workspaces, backbone: Harness
) -> None:
    install = f"{workspaces.base}/slack/install"
    posted = urllib.request.Request(install, data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(posted, timeout=5)
    assert refused.value.code == 405
    single = f"http://127.0.0.1:{backbone.server.port}"
    assert browse(f"{single}/slack/install").status == 404  # one token: nothing to install
    assert browse(f"{single}/slack/oauth_redirect?code=x&state=y").status == 404


def test_the_client_secret_and_tokens_never_reach_logs_or_pages(
    workspaces: Workspaces, caplog: pytest.LogCaptureFixture
) -> None:
    # INFO, as `backbone` logs. (slack_sdk's own DEBUG lines print whole answers, the new bot
    # token of oauth.v2.access included: never run it at DEBUG in production.)
    caplog.set_level(logging.INFO)
    w = workspaces
    pages = [w.start_install()[0], w.install(w.a, user=MARIA), w.install(w.b, user=BEA)]
    w.command(w.b, "Order the vans <@UBEN> by Friday", user=BEA, channel=BRAVO)
    w.b.fail_next("chat.postMessage", error="token_revoked")
    w.tick(THURSDAY_9_LA)
    shown = " ".join(p.body + str(p.headers) for p in pages) + str(w.b.responses())
    recorded = str(w.a.calls()) + str(w.b.calls())
    client_secret = w.settings.client_secret
    assert client_secret
    for secret in (client_secret, w.a.bot_token, w.b.bot_token):
        assert secret not in caplog.text
        assert secret not in shown
    assert client_secret not in recorded
