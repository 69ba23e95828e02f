"""The Home tab: a person's items by when, buttons that work there, Add action item, refreshes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.ids import ActionId, CallbackId
from bot.messages.common import notice_form
from bot.messages.forms import ItemForm, item_form
from bot.messages.home import home_page
from bot.messages.spans import line
from bot.services.actions import create_item
from bot.services.decisions import record_decision
from bot.services.home import gather_home
from bot.slack.render import render_form, render_home
from bot.text import Draft
from bot.when import Due
from storage.models import Status
from tests.support.forms import home_of, modal_of, open_home, submit
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.snapshots import assert_snapshot

NY = "America/New_York"


def item_modal(form: ItemForm) -> dict[str, Any]:
    """The item form as Slack's modal."""
    return render_form(item_form(form))


def notice_modal(text: str) -> dict[str, Any]:
    """A small notice form as Slack's modal."""
    return render_form(notice_form(text))


def texts(view: dict[str, Any]) -> list[str]:
    """The words of a view's sections and contexts, in order."""
    found = []
    for block in view["blocks"]:
        if block["type"] in ("section", "header"):
            found.append(block["text"]["text"])
        elif block["type"] == "context":
            found.append(block["elements"][0]["text"])
    return found


@pytest.fixture
def marias_week(backbone: Harness) -> Harness:
    """Maria's items across the groups, one she asked of Joe, and a decision in her channel."""
    backbone.command("Renew the HUD grant by Nov 25")  # overdue once the clock moves
    backbone.command("Call the shelter by Friday")  # this week
    backbone.command("Draft the winter plan by Dec 10")  # later
    backbone.command("Read the PIT count notes")  # no date
    backbone.command("Book the room <@UJOE> by Friday")  # asked of Joe
    backbone.command("Joe's own thing", user=JOE)  # not Maria's business
    with backbone.database() as session:
        record_decision(session, team_id=TEAM, recorder_id=JOE, channel_id=CASE,
                        text="We hold 3 beds for veterans", now=backbone.clock.now)  # fmt: skip
        record_decision(session, team_id=TEAM, recorder_id=JOE, channel_id="COTHER",
                        text="Not in Maria's channels", now=backbone.clock.now)  # fmt: skip
    backbone.clock.now = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thursday
    backbone.emulator.clear_calls()
    return backbone


def test_opening_home_shows_items_by_when(marias_week: Harness) -> None:
    view = open_home(marias_week, MARIA).view
    assert texts(view) == [
        "Your action items",
        "*⚠️ Overdue* (1)",
        "*A-1* Renew the HUD grant — <@UMARIA> · due Wed Nov 25 · ⚠️ overdue · <#CCASE>",
        "*This week* (1)",
        "*A-2* Call the shelter — <@UMARIA> · due Fri Nov 27 · <#CCASE>",
        "*Later* (1)",
        "*A-3* Draft the winter plan — <@UMARIA> · due Thu Dec 10 · <#CCASE>",
        "*No date* (1)",
        "*A-4* Read the PIT count notes — <@UMARIA> · <#CCASE>",
        "*You asked others* (1)",
        "*A-5* Book the room — <@UJOE> · due Fri Nov 27 · <#CCASE>",
        "*Decisions in your channels, last 14 days* (1)",
        "*D-1* We hold 3 beds for veterans · <#CCASE> · Tue Nov 24",
    ]
    now = marias_week.clock.now
    with marias_week.database() as session:
        page = gather_home(session, team_id=TEAM, user_id=MARIA, now=now, zone=ZoneInfo(NY))
        expected = render_home(home_page(page, now=now, zone=NY))
    published = marias_week.emulator.calls("views.publish")
    assert published == [{"user_id": MARIA, "view": expected, "team_id": TEAM}]
    assert_snapshot("home", expected)


def test_the_messages_tab_draws_nothing(marias_week: Harness) -> None:
    marias_week.emulator.send_event(
        {"type": "app_home_opened", "user": MARIA, "channel": "DX", "tab": "messages"}
    )
    marias_week.settle()
    assert marias_week.emulator.calls("views.publish") == []


