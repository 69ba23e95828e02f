"""`/action edit A-n`: a filled-in form, the same rule about who may change, problems in it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.ids import CallbackId, ItemField
from bot.messages.common import notice_form
from bot.messages.forms import ItemForm, item_form
from bot.messages.spans import ChannelRef, Mention, line, strong
from bot.slack import blocks
from bot.slack.render import render_form
from storage.actions import history
from storage.models import ActionEvent, Status
from tests.support.forms import modal_of, open_home, submit
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.snapshots import assert_snapshot

FRIDAY_5PM_NY = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)


def item_modal(form: ItemForm) -> dict[str, Any]:
    """The item form as Slack's modal."""
    return render_form(item_form(form))


def notice_modal(text: str) -> dict[str, Any]:
    """A small notice form as Slack's modal."""
    return render_form(notice_form(text))


@pytest.fixture
def item_for_joe(backbone: Harness) -> Harness:
    """Maria asks Joe to call the shelter & the county by Friday: A-1."""
    backbone.command("Call the shelter &amp; the county <@UJOE> by Friday")
    backbone.emulator.clear_calls()
    return backbone


def events_of(backbone: Harness, number: int) -> list[ActionEvent]:
    with backbone.database() as session:
        return history(session, item=backbone.item(number))


def test_the_form_opens_filled_in(item_for_joe: Harness) -> None:
    item_for_joe.command("edit A-1")
    opened = item_for_joe.emulator.calls("views.open")
    expected = item_modal(
        ItemForm(
            callback_id=CallbackId.ITEM_EDIT,
            heading="Edit A-1",
            submit="Save",
            metadata=json.dumps({"n": 1, "d": "2026-11-27", "t": None}),
            title="Call the shelter & the county",  # as typed, not as Slack escapes it
            owners=[JOE],
            day=date(2026, 11, 27),
            ask_note=True,
            notes=(line(strong("A-1"), " · asked by ", Mention(MARIA), " in ", ChannelRef(CASE)),),
        )
    )
    assert opened == [{"trigger_id": opened[0]["trigger_id"], "view": expected, "team_id": TEAM}]
    assert_snapshot("item_modal_edit", expected)
    assert item_for_joe.emulator.responses() == []  # nothing to say: the form is the answer


def test_a_timed_due_shows_in_the_editors_own_zone(backbone: Harness) -> None:
    backbone.command("Call landlord <@UJOE> tomorrow 3pm")  # 3pm New York
    backbone.command("edit A-1", user=JOE)
    form = modal_of(backbone, JOE).view
    pickers = {b["block_id"]: b["element"] for b in form["blocks"] if b["type"] == "input"}
    assert pickers[ItemField.DUE_DATE]["initial_date"] == "2026-11-25"
    assert pickers[ItemField.DUE_TIME]["initial_time"] == "12:00"  # noon in Los Angeles


@pytest.mark.parametrize("who", [JOE, MARIA, ADMIN], ids=["owner", "creator", "admin"])
def test_an_edit_saves_title_owners_due_and_note(item_for_joe: Harness, who: str) -> None:
    backbone = item_for_joe
    backbone.command("edit A-1", user=who)
    answer = submit(
        backbone,
        modal_of(backbone, who),
        user=who,
        title="Call the shelter about <4> beds",
        owners=[JOE, PAT],
        due_date="2026-12-04",
        note="Pat knows the intake worker",
    )
    assert (answer.status, answer.body) == (200, "")  # the modal closes
    assert [v for v in backbone.emulator.views(who) if v.kind == "modal"] == []
    item = backbone.item(1)
    zone = {JOE: "America/Los_Angeles", MARIA: "America/New_York", ADMIN: "America/Chicago"}
    assert (item.title, item.owner_ids, item.due_all_day, item.due_tz) == (
        "Call the shelter about &lt;4&gt; beds",
        [JOE, PAT],
        True,
        zone[who],
    )
    five_pm = datetime(2026, 12, 4, 17, 0, tzinfo=ZoneInfo(zone[who]))
    assert item.due_at == five_pm.astimezone(UTC)
    edited = events_of(backbone, 1)[-1]
    assert (edited.kind, edited.actor_id, edited.detail) == (
        "edited",
        who,
        {
            "title": {
                "from": "Call the shelter &amp; the county",
                "to": "Call the shelter about &lt;4&gt; beds",
            },
            "owners": {"from": [JOE], "to": [JOE, PAT]},
            "due": {"from": "2026-11-27", "to": "2026-12-04"},
            "note": "Pat knows the intake worker",
        },
    )
    assert backbone.emulator.calls("chat.update") == [
        {
            "channel": CASE,
            "ts": item.announce_ts,
            "team_id": TEAM,
            **blocks.announcement(item),
        }
    ]


def test_a_stranger_is_refused_before_the_form_opens(item_for_joe: Harness) -> None:
    item_for_joe.command("edit A-1", user=PAT)
    assert item_for_joe.emulator.calls("views.open") == []
    assert item_for_joe.last_response()["text"].startswith(
        "Only the owners of A-1, the person who asked for it, or a workspace admin can change it."
    )


