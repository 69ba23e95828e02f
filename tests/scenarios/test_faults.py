"""Slack failing on every Web API method Backbone calls: each path still ends kindly.

Each row is a method and the path a person (or `backbone tick`) takes through it; each runs
under every fault: a 429 with Retry-After, a 500, a 503, a dropped connection (each once, which
the client's retry handlers absorb), a timeout (Slack did the work but answered after the
client gave up, which is never retried), and 503s until the retries give up. Whatever happens:
every request is acknowledged with a 200, nobody sees a traceback, nothing is lost, and no
record is made twice. When the retries got through, the path ends exactly as without a fault
and nothing is logged as an error. Otherwise the person is told plainly what happened, or the
work is retried on a later tick.

The app's client here gives up after QUICK seconds and retries without backing off, so the
suite stays fast; production waits SLACK_TIMEOUT_SECONDS and backs off.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from types import SimpleNamespace
from typing import Any

import pytest
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from bot.ids import ActionId, BlockId, Command, SnoozeChoice
from bot.services.digest_plans import schedule_of
from bot.slack.app import make_client
from storage import decisions, polls
from storage.models import Status
from tests.conftest import FakeClock
from tests.scenarios.test_digests import MONDAY_9_NY, digests_posted, ledger_of, ny, typed
from tests.support.forms import home_of, modal_of, open_home, submit
from tests.support.harness import CASE, JOE, MARIA, TEAM, Harness, running_backbone
from tests.support.polls import react, start, thread_of
from tests.support.records import all_items, read

QUICK = 0.5  # seconds the app's client waits for an answer in these tests
OURS = {"backbone", "bot", "handlers", "scheduler", "storage"}  # loggers (slack_sdk logs its own)
APOLOGY = "Sorry, something went wrong on my side"
THURSDAY_9_LA = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)
FRIDAY_5PM_NY = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)
NEXT_WEEK = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # a week after the harness's clock
ITEM = "Call the shelter <@UJOE> by Friday"
QUESTION = '"Which evening works for the advisory group?" "Tuesday 5pm" "Thursday 6pm"'


@dataclass(frozen=True)
class Fault:
    """How Slack fails, and whether the client's own retries get through it."""

    name: str
    options: dict[str, Any]
    absorbed: bool


FAULTS = [
    Fault("429", {"status": 429, "retry_after": 0}, absorbed=True),
    Fault("500", {"status": 500}, absorbed=True),
    Fault("503", {"status": 503}, absorbed=True),
    Fault("reset", {"reset": True}, absorbed=True),
    Fault("timeout", {"status": 200, "delay": QUICK * 4}, absorbed=False),
    Fault("503 past the retries", {"status": 503, "times": 3}, absorbed=False),
]


@dataclass(frozen=True)
class Row:
    """A Web API method, the path it sits on, and how that path must end."""

    method: str
    path: str
    act: Callable[[Harness], list[int]]  # the HTTP statuses of what people sent
    check: Callable[[Harness, Fault], None]
    setup: Callable[[Harness], None] = lambda _: None
    may_apologise: bool = False  # nothing was saved yet: "try again" is the kind answer


@pytest.fixture
def impatient(
    database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Harness]:
    """Backbone whose Slack client gives up after QUICK seconds and retries at once."""
    # slack_sdk waits Retry-After plus up to a second of jitter; Retry-After is 0 here.
    monkeypatch.setattr(builtin_handlers, "random", SimpleNamespace(random=lambda: 0.01))
    backoff = FixedValueRetryIntervalCalculator(0.01)
    slack = partial(make_client, timeout=QUICK, backoff=backoff)
    with running_backbone(database_url, clock, slack=slack) as harness:
        yield harness


# --- what people and ticks do -------------------------------------------------------------------


def command(
    text: str, *, user: str = MARIA, name: str = Command.ACTION
) -> Callable[[Harness], list[int]]:
    def act(b: Harness) -> list[int]:
        return [b.command(text, user=user, command=name).status]

    return act


def tick(at: datetime) -> Callable[[Harness], list[int]]:
    def act(b: Harness) -> list[int]:
        b.tick(at)
        return []

    return act


def pin(where: Callable[[Harness], tuple[str, str]]) -> Callable[[Harness], list[int]]:
    def act(b: Harness) -> list[int]:
        channel, ts = where(b)
        answer = b.emulator.react(user=JOE, channel=channel, ts=ts, name="pushpin")
        assert answer is not None
        return [answer.status]

    return act