def test_done_from_home_closes_the_item_and_redraws_the_home(marias_week: Harness) -> None:
    open_home(marias_week, JOE)
    marias_week.emulator.clear_calls()
    answer = marias_week.emulator.click_view(home_of(marias_week, JOE), ActionId.ITEM_DONE,
                                             user=JOE, value="5")  # fmt: skip
    marias_week.settle()
    assert answer.status == 200
    item = marias_week.item(5)
    assert (item.status, item.done_at) == (Status.DONE, marias_week.clock.now)
    assert marias_week.emulator.calls("chat.update")[0]["text"] == (
        "✅ A-5 Book the room — done by <@UJOE>"
    )
    assert texts(home_of(marias_week, JOE).view)[:2] == [
        "Your action items",
        "✅ A-5 is done. Thank you!",
    ]
    assert "A-5" not in json.dumps(texts(home_of(marias_week, JOE).view)[2:])
    # Maria asked for it: she is told, and her Home is not redrawn (she never opened it).
    assert marias_week.dms(MARIA) == [
        "✅ You asked for *A-5* Book the room: <@UJOE> marked it done."
    ]
    assert [c["user_id"] for c in marias_week.emulator.calls("views.publish")] == [JOE]
    assert marias_week.emulator.responses() == []


def test_snooze_from_home(marias_week: Harness) -> None:
    home = open_home(marias_week, MARIA)
    marias_week.emulator.click_view(home, ActionId.ITEM_SNOOZE, user=MARIA,
                                    selected_option_value="1:tomorrow")  # fmt: skip
    marias_week.settle()
    # Tomorrow, Friday, as it begins in New York.
    assert marias_week.item(1).snoozed_until == datetime(2026, 11, 27, 5, 0, tzinfo=UTC)
    lines = texts(home_of(marias_week, MARIA).view)
    assert lines[1] == "😴 Reminders about A-1 are paused until Fri Nov 27."
    assert lines[3] == (
        "*A-1* Renew the HUD grant — <@UMARIA> · due Wed Nov 25 · ⚠️ overdue · <#CCASE> "
        "· 😴 until Fri Nov 27"
    )


@pytest.mark.parametrize("who", [JOE, MARIA, ADMIN], ids=["owner", "creator", "admin"])
def test_home_buttons_follow_the_rule_about_who_may_change(marias_week: Harness, who: str) -> None:
    marias_week.command("Something of my own", user=who)  # so their Home has a button
    home = open_home(marias_week, who)
    # A-5 (Maria asked, Joe owns): the button's value says which item it closes.
    marias_week.emulator.click_view(home, ActionId.ITEM_DONE, user=who, value="5")
    marias_week.settle()
    assert marias_week.item(5).status == Status.DONE


def test_a_stale_home_button_is_refused_in_a_small_modal(marias_week: Harness) -> None:
    home = open_home(marias_week, PAT)
    marias_week.command("Pat's item", user=PAT)
    home = home_of(marias_week, PAT)
    marias_week.emulator.clear_calls()
    # The button of an item that is not Pat's (a Home drawn before it was handed on, say).
    marias_week.emulator.click_view(home, ActionId.ITEM_DONE, user=PAT, value="5")
    marias_week.settle()
    assert marias_week.item(5).status == Status.OPEN
    opened = marias_week.emulator.calls("views.open")
    assert opened == [
        {
            "trigger_id": opened[0]["trigger_id"],
            "view": notice_modal(
                "Only the owners of A-5, the person who asked for it, or a workspace admin can "
                "change it. Nothing was changed. You could ask them in the thread."
            ),
            "team_id": TEAM,
        }
    ]
    assert marias_week.emulator.calls("chat.update") == []


