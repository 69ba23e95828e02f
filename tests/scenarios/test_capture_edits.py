"""Editing notes updates the records nobody has changed since; deleting them leaves the records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.ids import ActionId
from bot.messages import capture as words
from bot.sandbox.state import Message
from bot.slack.render import render_message
from handlers.slack.replies import skipped_shown
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.records import all_decisions, all_items, claimed_events, history

NOTES = "ACTION: <@UJOE> call the VA by Friday\nDECISION: Meet on Tuesdays"
FRIDAY = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)  # 17:00 in Maria's New York


def post_notes(backbone: Harness, text: str = NOTES) -> tuple[Message, Message]:
    """Post notes as Maria; return the message and the bot's reply in its thread."""
    notes = backbone.emulator.post_message(user=MARIA, channel=CASE, text=text)
    backbone.settle()
    [reply] = backbone.emulator.messages(CASE, thread_ts=notes.ts)
    backbone.emulator.clear_calls()
    return notes, reply


def edit(backbone: Harness, notes: Message, text: str) -> None:
    backbone.emulator.edit_message(user=MARIA, channel=CASE, ts=notes.ts, text=text)
    backbone.settle()


def expected_update(
    backbone: Harness, reply: Message, skipped: str | None = None
) -> dict[str, Any]:
    items, decisions = all_items(backbone), all_decisions(backbone)
    heading = words.lines_heading(items, decisions)
    message = render_message(
        words.capture_reply(
            heading, items, decisions, skipped=words.kept_note(skipped), now=backbone.clock.now
        )
    )
    return {"channel": CASE, "ts": reply.ts, "team_id": TEAM, **message}


def test_an_edited_line_updates_its_item_its_decision_and_the_reply(backbone: Harness) -> None:
    notes, reply = post_notes(backbone)
    edit(backbone, notes, "ACTION: <@UPAT> call the VA by Monday\nDECISION: Meet on Wednesdays")

    item = backbone.item(1)
    assert (item.title, item.owner_ids, item.due_at) == (
        "call the VA",
        [PAT],
        datetime(2026, 11, 30, 22, 0, tzinfo=UTC),
    )
    assert [d.text for d in all_decisions(backbone)] == ["Meet on Wednesdays"]
    assert history(backbone, 1)[1] == (
        "source_edited",
        MARIA,
        {
            "from": {"title": "call the VA", "owners": [JOE], "due": "2026-11-27"},
            "to": {"title": "call the VA", "owners": [PAT], "due": "2026-11-30"},
            "line": "ACTION: <@UPAT> call the VA by Monday",
        },
    )
    assert backbone.emulator.calls("chat.update") == [expected_update(backbone, reply)]
    assert backbone.emulator.calls("chat.postMessage") == []  # still one reply


def test_a_line_added_by_an_edit_becomes_a_new_item(backbone: Harness) -> None:
    notes, reply = post_notes(backbone)
    edit(backbone, notes, NOTES + "\n- [ ] Book the room by Tuesday")
    assert [(i.code, i.title) for i in all_items(backbone)] == [
        ("A-1", "call the VA"),
        ("A-2", "Book the room"),
    ]
    assert backbone.item(1).due_at == FRIDAY
    assert backbone.emulator.calls("chat.update") == [expected_update(backbone, reply)]


def test_fixing_a_line_that_could_not_be_read_saves_it(backbone: Harness) -> None:
    notes, reply = post_notes(backbone, "TODO: call the landlord due 13/45\nTODO: order chairs")
    assert [i.title for i in all_items(backbone)] == ["order chairs"]
    edit(backbone, notes, "TODO: call the landlord due 12/4\nTODO: order chairs")
    assert [i.title for i in all_items(backbone)] == ["order chairs", "call the landlord"]
    assert backbone.emulator.calls("chat.update") == [expected_update(backbone, reply)]


def test_an_item_someone_changed_is_left_as_they_left_it(backbone: Harness) -> None:
    notes, _ = post_notes(backbone)
    backbone.command("assign A-1 <@UPAT>", user=JOE)
    edit(backbone, notes, "ACTION: <@UJOE> call the VA about vouchers by Monday")
    item = backbone.item(1)
    assert (item.title, item.owner_ids, item.due_at) == ("call the VA", [PAT], FRIDAY)
    assert [i.code for i in all_items(backbone)] == ["A-1"]  # paired with its line, not copied
    assert [kind for kind, _, _ in history(backbone, 1)] == ["created", "reassigned"]