# --- what the world looks like afterwards -------------------------------------------------------


def posts(b: Harness, prefix: str, channel: str = CASE) -> list[str]:
    """Top-level posts in a channel starting with `prefix`."""
    return [m.text for m in b.emulator.messages(channel) if m.text.startswith(prefix)]


def said(b: Harness) -> str:
    """Everything people read privately: answers to commands and clicks, ephemerals, DMs."""
    shown = [json.dumps(r["body"], ensure_ascii=False) for r in b.emulator.responses()]
    shown += [e.text for e in b.emulator.ephemerals()]
    return "\n".join(shown)


def everything_shown(b: Harness) -> str:
    """Every word Backbone put in front of anyone."""
    with b.emulator.state.lock:
        messages = [m.text for m in b.emulator.state.messages]
        views = [json.dumps(v.view, ensure_ascii=False) for v in b.emulator.state.views.values()]
    return "\n".join([said(b), *messages, *views])


def one_item(b: Harness, status: str = Status.OPEN) -> None:
    items = all_items(b)
    assert [(i.code, i.status) for i in items] == [("A-1", status)]


# --- checks per row -----------------------------------------------------------------------------


def check_new_person(b: Harness, fault: Fault) -> None:
    if fault.absorbed:
        one_item(b)
        assert len(posts(b, "📌 A-1")) == 1
    else:  # before anything is saved: "try again" is safe
        assert all_items(b) == [] and posts(b, "📌") == []
        assert APOLOGY in said(b)


def check_announcement(b: Harness, fault: Fault) -> None:
    one_item(b)
    posted = posts(b, "📌 A-1")
    if fault.absorbed:
        assert len(posted) == 1 and b.item(1).announce_ts == b.emulator.messages(CASE)[-1].ts
        return
    # Slack may have posted it (a timeout) or not (an outage): never twice, and they are told.
    assert len(posted) <= 1
    assert "I saved A-1, but Slack didn't let me post it here just now." in said(b)


def check_permalink(b: Harness, fault: Fault) -> None:
    one_item(b)
    assert len(posts(b, "📌 A-1")) == 1
    item = b.item(1)
    assert item.announce_ts == b.emulator.messages(CASE)[-1].ts
    assert (item.source_url is not None) == fault.absorbed


def check_home(b: Harness, fault: Fault) -> None:
    one_item(b)
    assert len(posts(b, "📌 A-1")) == 1
    if fault.absorbed:
        assert "*A-1* Call the shelter" in json.dumps(home_of(b, JOE).view, ensure_ascii=False)


def check_done(b: Harness, fault: Fault) -> None:
    one_item(b, Status.DONE)
    assert "✅ A-1 is done. Thank you!" in said(b)
    if fault.absorbed:
        assert b.emulator.messages(CASE)[-1].text.startswith("✅ A-1 Call the shelter")


def check_creator_told(b: Harness, fault: Fault) -> None:
    one_item(b, Status.DONE)
    assert "✅ A-1 is done. Thank you!" in said(b)
    told = [t for t in b.dms(MARIA) if t.startswith("✅ You asked for *A-1*")]
    assert len(told) == (1 if fault.absorbed else len(told)) and len(told) <= 1


def check_edit_form(b: Harness, fault: Fault) -> None:
    one_item(b)
    modals = [v for v in b.emulator.views(MARIA) if v.kind == "modal"]
    if fault.absorbed:
        assert [m.view["title"]["text"] for m in modals] == ["Edit A-1"]
    else:
        assert modals or APOLOGY in said(b)


def check_digest_on(b: Harness, fault: Fault) -> None:
    weekly = read(b, lambda s: schedule_of(s, team_id=TEAM, channel_id=CASE))
    if fault.absorbed:
        assert weekly is not None
    else:
        assert weekly is None and APOLOGY in said(b)


def check_pinned(b: Harness, fault: Fault) -> None:
    if fault.absorbed:
        one_item(b)
        assert b.item(1).creator_id == JOE
    else:
        assert all_items(b) == []
        assert "I couldn't read that message" in said(b) + "\n".join(b.dms(JOE))


def check_pin_refused(b: Harness, fault: Fault) -> None:
    assert all_items(b) == []
    heard = [e.text for e in b.emulator.ephemerals(JOE)] + b.dms(JOE)
    assert len(heard) == 1 and heard[0].startswith("I couldn't make that message an action item")