def test_rights_are_checked_again_on_save(item_for_joe: Harness) -> None:
    backbone = item_for_joe
    backbone.command("edit A-1", user=JOE)
    form = modal_of(backbone, JOE)
    backbone.command("assign A-1 <@UPAT>")  # meanwhile, Maria hands it to Pat
    answer = submit(backbone, form, user=JOE, title="Mine now")
    assert answer.json == {
        "response_action": "update",
        "view": notice_modal(
            "Only the owners of A-1, the person who asked for it, or a workspace admin can "
            "change it. Nothing was changed. You could ask them in the thread."
        ),
    }
    item = backbone.item(1)
    assert (item.title, item.owner_ids) == ("Call the shelter &amp; the county", [PAT])


def test_a_closed_item_cannot_be_edited(item_for_joe: Harness) -> None:
    item_for_joe.command("done A-1", user=JOE)
    item_for_joe.command("edit A-1")
    assert item_for_joe.last_response()["text"] == "A-1 is already done, so it can't be edited."
    assert item_for_joe.emulator.calls("views.open") == []


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (  # why: only spaces is no title
            {"title": "   "},
            {ItemField.TITLE: "What needs doing? Write a few words."},
        ),
        (  # why: the 500-character limit holds even if a client lets more through
            {"title": "x" * 501},
            {
                ItemField.TITLE: "That is 501 characters; an item can have up to 500. "
                "Shorten it and put the details in the thread."
            },
        ),
        (  # why: a due date in the past
            {"due_date": "2026-11-20"},
            {ItemField.DUE_DATE: "That date has passed. Pick today or a later date."},
        ),
        (  # why: today, at a time already gone (10:00 in New York now)
            {"due_date": "2026-11-24", "due_time": "09:30"},
            {ItemField.DUE_TIME: "That time has already passed. Pick a later time."},
        ),
        (  # why: a time with no day
            {"due_date": None, "due_time": "15:00"},
            {ItemField.DUE_TIME: "Pick a date for this time too, or clear the time."},
        ),
        (  # why: a deactivated person can't own an item
            {"owners": [JOE, "UGONE"]},
            {
                ItemField.OWNERS: "Gone's account is deactivated, so they can't own an item. "
                "Pick someone else."
            },
        ),
        (  # why: nor can an app
            {"owners": ["UBACKBONE"]},
            {ItemField.OWNERS: "Backbone is an app, so it can't own an item. Pick a person."},
        ),
        (  # why: every problem is named at once
            {"title": " ", "due_date": "2026-01-01"},
            {
                ItemField.TITLE: "What needs doing? Write a few words.",
                ItemField.DUE_DATE: "That date has passed. Pick today or a later date.",
            },
        ),
    ],
)
def test_problems_show_under_their_fields_and_nothing_changes(
    item_for_joe: Harness, changes: dict[str, object], errors: dict[str, str]
) -> None:
    item_for_joe.command("edit A-1")
    form = modal_of(item_for_joe, MARIA)
    answer = submit(item_for_joe, form, user=MARIA, **changes)
    assert (answer.status, answer.json) == (200, {"response_action": "errors", "errors": errors})
    assert modal_of(item_for_joe, MARIA).id == form.id  # still open, to fix and submit again
    item = item_for_joe.item(1)
    assert (item.title, item.owner_ids, item.due_at) == (
        "Call the shelter &amp; the county",
        [JOE],
        FRIDAY_5PM_NY,
    )
    assert [e.kind for e in events_of(item_for_joe, 1)] == ["created"]


def test_an_overdue_items_title_can_change_without_moving_its_due(item_for_joe: Harness) -> None:
    item_for_joe.clock.now = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # days after Friday
    item_for_joe.command("edit A-1")
    answer = submit(item_for_joe, modal_of(item_for_joe, MARIA), user=MARIA, title="Call again")
    assert answer.body == ""
    item = item_for_joe.item(1)
    assert (item.title, item.due_at, item.status) == ("Call again", FRIDAY_5PM_NY, Status.OPEN)
    assert events_of(item_for_joe, 1)[-1].detail == {
        "title": {"from": "Call the shelter &amp; the county", "to": "Call again"}
    }


def test_saving_without_changes_records_nothing(item_for_joe: Harness) -> None:
    item_for_joe.command("edit A-1")
    submit(item_for_joe, modal_of(item_for_joe, MARIA), user=MARIA)
    assert [e.kind for e in events_of(item_for_joe, 1)] == ["created"]


def test_the_homes_of_everyone_concerned_are_refreshed(item_for_joe: Harness) -> None:
    open_home(item_for_joe, PAT)
    open_home(item_for_joe, JOE)
    item_for_joe.emulator.clear_calls()
    item_for_joe.command("edit A-1")
    submit(item_for_joe, modal_of(item_for_joe, MARIA), user=MARIA, owners=[PAT])
    # Joe lost it and Pat got it; Maria never opened her Home, so she has none to refresh.
    published = item_for_joe.emulator.calls("views.publish")
    assert [call["user_id"] for call in published] == [JOE, PAT]
    assert "A-1" not in json.dumps(published[0]["view"])
    assert "A-1" in json.dumps(published[1]["view"])
