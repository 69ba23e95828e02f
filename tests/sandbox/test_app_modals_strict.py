"""Each of the app's modals, opened through the real app, is accepted by the strict emulator.

Before the title limit was fixed, every one of these answered `invalid_arguments`
(`max_length` 4000 on the title or decision input), so the form never opened in real Slack.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.ids import ActionId, CallbackId
from tests.support.forms import open_home
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, Harness
from tests.support.polls import poll_command, react, start, thread_of

THURSDAY_9_LA = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
LONG_TITLE = "Call the county & the shelter about beds " * 40  # 1,640 characters, typed


def opened(backbone: Harness, user: str) -> list[tuple[str, str, int]]:
    """The modals a person has open: callback, title, the title input's max_length."""
    backbone.settle()
    shown = []
    for view in backbone.emulator.views(user):
        if view.kind != "modal":
            continue
        inputs = [b["element"] for b in view.view["blocks"] if b["type"] == "input"]
        longest = next(e["max_length"] for e in inputs if e["type"] == "plain_text_input")
        shown.append((view.view["callback_id"], view.view["title"]["text"], longest))
    return shown


def test_action_edit(backbone: Harness) -> None:
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.command("edit A-1")

    assert opened(backbone, MARIA) == [("item_edit", "Edit A-1", 500)]
    assert backbone.emulator.refusals() == []


def test_the_message_shortcut_even_on_a_long_message(backbone: Harness) -> None:
    message = backbone.emulator.post_message(user=JOE, channel=CASE, text=LONG_TITLE)
    backbone.emulator.open_shortcut(CallbackId.MAKE_ACTION_ITEM, message, user=PAT)

    assert opened(backbone, PAT) == [("item_new", "Make action item", 500)]
    [form] = [v for v in backbone.emulator.views(PAT) if v.kind == "modal"]
    title = form.view["blocks"][2]["element"]["initial_value"]
    assert title == LONG_TITLE.strip()[:499] + "…"  # the form holds the start; nothing refused
    assert backbone.emulator.refusals() == []


def test_homes_add(backbone: Harness) -> None:
    home = open_home(backbone, MARIA)
    backbone.emulator.click_view(home, ActionId.HOME_ADD_ITEM, user=MARIA)

    assert opened(backbone, MARIA) == [("item_new", "New action item", 500)]
    assert backbone.emulator.refusals() == []


def test_the_reminders_update(backbone: Harness) -> None:
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.tick(THURSDAY_9_LA.astimezone(UTC))
    backbone.emulator.click(backbone.emulator.messages(JOE)[-1], ActionId.ITEM_UPDATE, user=JOE)

    assert opened(backbone, JOE) == [("item_edit", "Edit A-1", 500)]
    assert backbone.emulator.refusals() == []


def test_record_a_decision_and_make_an_action_item(backbone: Harness) -> None:
    message = start(backbone, '"Which evening works?" "Tuesday 5pm" "Thursday 6pm"')
    for voter in (JOE, PAT, ADMIN):
        react(backbone, message, voter, "one")
    poll_command(backbone, "close P-1")
    [results] = thread_of(backbone, message)

    backbone.emulator.click(results, ActionId.POLL_DECISION, user=MARIA)
    backbone.emulator.click(results, ActionId.POLL_ACTION_ITEM, user=MARIA)

    assert opened(backbone, MARIA) == [
        ("poll_decision", "Record a decision", 2000),
        ("item_new", "Make action item", 500),
    ]
    assert backbone.emulator.refusals() == []