def check_poll_posted(b: Harness, fault: Fault) -> None:
    assert len(read(b, lambda s: polls.all_polls(s, team_id=TEAM))) == 1
    assert len(posts(b, "📊 P-1")) == 1
    assert "📊 P-1 is up." in said(b)
    reactions = set(b.emulator.messages(CASE)[-1].reactions)
    # Past the retries the first is missing (people can add it); a late answer still added it.
    assert reactions == ({"two"} if fault.name == "503 past the retries" else {"one", "two"})


def check_poll_post(b: Harness, fault: Fault) -> None:
    found = read(b, lambda s: polls.all_polls(s, team_id=TEAM))
    if fault.absorbed:
        assert [p.code for p in found] == ["P-1"] and len(posts(b, "📊 P-1")) == 1
        return
    # Nothing is kept of a poll Slack did not confirm; a copy it did post counts no votes.
    assert found == [] and len(posts(b, "📊 P-1")) <= 1
    assert "I couldn't post your poll, so nothing was saved." in said(b)


def check_poll_closed(b: Harness, fault: Fault) -> None:
    poll = read(b, lambda s: polls.get_poll(s, team_id=TEAM, number=1))
    assert poll is not None and poll.results == {"counts": [1, 0], "voters": 1}
    message = b.emulator.messages(CASE)[-1]
    assert len(thread_of(b, message)) == 1  # the results, once
    if fault.absorbed:
        assert message.text.startswith("📊 P-1") and "closed" in message.text.lower()


def check_decision(b: Harness, fault: Fault) -> None:
    found = read(b, lambda s: decisions.all_decisions(s, team_id=TEAM))
    assert [d.code for d in found] == ["D-1"]
    posted = posts(b, "🧭 Decision D-1")
    if fault.absorbed:
        assert len(posted) == 1
    else:
        assert len(posted) <= 1
        assert "I saved D-1, but Slack didn't let me post it here just now." in said(b)


def check_capture(b: Harness, fault: Fault) -> None:
    one_item(b)
    notes = b.emulator.messages(CASE)[-1]
    replies = b.emulator.messages(CASE, thread_ts=notes.ts)
    assert len(replies) == (1 if fault.absorbed else len(replies)) and len(replies) <= 1


def check_reminder(b: Harness, fault: Fault) -> None:
    reminders = [t for t in b.dms(JOE) if t.startswith("⏰ A-1")]
    if fault.absorbed:
        assert len(reminders) == 1
        return
    before = len(reminders)
    b.tick(THURSDAY_9_LA + timedelta(minutes=5))  # a later tick tries again
    reminders = [t for t in b.dms(JOE) if t.startswith("⏰ A-1")]
    # Slack took the timed-out one: the retry is the one duplicate docs/security.md describes.
    assert len(reminders) == before + 1 == (2 if fault.name == "timeout" else 1)


def check_need_help(b: Harness, fault: Fault) -> None:
    item = b.item(1)
    asked = b.emulator.messages(CASE, thread_ts=item.announce_ts)
    if fault.absorbed:
        assert len(asked) == 1 and item.help_requested_at is not None
    else:
        assert len(asked) <= 1 and item.help_requested_at is None
        assert "I couldn't post in <#CCASE>" in said(b)


def check_weekly_copy(b: Harness, fault: Fault) -> None:
    if not fault.absorbed:  # Slack's trouble does not end the series: a later tick posts it
        assert read(b, lambda s: polls.get_poll(s, team_id=TEAM, number=2)) is None
        b.tick(NEXT_WEEK + timedelta(minutes=1))
    copies = [p for p in read(b, lambda s: polls.all_polls(s, team_id=TEAM)) if p.number > 1]
    assert len(copies) == 1 and copies[0].message_ts is not None
    assert copies[0].repeat_at is not None  # and the week after comes too
    assert not any("won't be posted again" in t for t in b.dms(MARIA))


def check_snoozed(b: Harness, fault: Fault) -> None:
    assert b.item(1).snoozed_until == datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    confirmed = [t for t in b.dms(JOE) if t.startswith("😴 Reminders about A-1")]
    assert len(confirmed) == (1 if fault.absorbed else len(confirmed)) and len(confirmed) <= 1