def test_lines_not_edited_are_not_read_again(backbone: Harness) -> None:
    notes, reply = post_notes(backbone, "TODO: <@UJOE> call the VA due 11/25\nTODO: order chairs")
    backbone.clock.now += timedelta(days=3)  # "11/25" is in the past now
    edit(backbone, notes, "TODO: <@UJOE> call the VA due 11/25\nTODO: order 40 chairs")
    assert [(i.title, i.due_at is not None) for i in all_items(backbone)] == [
        ("call the VA", True),
        ("order 40 chairs", False),
    ]
    assert backbone.emulator.calls("chat.update") == [expected_update(backbone, reply)]
    assert "couldn't save" not in backbone.emulator.calls("chat.update")[0]["text"]


def changed_event(notes: Message, text: str, before: str) -> dict[str, Any]:
    """A message_changed event in Slack's shape, for changes the emulator does not make."""
    shown = {"type": "message", "user": MARIA, "ts": notes.ts, "team": TEAM}
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": {**shown, "text": text, "edited": {"user": MARIA, "ts": "1795000001.000200"}},
        "previous_message": {**shown, "text": before},
        "channel": CASE,
        "hidden": True,
        "ts": "1795000001.000200",
        "event_ts": "1795000001.000200",
        "channel_type": "channel",
    }


def test_a_change_that_is_not_the_words_does_nothing(backbone: Harness) -> None:
    notes, _ = post_notes(backbone)
    backbone.emulator.send_event(changed_event(notes, NOTES, NOTES))  # e.g. a link unfurled
    backbone.settle()
    assert (backbone.emulator.calls(), claimed_events(backbone)) == ([], 1)


def test_a_retried_edit_is_followed_once(backbone: Harness) -> None:
    notes, _ = post_notes(backbone)
    event = changed_event(notes, NOTES.replace("Tuesdays", "Fridays"), NOTES)
    backbone.emulator.send_event(event, event_id="EvEdit")
    backbone.emulator.send_event(event, event_id="EvEdit", retry_num=1)
    backbone.settle()
    assert [d.text for d in all_decisions(backbone)] == ["Meet on Fridays"]
    assert len(backbone.emulator.calls("chat.update")) == 1


def test_editing_a_plain_message_into_notes_captures_it(backbone: Harness) -> None:
    plain = backbone.emulator.post_message(user=MARIA, channel=CASE, text="Call the VA")
    backbone.settle()
    edit(backbone, plain, "ACTION: Call the VA")
    assert [(i.title, i.source_ts) for i in all_items(backbone)] == [("Call the VA", plain.ts)]
    [posted] = backbone.emulator.calls("chat.postMessage")
    assert posted["thread_ts"] == plain.ts


def test_deleting_notes_leaves_the_records_and_notes_it_in_their_history(
    backbone: Harness,
) -> None:
    notes, _ = post_notes(backbone)
    # The thread under it holds the bot's reply, so Slack keeps a tombstone: message_changed.
    backbone.emulator.delete_message(user=MARIA, channel=CASE, ts=notes.ts)
    backbone.settle()
    assert [(i.code, i.status) for i in all_items(backbone)] == [("A-1", "open")]
    assert [d.code for d in all_decisions(backbone)] == ["D-1"]
    assert [(kind, actor) for kind, actor, _ in history(backbone, 1)] == [
        ("created", MARIA),
        ("source_deleted", MARIA),
    ]
    assert backbone.emulator.calls() == []


def test_a_message_deleted_event_is_noted_once(backbone: Harness) -> None:
    backbone.emulator.fail_next("chat.postMessage", error="ratelimited")  # so no thread reply
    notes = backbone.emulator.post_message(user=MARIA, channel=CASE, text=NOTES)
    backbone.settle()
    answer = backbone.emulator.delete_message(user=MARIA, channel=CASE, ts=notes.ts)
    assert answer is not None and answer.status == 200
    backbone.settle()
    assert [kind for kind, _, _ in history(backbone, 1)] == ["created", "source_deleted"]


def test_done_from_the_reply_closes_the_item_and_updates_the_reply(backbone: Harness) -> None:
    _, reply = post_notes(backbone, NOTES + "\nTODO: call by 13/45")
    skipped = skipped_shown(reply.blocks or [])
    assert skipped is not None and "13/45" in skipped
    backbone.emulator.click(reply, ActionId.CAPTURED_DONE, user=JOE, value="1")
    backbone.settle()
    assert backbone.item(1).status == "done"
    assert backbone.emulator.calls("chat.update") == [expected_update(backbone, reply, skipped)]
    assert "✅ ~*A-1* call the VA~ — done" in backbone.emulator.calls("chat.update")[0]["text"]
    assert backbone.last_response()["text"] == "✅ A-1 is done. Thank you!"


def test_done_from_the_reply_by_someone_else_explains_and_changes_nothing(
    backbone: Harness,
) -> None:
    _, reply = post_notes(backbone)
    backbone.emulator.click(reply, ActionId.CAPTURED_DONE, user=PAT, value="1")
    backbone.settle()
    assert backbone.item(1).status == "open"
    assert "Only the owners of A-1" in backbone.last_response()["text"]
