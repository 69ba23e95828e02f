"""Exactly once: however often Slack delivers a message event, its notes are captured once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.sandbox.server import AppResponse
from tests.support.harness import CASE, MARIA, TEAM, Harness
from tests.support.records import all_decisions, all_items, captures, claimed_events

NOTES = "ACTION: <@UJOE> call the VA by Friday\nDECISION: Meet on Tuesdays\n- [ ] Book the room"


def notes_event(backbone: Harness) -> dict[str, object]:
    """Post the notes without delivering them; return the event Slack would send."""
    message = backbone.emulator.post_message(user=MARIA, channel=CASE, text=NOTES, send=False)
    return {
        "type": "message",
        "user": MARIA,
        "text": NOTES,
        "ts": message.ts,
        "team": TEAM,
        "channel": CASE,
        "event_ts": message.ts,
        "channel_type": "channel",
    }


def assert_captured_once(backbone: Harness) -> None:
    assert [i.code for i in all_items(backbone)] == ["A-1", "A-2"]
    assert [d.code for d in all_decisions(backbone)] == ["D-1"]
    assert len(backbone.emulator.calls("chat.postMessage")) == 1
    assert len(captures(backbone)) == 1


def test_a_retry_after_the_first_delivery_creates_nothing(backbone: Harness) -> None:
    event = notes_event(backbone)
    first = backbone.emulator.send_event(event, event_id="Ev0001")
    backbone.settle()
    calls = backbone.emulator.calls()
    retry = backbone.emulator.send_event(event, event_id="Ev0001", retry_num=1)
    backbone.settle()
    again = backbone.emulator.send_event(event, event_id="Ev0001")  # no retry header at all
    backbone.settle()
    assert (first.status, retry.status, again.status) == (200, 200, 200)
    assert_captured_once(backbone)
    assert backbone.emulator.calls() == calls  # the retries made no Web API call at all
    assert claimed_events(backbone) == 1


def test_a_retry_while_the_first_delivery_is_still_running_creates_nothing(
    backbone: Harness,
) -> None:
    event = notes_event(backbone)
    # Hold the first delivery inside its work, as a slow Slack or database would.
    backbone.emulator.fail_next("users.info", status=200, delay=0.3)
    backbone.emulator.send_event(event, event_id="Ev0002")
    backbone.emulator.send_event(event, event_id="Ev0002", retry_num=1, retry_reason="http_timeout")
    backbone.settle()
    assert_captured_once(backbone)


def test_two_deliveries_at_the_same_instant_create_one_set(backbone: Harness) -> None:
    event = notes_event(backbone)

    def deliver(retry: int | None) -> AppResponse:
        return backbone.emulator.send_event(event, event_id="Ev0003", retry_num=retry)

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(deliver, [None, 1]))
    backbone.settle()
    assert [a.status for a in answers] == [200, 200]
    assert_captured_once(backbone)


def test_the_same_message_under_another_event_id_is_not_captured_twice(
    backbone: Harness,
) -> None:
    event = notes_event(backbone)
    backbone.emulator.send_event(event, event_id="Ev0004")
    backbone.emulator.send_event(event, event_id="Ev0005")
    backbone.settle()
    assert_captured_once(backbone)
    assert claimed_events(backbone) == 2