def check_digest(b: Harness, fault: Fault) -> None:
    assert len(digests_posted(b)) == 1
    assert ledger_of(b) == [("2026-W49", "sent")]
    files = [f for f in b.emulator.files() if f.completed]
    # A late answer may hide an upload Slack finished: at most one picture, never the digest twice.
    assert len(files) == (1 if fault.absorbed else len(files)) and len(files) <= 1


def check_digest_post(b: Harness, fault: Fault) -> None:
    if not fault.absorbed:
        assert ledger_of(b) == [("2026-W49", "failed")]
        b.tick(MONDAY_9_NY + timedelta(minutes=10))  # a later tick tries again
    assert ledger_of(b) == [("2026-W49", "sent")]
    # Slack took the timed-out one: the retry is the one duplicate docs/security.md describes.
    assert len(digests_posted(b)) == (2 if fault.name == "timeout" else 1)


# --- the worlds rows start from -----------------------------------------------------------------


def an_item(b: Harness) -> None:
    b.command(ITEM)


def joe_has_home(b: Harness) -> None:
    open_home(b, JOE)


def emoji_poll(b: Harness) -> None:
    start(b, QUESTION)
    react(b, b.emulator.messages(CASE)[-1], JOE, "one")


def poll_closing_friday(b: Harness) -> None:
    start(b, QUESTION + " closes Friday 5pm")
    react(b, b.emulator.messages(CASE)[-1], JOE, "one")


def plain_message(b: Harness) -> None:
    b.emulator.post_message(user=MARIA, channel=CASE, text=ITEM)
    b.settle()


def thread_reply(b: Harness) -> None:
    root = b.emulator.post_message(user=MARIA, channel=CASE, text="Shelter beds this week")
    b.emulator.post_message(user=MARIA, channel=CASE, text=ITEM, thread_ts=root.ts)
    b.settle()


def a_past_message(b: Harness) -> None:
    b.emulator.post_message(user=MARIA, channel=CASE, text="Call the shelter by 2020-01-05")
    b.settle()


def last_message(b: Harness) -> tuple[str, str]:
    with b.emulator.state.lock:
        message = b.emulator.state.messages[-1]
        return message.channel, message.ts


def reminded(b: Harness) -> None:
    an_item(b)
    b.tick(THURSDAY_9_LA)


def click_need_help(b: Harness) -> list[int]:
    reminder = b.emulator.messages(JOE)[-1]
    return [b.emulator.click(reminder, ActionId.ITEM_NEED_HELP, user=JOE).status]


def meeting_notes(b: Harness) -> list[int]:
    b.emulator.post_message(user=MARIA, channel=CASE, text=f"ACTION: {ITEM}")
    return []


def weekly_anonymous_poll(b: Harness) -> None:
    start(b, QUESTION + " anonymous repeat weekly")
    b.command("close P-1", command=Command.POLL)  # its results are out: the tick only posts


def picking_a_date(b: Harness) -> None:
    reminded(b)
    pick = f"1:{SnoozeChoice.PICK}"
    b.emulator.click(b.emulator.messages(JOE)[-1], ActionId.ITEM_SNOOZE, user=JOE,
                     selected_option_value=pick)  # fmt: skip


def submit_snooze_date(b: Harness) -> list[int]:
    (modal,) = [v for v in b.emulator.views(JOE) if v.kind == "modal"]
    picked: dict[str, dict[str, Any]] = {
        BlockId.SNOOZE_DATE: {ActionId.SNOOZE_DATE_PICKED: "2026-12-03"}
    }
    return [b.emulator.submit_view(modal.id, picked, user=JOE).status]


def adding_from_home(b: Harness) -> None:
    b.emulator.click_view(open_home(b, MARIA), ActionId.HOME_ADD_ITEM, user=MARIA)


def save_the_new_item(b: Harness) -> list[int]:
    answer = submit(b, modal_of(b, MARIA), user=MARIA, title="Order blankets", channel=CASE)
    return [answer.status]


def check_added(b: Harness, fault: Fault) -> None:
    if fault.absorbed:
        one_item(b)
        return
    assert all_items(b) == []  # nothing saved: the form says sorry and can be sent again
    (form,) = [v for v in b.emulator.views(MARIA) if v.kind == "modal"]
    assert APOLOGY in json.dumps(form.view, ensure_ascii=False)


def a_week_of_history(b: Harness) -> None:
    typed(b, ny(11, 17, 10), ITEM)
    typed(b, ny(11, 24, 10), "on", command="/digest")


