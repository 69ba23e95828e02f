"""One title limit on every way in, and older, longer titles still shown whole or cut safely."""

from __future__ import annotations

import pytest

from bot.clip import clip
from bot.ids import ItemField
from storage.models import Status
from tests.support.forms import modal_of, submit
from tests.support.harness import CASE, JOE, MARIA, Harness

TOO_LONG = "Call the shelter about the family at Oak Street " * 11  # 528 characters
REFUSED = (
    "That is 527 characters; an action item can have up to 500. "
    "Shorten it and put the details in the thread."
)
# What an item saved under the old 4,000 limit can hold: an escape right where a cut would fall.
OLD_TITLE = "a" * 2497 + "&amp; <@UJOE> " + "b" * 1400


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),  # why: nothing to cut
        ("a &amp; b", 6, "a…"),  # why: an escape is never cut in half
        ("call <@UJOE> today", 10, "call…"),  # why: nor a mention
        ("see <https://example.org|the plan> now", 20, "see…"),  # why: nor a labelled link
        ("due <!date^1796094000^{date_short}|Dec 1> ok", 12, "due…"),  # why: nor a date
        ("x" * 10, 5, "xxxx…"),  # why: plain words are cut at the limit
    ],
)
def test_clip_cuts_only_between_tokens(text: str, limit: int, expected: str) -> None:
    assert clip(text, limit) == expected


def test_a_long_capture_line_is_refused_kindly_and_saves_nothing(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=MARIA, channel=CASE, text=f"ACTION: {TOO_LONG}")
    backbone.settle()

    [reply] = backbone.emulator.messages(CASE, thread_ts=message.ts)
    assert REFUSED in reply.text
    with pytest.raises(AssertionError):
        backbone.item(1)


def test_a_long_message_pinned_is_refused_kindly(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=TOO_LONG)
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()

    [told] = backbone.emulator.ephemerals(MARIA)
    assert told.text == f"I couldn't make that message an action item: {REFUSED}"


def test_the_form_refuses_a_title_over_the_limit(backbone: Harness) -> None:
    backbone.command("Call the shelter")
    backbone.command("edit A-1")

    answer = submit(backbone, modal_of(backbone, MARIA), user=MARIA, title="x" * 501)

    assert answer.json == {
        "response_action": "errors",
        "errors": {
            ItemField.TITLE: "That is 501 characters; an item can have up to 500. "
            "Shorten it and put the details in the thread."
        },
    }


def old_item(backbone: Harness) -> None:
    backbone.command("Call the shelter <@UJOE>")
    with backbone.database() as session:
        item = backbone.item(1)
        session.merge(item).title = OLD_TITLE


def test_an_older_long_title_shows_cut_safely_and_closes(backbone: Harness) -> None:
    old_item(backbone)

    backbone.command("list channel")
    backbone.command("done A-1")

    [post] = backbone.emulator.messages(CASE)
    assert post.blocks is not None
    assert post.blocks[0]["text"]["text"] == f"✅ ~*A-1* {'a' * 2497}…~\nDone by <@UMARIA>"
    assert post.text == f"✅ A-1 {OLD_TITLE} — done by <@UMARIA>"  # the fallback keeps it whole
    assert backbone.item(1).status == Status.DONE
    assert backbone.emulator.refusals() == []


def test_an_older_long_title_saved_unchanged_from_the_form_stays_whole(backbone: Harness) -> None:
    old_item(backbone)
    backbone.command("edit A-1")
    form = modal_of(backbone, MARIA)
    notes = [b["elements"][0]["text"] for b in form.view["blocks"] if b["type"] == "context"]
    assert notes[-1] == (
        "This title is longer than 500 characters, so the form shows its start. "
        "Leave it as it is to keep the whole title, or write a shorter one."
    )

    answer = submit(backbone, form, user=MARIA, note="new owner")

    assert answer.status == 200
    assert backbone.item(1).title == OLD_TITLE
