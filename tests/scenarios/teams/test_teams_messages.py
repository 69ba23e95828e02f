"""What a Teams user does, over real HTTP: notes, commands in a channel and in the personal chat,
group pings refused, typed markup kept as text, installs and removals, forged requests refused.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.ids import ActionId, GoalField, ItemField
from bot.sandbox.teams.sender import Forgery
from storage.models import Goal, Person, TeamsConversation, Workspace
from storage.teams_refs import conversation
from tests.scenarios.teams.conftest import Tenant

NOTES = (
    "<p>Case conference, Tuesday</p>"
    "<p>ACTION: <at>Joe Park</at> call the shelter about 3 beds by Friday<br>"
    "TODO: renew the lease for unit 4</p>"
)


def channel(t: Tenant) -> str:
    return t.emu.channel(t.team.id, "Case conferencing")


def test_install_remembers_the_team_and_its_channels(tenant: Tenant) -> None:
    with tenant.deps.transaction() as session:
        workspace = session.get(Workspace, tenant.emu.tenant_id)
        assert workspace is not None and workspace.uninstalled_at is None
        kept = {
            c.conversation_id: c.teams_team_id
            for c in session.scalars(select(TeamsConversation)).all()
        }
    assert kept.get(channel(tenant)) == tenant.team.id  # a channel never written in yet
    assert kept.get(tenant.team.id) == tenant.team.id  # General


def test_meeting_notes_are_captured_with_one_reply_in_their_thread(tenant: Tenant) -> None:
    said = tenant.emu.say(channel(tenant), tenant.maria, NOTES, mention_bot=False,
                          mentions=[tenant.joe])  # fmt: skip
    assert said.status == 200
    tenant.settle()
    items = tenant.items()
    assert [(i.title, i.owner_ids) for i in items] == [
        ("call the shelter about 3 beds", [tenant.joe.id]),
        ("renew the lease for unit 4", [tenant.maria.id]),
    ]
    (reply,) = tenant.emu.replies(channel(tenant), said.id)
    assert "A-1" in str(reply.activity) and "A-2" in str(reply.activity)
    assert tenant.emu.refusals() == []
    assert tenant.emu.send(said.activity).status == 200  # Teams delivers it again
    tenant.settle()
    assert len(tenant.items()) == 2 and len(tenant.emu.replies(channel(tenant), said.id)) == 1
    edited = tenant.emu.edit(said, NOTES.replace("unit 4", "unit 5"))
    assert edited.status == 200
    tenant.settle()
    assert [i.title for i in tenant.items()][1] == "renew the lease for unit 5"
    assert len(tenant.emu.replies(channel(tenant), said.id)) == 1  # updated, not posted again


def test_a_command_in_a_channel_is_announced_in_its_thread(tenant: Tenant) -> None:
    said = tenant.emu.say(channel(tenant), tenant.maria,
                          "action <at>Joe Park</at> call the landlord by Friday",
                          mentions=[tenant.joe])  # fmt: skip
    assert said.status == 200
    tenant.settle()
    (item,) = tenant.items()
    assert (item.title, item.owner_ids) == ("call the landlord", [tenant.joe.id])
    (announced,) = tenant.emu.replies(channel(tenant), said.id)
    assert "A-1" in str(announced.activity)
    assert tenant.emu.refusals() == []


def test_a_command_in_the_personal_chat_needs_no_mention(tenant: Tenant) -> None:
    tenant.emu.say(channel(tenant), tenant.maria, "action renew the lease")
    tenant.settle()
    for typed in ("action list", "/action list"):
        assert tenant.emu.say_personal(tenant.maria, typed).status == 200
    tenant.settle()
    lists = [p for p in tenant.emu.dms(tenant.maria.id) if "renew the lease" in str(p.activity)]
    assert len(lists) == 2
    with tenant.deps.transaction() as session:
        maria = session.get(Person, (tenant.emu.tenant_id, tenant.maria.id))
        assert maria is not None and maria.tz == "America/Chicago"  # from the client's info
        chat = conversation(session, tenant_id=tenant.emu.tenant_id,
                            conversation_id=tenant.emu.personal_chat_id(tenant.maria))  # fmt: skip
        assert chat is not None and chat.person_id == tenant.maria.id


def test_a_group_mention_is_refused_and_told_privately(tenant: Tenant) -> None:
    shaped = tenant.emu.say(channel(tenant), tenant.maria, "action help").activity
    tenant.settle()
    # The driver mentions people; a team's mention is written as Teams writes it.
    team = {
        "type": "mention", "text": "<at>Outreach</at>",
        "mentioned": {"id": tenant.team.id, "name": "Outreach", "conversationIdentityType": "team"},
    }  # fmt: skip
    text = "<at>Backbone</at> action <at>Outreach</at> read the minutes"
    activity = {**shaped, "id": shaped["id"] + "7", "text": text,
                "entities": [*shaped["entities"], team]}  # fmt: skip
    assert tenant.emu.send(activity).status == 200
    tenant.settle()
    assert tenant.items() == []
    told = [p for p in tenant.emu.dms(tenant.maria.id) if "people as owners" in str(p.activity)]
    assert len(told) == 1


def test_typed_markup_stays_text(tenant: Tenant) -> None:
    typed = "action &lt;!channel&gt; &lt;at&gt;Joe Park&lt;/at&gt; thank the donors"
    tenant.emu.say(channel(tenant), tenant.maria, typed)
    tenant.settle()
    (item,) = tenant.items()
    assert item.owner_ids == [tenant.maria.id]
    assert item.title == "&lt;!channel&gt; &lt;at&gt;Joe Park&lt;/at&gt; thank the donors"
    assert tenant.emu.refusals() == []


def test_a_member_removed_leaves_their_items_needing_an_owner(tenant: Tenant) -> None:
    tenant.emu.say(channel(tenant), tenant.maria, "action <at>Joe Park</at> renew the lease",
                   mentions=[tenant.joe])  # fmt: skip
    tenant.settle()
    assert tenant.emu.remove_member(tenant.team.id, tenant.joe).status == 200
    tenant.settle()
    (item,) = tenant.items()
    assert item.needs_owner is True


def test_removed_from_the_team_pauses_it(tenant: Tenant) -> None:
    for delivery in tenant.emu.uninstall(team_id=tenant.team.id):
        assert delivery.status == 200
    tenant.settle()
    with tenant.deps.transaction() as session:
        general = conversation(session, tenant_id=tenant.emu.tenant_id,
                               conversation_id=tenant.team.id)  # fmt: skip
        assert general is not None and general.active is False


@pytest.mark.parametrize("forgery", [Forgery.BAD_SIGNATURE, Forgery.EXPIRED, Forgery.NONE])
def test_a_forged_activity_changes_nothing(tenant: Tenant, forgery: Forgery) -> None:
    tenant.emu.clear_calls()
    said = tenant.emu.say(channel(tenant), tenant.maria, "TODO: forged", mention_bot=False,
                          forgery=forgery)  # fmt: skip
    assert said.status == 401
    tenant.settle()
    assert tenant.items() == [] and tenant.emu.calls("activities.send") == []


def test_edit_from_a_message_answers_with_a_button_that_opens_the_form(tenant: Tenant) -> None:
    tenant.emu.say(channel(tenant), tenant.maria, "action renew the lease by Friday")
    tenant.settle()
    tenant.emu.say_personal(tenant.maria, "action edit A-1")
    tenant.settle()
    card = next(p for p in tenant.emu.dms(tenant.maria.id) if "Edit A-1" in str(p.activity))
    opened = tenant.emu.fetch_dialog(card, ActionId.ITEM_UPDATE, tenant.maria)
    assert opened.status == 200 and opened.dialog is not None
    saved = tenant.emu.submit_dialog(opened.dialog, {ItemField.TITLE: "renew the lease today"})
    assert saved.status == 200
    tenant.settle()
    assert [i.title for i in tenant.items()] == ["renew the lease today"]
    assert tenant.emu.refusals() == []


def test_a_decision_a_poll_and_a_digest_from_a_channel(tenant: Tenant) -> None:
    decided = tenant.emu.say(channel(tenant), tenant.maria, "decision Intake moves to Tuesdays")
    tenant.settle()
    (announced,) = tenant.emu.replies(channel(tenant), decided.id)
    assert "Intake moves to Tuesdays" in str(announced.activity)
    tenant.emu.say(channel(tenant), tenant.maria, 'poll "Which day?" "Tuesday" "Thursday"')
    tenant.settle()
    assert any("Which day?" in str(p.activity) for p in tenant.emu.posts(channel(tenant)))
    on = tenant.emu.say(channel(tenant), tenant.maria, "digest on Monday 9am")
    tenant.settle()
    (turned_on,) = tenant.emu.replies(channel(tenant), on.id)
    assert "Monday" in str(turned_on.activity)
    assert tenant.emu.refusals() == []


def test_home_in_the_personal_chat(tenant: Tenant) -> None:
    tenant.emu.say(channel(tenant), tenant.maria, "action renew the lease")
    tenant.settle()
    assert tenant.emu.say_personal(tenant.maria, "home").status == 200
    tenant.settle()
    assert any("renew the lease" in str(p.activity) for p in tenant.emu.dms(tenant.maria.id))
    assert tenant.emu.refusals() == []


def test_a_goal_asked_for_in_a_channel_comes_once_to_the_personal_chat_with_its_chart(
    tenant: Tenant,
) -> None:
    # why: on Slack the card is whispered in the channel and its chart sent by DM; on Teams both
    # would land in the personal chat, so the card must come once, with its chart.
    adding = 'goal add "Beds filled" higher is better, baseline 10, target 30 by June 30, monthly'
    for typed in (adding, "goal report G-1 12 for September", "goal report G-1 14 for October"):
        tenant.emu.say(channel(tenant), tenant.maria, typed)
        tenant.settle()
    before = len(tenant.emu.dms(tenant.maria.id))
    tenant.emu.say(channel(tenant), tenant.maria, "goal G-1")
    tenant.settle()
    new = tenant.emu.dms(tenant.maria.id)[before:]
    cards = [post for post in new if "Beds filled" in str(post.activity)]
    assert len([post for post in cards if "Recent values" in str(post.activity)]) == 1
    assert any("/teams/pictures/" in str(post.activity) or "Run chart" in str(post.activity)
               for post in new)  # fmt: skip
    assert tenant.emu.refusals() == []


def test_goal_edit_from_a_message_answers_with_a_button_that_opens_the_goal_form(
    tenant: Tenant,
) -> None:
    adding = 'goal add "Beds filled" higher is better, baseline 10, target 30 by June 30, monthly'
    tenant.emu.say(channel(tenant), tenant.maria, adding)
    tenant.settle()
    tenant.emu.say(channel(tenant), tenant.joe, "goal edit G-1")  # not his goal: refused
    tenant.emu.say_personal(tenant.maria, "goal edit G-1")
    tenant.settle()
    assert not any("Edit G-1" in str(p.activity) for p in tenant.emu.dms(tenant.joe.id))
    card = next(p for p in tenant.emu.dms(tenant.maria.id) if "Edit G-1" in str(p.activity))
    opened = tenant.emu.fetch_dialog(card, ActionId.GOAL_EDIT, tenant.maria)
    assert opened.status == 200 and opened.dialog is not None
    saved = tenant.emu.submit_dialog(opened.dialog, {GoalField.TARGET: "35"})
    assert saved.status == 200
    tenant.settle()
    with tenant.deps.transaction() as session:
        (goal,) = session.scalars(select(Goal)).all()
        assert goal.target == 35
    assert tenant.emu.refusals() == []
