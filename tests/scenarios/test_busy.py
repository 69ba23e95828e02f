"""A bounded work queue: full lanes say so and change nothing; forms open first; nothing is lost.

Each test gives the app a small queue and holds one of Slack's methods (`emulator.holding`),
so the app's threads wait inside those calls, as when Slack is slow, and the queue fills up.
Deliveries then return as soon as the app answers (no settling) and the test reads what the app
answered and what the emulator recorded, never how long anything took.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from bot.ids import ActionId, ItemField
from bot.messages.common import BUSY
from bot.work import Lane, WorkQueue
from storage.models import Status
from tests.conftest import FakeClock
from tests.support.forms import modal_of, open_home
from tests.support.harness import CASE, JOE, MARIA, Harness, running_backbone
from tests.support.records import all_items

SMALL = {Lane.TRIGGER: 1, Lane.PERSON: 1, Lane.BACKGROUND: 2}


def notes(n: int) -> str:
    return f"ACTION: <@{JOE}> call landlord {n} by Friday"


@contextmanager
def small_backbone(
    database_url: str, clock: FakeClock, *, threads: int, reserved: int
) -> Iterator[Harness]:
    work = WorkQueue(threads, reserved=reserved, limits=SMALL)
    with running_backbone(database_url, clock, work=work) as backbone:
        yield backbone


@contextmanager
def slack_stuck(backbone: Harness, *methods: str) -> Iterator[None]:
    """Hold `methods` in the emulator; deliveries return at the app's answer, not its end."""
    settle, backbone.emulator.settle = backbone.emulator.settle, None
    try:
        with backbone.emulator.holding(*methods):
            yield
    finally:
        backbone.emulator.settle = settle
    backbone.settle()


def methods(backbone: Harness, *names: str) -> list[str]:
    return [call["method"] for call in backbone.emulator.calls() if call["method"] in names]


def test_a_full_queue_answers_a_command_kindly_and_changes_nothing(
    database_url: str, clock: FakeClock
) -> None:
    with small_backbone(database_url, clock, threads=1, reserved=0) as backbone:
        emulator = backbone.emulator
        with slack_stuck(backbone, "users.info"):
            first = emulator.send_command("/action", "Call landlord 1", user=MARIA, channel=CASE)
            backbone.executor.wait_running(Lane.PERSON)  # the one thread is stuck in it
            second = emulator.send_command("/action", "Call landlord 2", user=MARIA, channel=CASE)
            third = emulator.send_command("/action", "Call landlord 3", user=MARIA, channel=CASE)
            refused = backbone.executor.counts().refused

        assert (first.status, first.body, second.status, second.body) == (200, "", 200, "")
        assert third.status == 200
        assert third.json is not None
        assert (third.json["text"], third.json["response_type"]) == (BUSY, "ephemeral")
        # Slack shows the ack to the person who typed the command, and to nobody else.
        [shown] = emulator.responses()[:1]
        assert (shown["user"], shown["body"]["text"]) == (MARIA, BUSY)
        assert refused == {Lane.PERSON: 1}
        # The two that were taken are done; the refused one left no trace.
        assert [i.title for i in all_items(backbone)] == ["Call landlord 1", "Call landlord 2"]
        posted = [c["text"] for c in emulator.calls("chat.postMessage")]
        assert len(posted) == 2
        assert not any("landlord 3" in text for text in posted)


def test_events_within_the_bound_are_all_queued_and_captured(
    database_url: str, clock: FakeClock
) -> None:
    with small_backbone(database_url, clock, threads=1, reserved=0) as backbone:
        emulator = backbone.emulator
        with slack_stuck(backbone, "chat.postMessage"):
            # One runs (stuck posting its reply) and the background lane holds two more.
            posts = [emulator.post_message(user=MARIA, channel=CASE, text=notes(1))]
            backbone.executor.wait_running(Lane.BACKGROUND)  # the one thread is stuck in it
            posts += [
                emulator.post_message(user=MARIA, channel=CASE, text=notes(n)) for n in (2, 3)
            ]
            assert emulator.calls("chat.postMessage") == []

        titles = sorted(i.title for i in all_items(backbone))
        assert titles == [f"call landlord {n}" for n in (1, 2, 3)]
        replies = sorted(c["thread_ts"] for c in emulator.calls("chat.postMessage"))
        assert replies == sorted(p.ts for p in posts)
        assert backbone.executor.counts().refused == {}