def test_changes_redraw_the_homes_of_those_concerned_who_opened_theirs(
    marias_week: Harness,
) -> None:
    open_home(marias_week, JOE)
    open_home(marias_week, PAT)
    marias_week.emulator.clear_calls()
    marias_week.command("assign A-5 <@UPAT>")
    # Joe lost A-5, Pat got it; Maria never opened her Home.
    assert [c["user_id"] for c in marias_week.emulator.calls("views.publish")] == [JOE, PAT]
    marias_week.emulator.clear_calls()
    marias_week.command("Ask <@UJOE> about the van")
    assert [c["user_id"] for c in marias_week.emulator.calls("views.publish")] == [JOE]


def test_a_home_with_200_items_stays_within_100_blocks(backbone: Harness) -> None:
    now = backbone.clock.now
    with backbone.database() as session:
        for n in range(200):
            due = Due(at=now + timedelta(days=n % 20 - 5), all_day=True, zone=NY)
            draft = Draft(
                owners=[MARIA], title=f"Item {n} " + "x" * 300, due=due if n % 7 else None
            )
            create_item(session, team_id=TEAM, creator_id=MARIA if n % 3 else JOE,
                        channel_id=CASE, draft=draft, now=now)  # fmt: skip
        for n in range(30):
            draft = Draft(owners=[JOE], title=f"Asked {n} " + "y" * 400, due=None)
            create_item(session, team_id=TEAM, creator_id=MARIA, channel_id=CASE, draft=draft,
                        now=now)  # fmt: skip
            record_decision(session, team_id=TEAM, recorder_id=MARIA, channel_id=CASE,
                            text=f"Decision {n} " + "z" * 500, now=now)  # fmt: skip
    view = open_home(backbone, MARIA).view
    assert len(view["blocks"]) <= 100
    assert backbone.emulator.failed_calls("views.publish") == []
    lines = texts(view)
    mores = [line for line in lines if line.startswith("…and ")]
    shown = sum(1 for b in view["blocks"] if b["type"] == "actions") - 1  # minus Add
    assert shown == 35
    assert sum(int(more.split()[1]) for more in mores[:-2]) == 200 - shown
    assert all(len(line) <= 3000 for line in lines)


def test_add_action_item_opens_the_form_and_saves_in_the_chosen_channel(
    marias_week: Harness,
) -> None:
    home = open_home(marias_week, MARIA)
    marias_week.emulator.clear_calls()
    marias_week.emulator.click_view(home, ActionId.HOME_ADD_ITEM, user=MARIA)
    marias_week.settle()
    expected = item_modal(
        ItemForm(
            callback_id=CallbackId.ITEM_NEW,
            heading="New action item",
            submit="Save",
            metadata="{}",
            owners=[MARIA],
            ask_channel=True,
        )
    )
    opened = marias_week.emulator.calls("views.open")
    assert opened == [{"trigger_id": opened[0]["trigger_id"], "view": expected, "team_id": TEAM}]
    assert_snapshot("item_modal_new", expected)
    answer = submit(marias_week, modal_of(marias_week, MARIA), user=MARIA,
                    title="Order blankets", owners=[JOE], due_date="2026-12-01",
                    due_time="14:30", channel=CASE)  # fmt: skip
    assert answer.body == ""
    item = marias_week.item(7)
    assert (item.title, item.owner_ids, item.creator_id, item.channel_id, item.due_at) == (
        "Order blankets",
        [JOE],
        MARIA,
        CASE,
        datetime(2026, 12, 1, 19, 30, tzinfo=UTC),  # 14:30 in Maria's New York
    )
    assert marias_week.emulator.messages(CASE)[-1].text.startswith("📌 A-7 Order blankets")
    assert texts(home_of(marias_week, MARIA).view)[1] == (
        "📌 *A-7* is saved and posted in <#CCASE>."
    )


