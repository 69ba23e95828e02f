"""The "Make action item" shortcut: a form filled in from a message, saved with its source."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from bot.ids import CallbackId, ItemField
from bot.messages.forms import ItemForm, item_form
from bot.messages.spans import ChannelRef, line
from bot.sandbox.state import Message
from bot.slack import blocks
from bot.slack.render import render_form
from tests.support.forms import modal_of, open_home, submit
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.snapshots import assert_snapshot


def item_modal(form: ItemForm) -> dict[str, Any]:
    """The item form as Slack's modal."""
    return render_form(item_form(form))


def say(
    backbone: Harness, text: str, *, user: str = MARIA, thread_ts: str | None = None
) -> Message:
    """A person posts in the meeting channel (the capture of its lines is not this test's)."""
    return backbone.emulator.post_message(
        user=user, channel=CASE, text=text, thread_ts=thread_ts, send=False
    )


def shortcut(backbone: Harness, message: Message, *, user: str = PAT) -> dict[str, Any]:
    """Use the shortcut on a message; return the views.open call it made."""
    backbone.emulator.open_shortcut(CallbackId.MAKE_ACTION_ITEM, message, user=user)
    backbone.settle()
    opened: dict[str, Any] = backbone.emulator.calls("views.open")[-1]
    return opened


def test_the_form_is_filled_in_from_the_message(backbone: Harness) -> None:
    message = say(backbone, "<@UJOE> please call the county about the 3 beds by Friday")
    opened = shortcut(backbone, message)
    metadata = json.loads(opened["view"]["private_metadata"])
    assert metadata["r"].startswith(backbone.emulator.state.base_url + "/response/")
    assert metadata == {"c": CASE, "ts": message.ts, "th": message.ts, "r": metadata["r"]}
    expected = item_modal(
        ItemForm(
            callback_id=CallbackId.ITEM_NEW,
            heading="Make action item",
            submit="Save",
            metadata=opened["view"]["private_metadata"],
            title="please call the county about the 3 beds",
            owners=[JOE],
            day=date(2026, 11, 27),  # Friday, read in Pat's own zone
            notes=(
                line(
                    "From a message in ",
                    ChannelRef(CASE),
                    ". I'll post the item in that message's thread.",
                ),
            ),
        )
    )
    assert opened == {"trigger_id": opened["trigger_id"], "view": expected, "team_id": TEAM}
    assert_snapshot("item_modal_shortcut", {**expected, "private_metadata": "…"})


def test_saving_creates_the_item_with_its_source_and_posts_in_the_thread(
    backbone: Harness,
) -> None:
    message = say(backbone, "<@UJOE> please call the county about the 3 beds by Friday")
    shortcut(backbone, message)
    answer = submit(backbone, modal_of(backbone, PAT), user=PAT)
    assert (answer.status, answer.body) == (200, "")
    item = backbone.item(1)
    permalink = f"https://sandbox.slack.com/archives/{CASE}/p{message.ts.replace('.', '')}"
    assert (item.title, item.owner_ids, item.creator_id, item.channel_id) == (
        "please call the county about the 3 beds",
        [JOE],
        PAT,
        CASE,
    )
    # Pat is in London: the day ends at 17:00 there.
    assert (item.due_at, item.due_all_day, item.due_tz) == (
        datetime(2026, 11, 27, 17, 0, tzinfo=UTC),
        True,
        "Europe/London",
    )
    assert (item.source_url, item.source_channel, item.source_ts) == (permalink, CASE, message.ts)
    posted = backbone.emulator.calls("chat.postMessage")
    assert posted == [
        {"channel": CASE, "thread_ts": message.ts, "team_id": TEAM, **blocks.announcement(item)}
    ]
    reply = backbone.emulator.messages(CASE, thread_ts=message.ts)
    assert [m.text for m in reply] == [blocks.announcement(item)["text"]]
    assert (item.announce_channel, item.announce_ts) == (CASE, reply[0].ts)


def test_with_no_mention_the_author_owns_it(backbone: Harness) -> None:
    message = say(backbone, "I'll update the by-name list tomorrow", user=JOE)
    opened = shortcut(backbone, message, user=MARIA)
    owners = [b for b in opened["view"]["blocks"] if b.get("block_id") == ItemField.OWNERS]
    assert owners[0]["element"]["initial_users"] == [JOE]
    submit(backbone, modal_of(backbone, MARIA), user=MARIA)
    item = backbone.item(1)
    assert (item.title, item.owner_ids, item.creator_id) == (
        "I'll update the by-name list",
        [JOE],
        MARIA,
    )


def test_a_message_in_a_thread_gets_its_item_in_that_thread(backbone: Harness) -> None:
    root = say(backbone, "Agenda: beds")
    message = say(backbone, "<@UJOE> can you ask the county?", thread_ts=root.ts)
    shortcut(backbone, message)
    submit(backbone, modal_of(backbone, PAT), user=PAT)
    assert backbone.emulator.calls("chat.postMessage")[0]["thread_ts"] == root.ts
    assert backbone.item(1).source_ts == message.ts


def test_a_repeating_phrase_makes_a_series(backbone: Harness) -> None:
    message = say(backbone, "<@UJOE> sends the HMIS report every Monday")
    opened = shortcut(backbone, message)
    notes = [b["elements"][0]["text"] for b in opened["view"]["blocks"] if b["type"] == "context"]
    assert notes[-1] == "🔁 It repeats every Monday: when one is done, the next is made."
    submit(backbone, modal_of(backbone, PAT), user=PAT)
    item = backbone.item(1)
    assert (item.title, item.recurrence) == ("sends the HMIS report", "weekly:1")


def test_problems_show_in_the_form(backbone: Harness) -> None:
    message = say(backbone, "<@UJOE> call the county by Friday")
    shortcut(backbone, message)
    answer = submit(backbone, modal_of(backbone, PAT), user=PAT, due_date="2026-11-01")
    assert answer.json == {
        "response_action": "errors",
        "errors": {ItemField.DUE_DATE: "That date has passed. Pick today or a later date."},
    }
    assert backbone.emulator.calls("chat.postMessage") == []


def test_the_creator_sees_it_on_their_home(backbone: Harness) -> None:
    open_home(backbone, PAT)
    message = say(backbone, "<@UJOE> call the county by Friday")
    shortcut(backbone, message)
    backbone.emulator.clear_calls()
    submit(backbone, modal_of(backbone, PAT), user=PAT)
    published = backbone.emulator.calls("views.publish")
    assert [call["user_id"] for call in published] == [PAT]
    assert "*A-1* call the county" in json.dumps(published[0]["view"], ensure_ascii=False)