def test_an_event_past_the_bound_is_refused_so_slack_sends_it_again(
    database_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    with small_backbone(database_url, clock, threads=1, reserved=0) as backbone:
        emulator = backbone.emulator
        late = emulator.post_message(user=MARIA, channel=CASE, text=notes(4), send=False)
        event = {
            "type": "message", "user": MARIA, "text": notes(4), "ts": late.ts,
            "channel": CASE, "event_ts": late.ts, "channel_type": "channel",
        }  # fmt: skip
        with slack_stuck(backbone, "chat.postMessage"):
            for n in (1, 2, 3):
                emulator.post_message(user=MARIA, channel=CASE, text=notes(n))
                if n == 1:  # the background thread is stuck in the first
                    backbone.executor.wait_running(Lane.BACKGROUND)
            refused = emulator.send_event(event, event_id="EvLate")
        assert (refused.status, refused.body) == (503, "")
        assert backbone.executor.counts().refused == {Lane.BACKGROUND: 1}
        assert "too busy for event EvLate (message, delivery 1)" in caplog.text
        assert len(all_items(backbone)) == 3

        # Slack delivers it again (a minute later); now there is room, and it is captured.
        again = emulator.send_event(event, event_id="EvLate", retry_num=1)
        assert again.status == 200
        assert sorted(i.title for i in all_items(backbone)) == [
            f"call landlord {n}" for n in (1, 2, 3, 4)
        ]


def test_a_form_opens_while_the_queue_is_full_of_captured_notes(
    database_url: str, clock: FakeClock
) -> None:
    # Two threads, one kept from background work: the click never waits behind the notes.
    with small_backbone(database_url, clock, threads=2, reserved=1) as backbone:
        emulator = backbone.emulator
        home = open_home(backbone, MARIA)
        with slack_stuck(backbone, "chat.postMessage"):
            for n in (1, 2, 3):
                emulator.post_message(user=MARIA, channel=CASE, text=notes(n))
                if n == 1:  # the background thread is stuck in the first
                    backbone.executor.wait_running(Lane.BACKGROUND)
            emulator.click_view(home, ActionId.HOME_ADD_ITEM, user=MARIA)
            [opened] = emulator.wait_for("views.open")
            # The form is open while every captured note still waits on Slack.
            assert emulator.calls("chat.postMessage") == []
        assert opened["view"]["callback_id"] == "item_new"
        assert len(emulator.calls("chat.postMessage")) == 3


def test_a_form_goes_before_notes_that_were_queued_first(
    database_url: str, clock: FakeClock
) -> None:
    # One thread for everything: the click's form still runs before the notes waiting ahead.
    with small_backbone(database_url, clock, threads=1, reserved=0) as backbone:
        emulator = backbone.emulator
        home = open_home(backbone, MARIA)
        emulator.clear_calls()
        with slack_stuck(backbone, "chat.postMessage"):
            for n in (1, 2, 3):
                emulator.post_message(user=MARIA, channel=CASE, text=notes(n))
                if n == 1:  # the background thread is stuck in the first
                    backbone.executor.wait_running(Lane.BACKGROUND)
            emulator.click_view(home, ActionId.HOME_ADD_ITEM, user=MARIA)
        order = methods(backbone, "chat.postMessage", "views.open")
        assert order == ["chat.postMessage", "views.open", "chat.postMessage", "chat.postMessage"]


def test_a_form_saved_while_the_queue_is_full_stays_open_and_saves_nothing(
    database_url: str, clock: FakeClock
) -> None:
    with small_backbone(database_url, clock, threads=1, reserved=0) as backbone:
        emulator = backbone.emulator
        emulator.click_view(open_home(backbone, MARIA), ActionId.HOME_ADD_ITEM, user=MARIA)
        form = modal_of(backbone, MARIA)
        typed: dict[str, dict[str, Any]] = {
            ItemField.TITLE: {ItemField.TITLE: "Book the room"},
            ItemField.OWNERS: {ItemField.OWNERS: [MARIA]},
            ItemField.CHANNEL: {ItemField.CHANNEL: CASE},
        }
        with slack_stuck(backbone, "chat.postMessage"):
            for n in (1, 2):  # one runs (stuck posting), one waits: the lane is full
                emulator.send_command("/action", f"Call landlord {n}", user=MARIA, channel=CASE)
                if n == 1:
                    backbone.executor.wait_running(Lane.PERSON)
            answer = emulator.submit_view(form.id, typed, user=MARIA)

        first_field = next(b["block_id"] for b in form.view["blocks"] if b["type"] == "input")
        assert answer.json == {"response_action": "errors", "errors": {first_field: BUSY}}
        assert modal_of(backbone, MARIA).closed is False  # as typed, to save again in a minute
        assert [i.title for i in all_items(backbone)] == ["Call landlord 1", "Call landlord 2"]


def test_a_click_while_the_queue_is_full_is_told_privately_and_changes_nothing(
    database_url: str, clock: FakeClock
) -> None:
    with small_backbone(database_url, clock, threads=1, reserved=0) as backbone:
        emulator = backbone.emulator
        backbone.command(f"Call the shelter <@{JOE}> by Friday")
        post = emulator.messages(CASE)[-1]
        emulator.clear_calls()
        with slack_stuck(backbone, "chat.postMessage"):
            for n in (1, 2):  # one runs (stuck posting), one waits: the lane is full
                emulator.send_command("/action", f"Call landlord {n}", user=MARIA, channel=CASE)
                if n == 1:
                    backbone.executor.wait_running(Lane.PERSON)
            clicked = emulator.click(post, ActionId.ITEM_DONE, user=JOE)

        assert (clicked.status, clicked.body) == (200, "")
        told = [r["body"] for r in emulator.responses() if r["user"] == JOE]
        assert [(t["text"], t["response_type"], t["replace_original"]) for t in told] == [
            (BUSY, "ephemeral", False)
        ]
        assert backbone.item(1).status == Status.OPEN
        assert emulator.calls("chat.update") == []  # the post still shows its Done button