@pytest.mark.parametrize(
    ("channel", "problem"),
    [
        (  # why: a private channel Backbone was not invited to
            "CSECRET",
            "I'm not in that channel. Invite me there first (type /invite @Backbone in it), "
            "or pick another one.",
        ),
        ("COLD", "That channel is archived. Pick another one."),  # why: nobody would see it
    ],
)
def test_add_refuses_a_channel_it_cannot_post_in(
    marias_week: Harness, channel: str, problem: str
) -> None:
    # The form closes at once; Slack is asked about the channel after, and the form opens again
    # as Maria typed it, saying why (a channel picker takes no new value: she picks again).
    emulator = marias_week.emulator
    emulator.add_channel("CSECRET", "secret", members=(MARIA,), is_private=True,
                         bot_is_member=False)  # fmt: skip
    emulator.add_channel("COLD", "old-project", members=(MARIA,), is_archived=True)
    emulator.click_view(open_home(marias_week, MARIA), ActionId.HOME_ADD_ITEM, user=MARIA)
    marias_week.settle()
    emulator.clear_calls()
    typed = {"title": "Order blankets", "owners": [JOE], "due_date": "2026-12-01",
             "due_time": "14:30", "channel": channel}  # fmt: skip
    answer = submit(marias_week, modal_of(marias_week, MARIA), user=MARIA, **typed)
    assert answer.body == ""
    said = f"⚠️ I haven't saved it yet. {problem}"
    again = item_modal(
        ItemForm(
            callback_id=CallbackId.ITEM_NEW, heading="New action item", submit="Save",
            metadata="{}", title="Order blankets", owners=[JOE], day=date(2026, 12, 1),
            at=time(14, 30), ask_channel=True, notes=(line(said),),
        )
    )  # fmt: skip
    opened = emulator.calls("views.open")
    assert opened == [{"trigger_id": opened[0]["trigger_id"], "view": again, "team_id": TEAM}]
    assert texts(modal_of(marias_week, MARIA).view)[0] == said
    with marias_week.database() as session:
        from storage.actions import get_item

        assert get_item(session, team_id=TEAM, number=7) is None
    assert emulator.calls("chat.postMessage") == []


def test_a_refused_channel_is_said_on_home_when_the_form_cannot_open_again(
    marias_week: Harness,
) -> None:
    # Slack refuses a trigger a few seconds old: the Home Maria pressed Add in says it instead.
    emulator = marias_week.emulator
    emulator.add_channel("COLD", "old-project", members=(MARIA,), is_archived=True)
    emulator.click_view(open_home(marias_week, MARIA), ActionId.HOME_ADD_ITEM, user=MARIA)
    marias_week.settle()
    emulator.fail_next("views.open", error="expired_trigger_id")
    answer = submit(marias_week, modal_of(marias_week, MARIA), user=MARIA, title="Order blankets",
                    channel="COLD")  # fmt: skip
    assert answer.body == ""
    assert texts(home_of(marias_week, MARIA).view)[1] == (
        "⚠️ I haven't saved it yet. That channel is archived. Pick another one."
    )
    with marias_week.database() as session:
        from storage.actions import get_item

        assert get_item(session, team_id=TEAM, number=7) is None


def test_being_away_shows_on_home(marias_week: Harness) -> None:
    marias_week.command("away until Dec 2")
    lines = texts(open_home(marias_week, MARIA).view)
    assert lines[1] == (
        "🌴 You're away until Wed Dec 2: reminders are on hold. Back early? Type `/action back`."
    )


def test_slack_failing_to_describe_the_channel_opens_the_form_again_with_an_apology(
    marias_week: Harness,
) -> None:
    # Slack's own trouble, not the channel's: nothing is saved, and the form says sorry as typed.
    emulator = marias_week.emulator
    emulator.click_view(open_home(marias_week, MARIA), ActionId.HOME_ADD_ITEM, user=MARIA)
    marias_week.settle()
    emulator.fail_next("conversations.info", error="missing_scope")
    answer = submit(marias_week, modal_of(marias_week, MARIA), user=MARIA, title="Order blankets",
                    channel=CASE)  # fmt: skip
    assert answer.body == ""
    said = texts(modal_of(marias_week, MARIA).view)[0]
    assert said.startswith(
        "⚠️ I haven't saved it yet. Sorry, something went wrong on my side and I couldn't "
        "finish that. Please try again in a minute."
    ), said
    with marias_week.database() as session:
        from storage.actions import get_item

        assert get_item(session, team_id=TEAM, number=7) is None