def digest_without_picture(b: Harness) -> None:
    typed(b, ny(11, 24, 10), "on", command="/digest")


ROWS = [
    Row("users.info", "/action from someone new", command(ITEM), check_new_person,
        may_apologise=True),
    Row("chat.postMessage", "/action's post", command(ITEM), check_announcement),
    Row("chat.getPermalink", "/action's post link", command(ITEM), check_permalink),
    Row("views.publish", "Home tabs after /action", command(ITEM), check_home, joe_has_home),
    Row("chat.update", "/action done's update of the post", command("done A-1", user=JOE),
        check_done, an_item),
    Row("chat.postMessage", "/action done's note to the creator", command("done A-1", user=JOE),
        check_creator_told, an_item),
    Row("conversations.info", "Home's Add action item form", save_the_new_item, check_added,
        adding_from_home, may_apologise=True),
    Row("views.open", "/action edit's form", command("edit A-1"), check_edit_form, an_item,
        may_apologise=True),
    Row("conversations.info", "/digest on", command("on Monday 9am", name=Command.DIGEST),
        check_digest_on, may_apologise=True),
    Row("conversations.history", ":pushpin: on a message", pin(last_message), check_pinned,
        plain_message),
    Row("conversations.replies", ":pushpin: on a thread reply", pin(last_message), check_pinned,
        thread_reply),
    Row("chat.postEphemeral", ":pushpin: on words that are no item", pin(last_message),
        check_pin_refused, a_past_message),
    Row("chat.postMessage", "/poll's post", command(QUESTION, name=Command.POLL), check_poll_post),
    Row("reactions.add", "/poll's number reactions", command(QUESTION, name=Command.POLL),
        check_poll_posted),
    Row("reactions.get", "/poll close", command("close P-1", name=Command.POLL),
        check_poll_closed, emoji_poll),
    Row("chat.update", "/poll close's update of the poll", command("close P-1", name=Command.POLL),
        check_poll_closed, emoji_poll),
    Row("auth.test", "a tick closing a poll on time", tick(FRIDAY_5PM_NY), check_poll_closed,
        poll_closing_friday),
    Row("chat.postMessage", "/decision's post", command("We meet on Tuesdays",
        name=Command.DECISION), check_decision),
    Row("chat.postMessage", "meeting notes' thread reply", meeting_notes, check_capture),
    Row("chat.postMessage", "a tick's reminder DM", tick(THURSDAY_9_LA), check_reminder, an_item),
    Row("chat.postMessage", "a reminder's Need help", click_need_help, check_need_help, reminded),
    Row("chat.postMessage", "a tick's weekly poll copy", tick(NEXT_WEEK), check_weekly_copy,
        weekly_anonymous_poll),
    Row("chat.postMessage", "snooze to a picked date's confirmation", submit_snooze_date,
        check_snoozed, picking_a_date),
    Row("chat.postMessage", "a tick's weekly digest", tick(MONDAY_9_NY), check_digest_post,
        digest_without_picture),
    Row("files.getUploadURLExternal", "the digest's picture", tick(MONDAY_9_NY), check_digest,
        a_week_of_history),
    Row("files.completeUploadExternal", "the digest's picture", tick(MONDAY_9_NY), check_digest,
        a_week_of_history),
]  # fmt: skip


CASES = [(row, fault) for row in ROWS for fault in FAULTS]


@pytest.mark.parametrize(
    ("row", "fault"), CASES, ids=[f"{row.method} | {row.path} | {f.name}" for row, f in CASES]
)
def test_a_slack_fault_ends_kindly(
    impatient: Harness, row: Row, fault: Fault, caplog: pytest.LogCaptureFixture
) -> None:
    b = impatient
    row.setup(b)
    b.settle()
    b.emulator.clear_calls()
    caplog.clear()
    b.emulator.fail_next(row.method, **fault.options)
    statuses = row.act(b)
    b.settle()
    assert b.emulator.failed_calls(row.method), f"{row.path} never called {row.method}"
    assert all(status == 200 for status in statuses)
    shown = everything_shown(b)
    assert "Traceback" not in shown
    errors = [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and r.name.split(".")[0] in OURS
    ]
    if fault.absorbed or not row.may_apologise:
        assert APOLOGY not in shown
        assert errors == []
    row.check(b, fault)
