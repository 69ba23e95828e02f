"""Words that look like a client's personal data are refused privately everywhere, and never kept.

Each way in: `/action`, the item form (Home and the "Make action item" shortcut), editing an item,
`/decision`, a decision from a poll's results, `/poll`, meeting notes captured from a channel,
and a :pushpin:.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.ids import ActionId, CallbackId
from bot.messages.common import notice_form
from bot.messages.privacy import refusal, refusal_text, skipped_line_refusal
from bot.privacy import Finding
from bot.slack.render import render_form, render_message
from storage.models import Poll
from tests.support.forms import modal_of, open_home, submit
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.records import all_decisions, all_items, history, read

SSN = Finding("ssn", 0, 0)
DOB = Finding("dob", 0, 0)
CLIENT_ID = Finding("client_id", 0, 0)
PHONE = Finding("phone", 0, 0)


def polls(backbone: Harness) -> list[Poll]:
    return read(backbone, lambda s: list(s.scalars(select(Poll))))


def nothing_posted(backbone: Harness) -> bool:
    return backbone.emulator.calls("chat.postMessage") == []


def test_the_words_of_a_refusal() -> None:
    assert refusal_text(SSN, what="that action item") == (
        "I didn't save that action item: it looks like it includes a Social Security number, "
        "and Backbone keeps no one's personal details. Nothing was saved. Leave the number out: "
        "it belongs only in your case records. Try initials or 'a client at …' instead."
    )


def test_an_action_with_an_ssn_is_refused_privately(backbone: Harness) -> None:
    backbone.command("Call the VA about John's benefits, SSN 123-45-6789 <@UJOE>")
    response = backbone.last_response()
    assert response.get("response_type", "ephemeral") == "ephemeral"
    assert response["text"] == refusal_text(SSN, what="that action item")
    assert "123-45-6789" not in json.dumps(backbone.emulator.responses())
    assert (all_items(backbone), nothing_posted(backbone)) == ([], True)


def test_a_decision_with_a_date_of_birth_is_refused(backbone: Harness) -> None:
    backbone.command("House John Smith DOB 3/4/1961 at Oak Street first", command="/decision")
    response = backbone.last_response()
    assert response.get("response_type", "ephemeral") == "ephemeral"
    assert response["text"] == refusal_text(DOB, what="that decision")
    assert (all_decisions(backbone), nothing_posted(backbone)) == ([], True)


def test_a_poll_with_a_phone_number_in_an_option_is_refused(backbone: Harness) -> None:
    backbone.command('"Who calls back?" "Ana" "Call 503-555-0123 first"', command="/poll")
    response = backbone.last_response()
    assert response["text"] == refusal_text(PHONE, what="that poll")
    assert (polls(backbone), nothing_posted(backbone)) == ([], True)


def test_a_poll_question_with_a_client_id_is_refused(backbone: Harness) -> None:
    backbone.command('"Is client #48213 ready to move?" "Yes" "No"', command="/poll")
    assert backbone.last_response()["text"] == refusal_text(CLIENT_ID, what="that poll")
    assert polls(backbone) == []


def test_the_item_form_from_home_refuses_in_the_form(backbone: Harness) -> None:
    home = open_home(backbone, MARIA)
    backbone.emulator.click_view(home, ActionId.HOME_ADD_ITEM, user=MARIA)
    backbone.settle()
    answer = submit(
        backbone, modal_of(backbone, MARIA), user=MARIA, title="Ride for HMIS 123456", channel=CASE
    )
    assert answer.json == {
        "response_action": "update",
        "view": render_form(notice_form(refusal_text(CLIENT_ID, what="that action item"))),
    }
    assert (all_items(backbone), nothing_posted(backbone)) == ([], True)


def test_the_shortcut_form_refuses_and_stores_nothing(backbone: Harness) -> None:
    message = backbone.emulator.post_message(
        user=JOE, channel=CASE, text="Pick up Maria Lopez 03/04/1961 from the clinic", send=False
    )
    backbone.emulator.open_shortcut(CallbackId.MAKE_ACTION_ITEM, message, user=PAT)
    backbone.settle()
    answer = submit(backbone, modal_of(backbone, PAT), user=PAT)
    assert answer.json == {
        "response_action": "update",
        "view": render_form(notice_form(refusal_text(DOB, what="that action item"))),
    }
    assert (all_items(backbone), nothing_posted(backbone)) == ([], True)


def test_editing_an_item_to_add_a_phone_number_changes_nothing(backbone: Harness) -> None:
    backbone.command("Call the landlord <@UJOE> by Friday")
    backbone.command("edit A-1", user=JOE)
    answer = submit(
        backbone, modal_of(backbone, JOE), user=JOE, title="Call the client at (503) 555-0123"
    )
    assert answer.json == {
        "response_action": "update",
        "view": render_form(notice_form(refusal_text(PHONE, what="that change"))),
    }
    assert backbone.item(1).title == "Call the landlord"
    assert [kind for kind, _, _ in history(backbone, 1)] == ["created"]


def test_a_captured_line_with_personal_data_is_left_out_and_its_author_told(
    backbone: Harness,
) -> None:
    notes = "\n".join(
        [
            "*Case conferencing*",
            "ACTION: <@UJOE> call the VA about the two vouchers by Friday",
            "ACTION: drive client #48213 to the Oak Street viewing",
            "DECISION: We hold two units for veterans; call J.S. on 503-555-0123",
        ]
    )
    posted = backbone.emulator.post_message(user=MARIA, channel=CASE, text=notes)
    backbone.settle()
    assert [i.title for i in all_items(backbone)] == ["call the VA about the two vouchers"]
    assert all_decisions(backbone) == []
    whispers = backbone.emulator.calls("chat.postEphemeral")
    assert whispers == [
        {
            "channel": CASE,
            "user": MARIA,
            "team_id": TEAM,
            **render_message(skipped_line_refusal(CLIENT_ID, position=2)),
        },
        {
            "channel": CASE,
            "user": MARIA,
            "team_id": TEAM,
            **render_message(skipped_line_refusal(PHONE, position=3)),
        },
    ]
    # The thread reply lists the item and never the lines left out.
    [reply] = backbone.emulator.messages(CASE, thread_ts=posted.ts)
    assert reply.text.startswith("📝 Saved from this message: 1 action item.")
    assert "48213" not in json.dumps(reply.blocks) and "503-555" not in json.dumps(reply.blocks)
    assert "48213" not in reply.text and "503-555" not in reply.text


def test_an_edit_that_adds_personal_data_leaves_the_item_as_it_was(backbone: Harness) -> None:
    posted = backbone.emulator.post_message(
        user=MARIA, channel=CASE, text="ACTION: <@UJOE> call the shelter"
    )
    backbone.settle()
    edited = "ACTION: <@UJOE> call the shelter, SSN 123-45-6789"
    backbone.emulator.edit_message(user=MARIA, channel=CASE, ts=posted.ts, text=edited)
    backbone.settle()
    assert [i.title for i in all_items(backbone)] == ["call the shelter"]
    assert [c["user"] for c in backbone.emulator.calls("chat.postEphemeral")] == [MARIA]


def test_a_pinned_message_with_personal_data_is_refused_to_the_reactor(backbone: Harness) -> None:
    message = backbone.emulator.post_message(
        user=JOE, channel=CASE, text="<@UPAT> please text Ms. Ray at 503.555.0123 by Friday"
    )
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    assert backbone.emulator.calls("chat.postEphemeral") == [
        {
            "channel": CASE,
            "user": MARIA,
            "team_id": TEAM,
            **render_message(refusal(PHONE, what="that message as an action item")),
        }
    ]
    assert (all_items(backbone), nothing_posted(backbone)) == ([], True)


def test_an_edit_of_a_pinned_message_that_adds_personal_data_is_not_followed(
    backbone: Harness,
) -> None:
    message = backbone.emulator.post_message(
        user=JOE, channel=CASE, text="<@UPAT> please call the landlord by Friday"
    )
    backbone.emulator.react(user=MARIA, channel=CASE, ts=message.ts, name="pushpin")
    backbone.settle()
    backbone.emulator.clear_calls()
    edited = "<@UPAT> please call the landlord by Friday, client ID: 00481234"
    backbone.emulator.edit_message(user=JOE, channel=CASE, ts=message.ts, text=edited)
    backbone.settle()
    [item] = all_items(backbone)
    assert item.title == "please call the landlord"
    assert [kind for kind, _, _ in history(backbone, 1)] == ["created"]
    assert backbone.emulator.calls("chat.postEphemeral") == [
        {
            "channel": CASE,
            "user": JOE,
            "team_id": TEAM,
            **render_message(refusal(CLIENT_ID, what="that edit in the action item")),
        }
    ]
