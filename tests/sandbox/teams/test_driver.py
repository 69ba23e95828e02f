"""The driver: the activities people's actions deliver, and what Teams does with the answers."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from tests.sandbox.teams.conftest import World
from tests.sandbox.teams.test_connector import token

CARD = "application/vnd.microsoft.card.adaptive"


def _card(*actions: dict[str, Any], body: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": body or [{"type": "TextBlock", "text": "Call the shelter", "wrap": True}],
        "actions": list(actions),
    }


def _bot_posts(world: World, card: dict[str, Any]) -> str:
    answer = httpx.post(
        f"{world.emu.service_url}v3/conversations/{world.planning}/activities",
        json={"type": "message", "attachments": [{"contentType": CARD, "content": card}]},
        headers={"Authorization": f"Bearer {token(world.emu)}"},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def test_a_channel_message_has_the_shape_teams_sends(world: World) -> None:
    world.emu.say(
        world.planning, world.maria, "action call <at>Joe Park</at>", mentions=[world.joe]
    )
    [activity] = world.bot.received
    assert activity["text"] == "<at>Backbone</at> action call <at>Joe Park</at>"
    assert activity["channelId"] == "msteams"
    assert activity["serviceUrl"] == world.emu.service_url
    assert activity["from"] == {
        "id": world.maria.id,
        "name": "Maria Lopez",
        "aadObjectId": world.maria.aad_object_id,
    }
    assert activity["conversation"] == {
        "conversationType": "channel",
        "tenantId": world.emu.tenant_id,
        "id": f"{world.planning};messageid={activity['id']}",
        "isGroup": True,
    }
    assert activity["channelData"]["tenant"] == {"id": world.emu.tenant_id}
    assert activity["channelData"]["team"]["id"] == world.team.id
    assert activity["channelData"]["channel"] == {"id": world.planning, "name": "Planning"}
    mentions = [e for e in activity["entities"] if e["type"] == "mention"]
    assert [m["mentioned"]["id"] for m in mentions] == [world.emu.bot_id, world.joe.id]
    [info] = [e for e in activity["entities"] if e["type"] == "clientInfo"]
    assert (info["timezone"], info["locale"]) == ("America/Chicago", "en-US")
    assert activity["localTimezone"] == "America/Chicago"


def test_a_personal_message_and_its_edit(world: World) -> None:
    said = world.emu.say_personal(world.joe, "list")
    world.emu.edit(said, "list mine")
    first, edited = world.bot.received
    assert first["conversation"]["conversationType"] == "personal"
    assert first["conversation"]["id"] == world.emu.personal_chat_id(world.joe)
    assert (edited["type"], edited["id"], edited["text"]) == ("messageUpdate", said.id, "list mine")
    assert edited["channelData"]["eventType"] == "editMessage"


def test_pressing_a_button_sends_its_verb_and_a_card_answer_replaces_the_card(world: World) -> None:
    button = {
        "type": "Action.Execute",
        "title": "Done",
        "verb": "item_done",
        "data": {"value": "7"},
    }
    post_id = _bot_posts(world, _card(button))
    done = _card(body=[{"type": "TextBlock", "text": "Done by Maria"}])
    world.bot.reply_with({"statusCode": 200, "type": CARD, "value": done})
    post = world.emu.post(world.planning, post_id)
    delivery = world.emu.press(post, "item_done", None, world.maria)
    assert delivery.status == 200
    [invoke] = world.bot.received
    assert (invoke["type"], invoke["name"], invoke["replyToId"]) == (
        "invoke",
        "adaptiveCard/action",
        post_id,
    )
    assert invoke["value"]["action"] == {
        "type": "Action.Execute",
        "verb": "item_done",
        "data": {"value": "7"},
    }
    assert world.emu.post(world.planning, post_id).cards == [done]
    assert world.emu.refusals() == []


def test_a_dialog_opens_and_submits(world: World) -> None:
    opener = {
        "type": "Action.Submit",
        "title": "Edit",
        "data": {"msteams": {"type": "task/fetch"}, "verb": "item_edit", "value": "7"},
    }
    post_id = _bot_posts(world, _card(opener))
    form = _card(
        {"type": "Action.Submit", "title": "Save", "data": {"form": "item_edit", "state": "7"}},
        body=[{"type": "Input.Text", "id": "title", "label": "Title", "isRequired": True}],
    )
    dialog_answer = {
        "task": {
            "type": "continue",
            "value": {"title": "Edit", "card": {"contentType": CARD, "content": form}},
        }
    }
    world.bot.reply_with(dialog_answer)
    opened = world.emu.fetch_dialog(
        world.emu.post(world.planning, post_id), "item_edit", world.maria
    )
    assert opened.dialog is not None and opened.dialog.title == "Edit"
    submitted = world.emu.submit_dialog(opened.dialog, {"title": "Call the shelter today"})
    assert submitted.status == 200
    fetch, submit = world.bot.received
    assert (fetch["name"], fetch["value"]["data"]["verb"]) == ("task/fetch", "item_edit")
    assert submit["name"] == "task/submit"
    assert submit["value"]["data"] == {
        "form": "item_edit",
        "state": "7",
        "title": "Call the shelter today",
    }
    assert submitted.dialog is None
    assert world.emu.refusals() == []


def test_the_message_action_carries_the_message(world: World) -> None:
    said = world.emu.say(world.planning, world.joe, "we should call the shelter", mention_bot=False)
    form = _card(
        {"type": "Action.Submit", "title": "Create", "data": {"form": "make_action_item"}},
        body=[{"type": "Input.Text", "id": "title", "value": "we should call the shelter"}],
    )
    world.bot.reply_with(
        {
            "task": {
                "type": "continue",
                "value": {
                    "title": "Make action item",
                    "card": {"contentType": CARD, "content": form},
                },
            }
        }
    )
    post = world.emu.post(world.planning, said.id)
    opened = world.emu.message_action(post, world.maria)
    assert opened.dialog is not None
    world.emu.submit_dialog(opened.dialog)
    _, fetch, submit = world.bot.received
    assert fetch["name"] == "composeExtension/fetchTask"
    assert fetch["value"]["commandId"] == "make_action_item"
    assert fetch["value"]["messagePayload"]["id"] == said.id
    assert submit["name"] == "composeExtension/submitAction"
    assert submit["value"]["data"] == {
        "form": "make_action_item",
        "title": "we should call the shelter",
    }


def test_a_bad_invoke_answer_is_recorded_as_refused(world: World) -> None:
    button = {"type": "Action.Execute", "title": "Done", "verb": "item_done"}
    post_id = _bot_posts(world, _card(button))
    world.bot.reply_with(
        {"statusCode": 200, "type": CARD, "value": {"type": "AdaptiveCard", "version": "1.6"}}
    )
    world.emu.press(world.emu.post(world.planning, post_id), "item_done", None, world.maria)
    [refusal] = world.emu.refusals()
    assert refusal["method"] == "invoke:adaptiveCard/action"
    assert "1.5" in refusal["messages"][0]
    assert world.emu.post(world.planning, post_id).history == []  # the card stayed


def test_install_uninstall_and_membership_events(world: World) -> None:
    world.emu.remove_member(world.team.id, world.joe, by=world.maria)
    world.emu.uninstall(team_id=world.team.id, person=world.maria)
    removed, installation, update = world.bot.received
    assert removed["membersRemoved"] == [
        {"id": world.joe.id, "aadObjectId": world.joe.aad_object_id}
    ]
    assert removed["channelData"]["eventType"] == "teamMemberRemoved"
    assert (installation["type"], installation["action"]) == ("installationUpdate", "remove")
    assert update["membersRemoved"] == [{"id": world.emu.bot_id}]
    world.emu.install_personal(world.joe)
    added = world.bot.received[-2]
    assert (added["action"], added["conversation"]["conversationType"]) == ("add", "personal")


def test_channel_and_team_mentions_carry_their_entities(world: World) -> None:
    text = "<at>Planning</at> and <at>Outreach</at> look"
    world.emu.say(world.planning, world.maria, text, mention_channel=True, mention_team=True)
    [activity] = world.bot.received
    mentioned = [e["mentioned"] for e in activity["entities"] if e["type"] == "mention"]
    assert mentioned[1:] == [
        {"id": world.planning, "name": "Planning", "conversationIdentityType": "channel"},
        {"id": world.team.id, "name": "Outreach", "conversationIdentityType": "team"},
    ]


def test_a_mention_must_be_written_in_the_text(world: World) -> None:
    with pytest.raises(ValueError, match="<at>Joe Park</at>"):
        world.emu.say(world.planning, world.maria, "hi Joe", mentions=[world.joe])
    assert world.bot.received == []


def test_a_group_chat_message_and_a_deletion(world: World) -> None:
    chat = world.emu.add_group_chat("Leads", [world.maria, world.joe])
    said = world.emu.say(chat, world.joe, "action book the room")
    world.emu.delete_message(said)
    message, deletion = world.bot.received
    assert message["conversation"] == {
        "conversationType": "groupChat",
        "tenantId": world.emu.tenant_id,
        "id": chat,
        "isGroup": True,
        "name": "Leads",
    }
    assert message["channelData"] == {"tenant": {"id": world.emu.tenant_id}}
    assert (deletion["type"], deletion["id"]) == ("messageDelete", said.id)
    assert world.emu.posts(chat, by_bot=False) == []


def test_a_plain_submit_sends_a_message_with_its_value(world: World) -> None:
    submit = {"type": "Action.Submit", "title": "Vote", "data": {"poll": "3"}}
    choice = {"type": "Input.ChoiceSet", "id": "option", "choices": [{"title": "A", "value": "a"}]}
    post_id = _bot_posts(world, _card(submit, body=[choice]))
    world.emu.submit_card(
        world.emu.post(world.planning, post_id), "Vote", world.joe, inputs={"option": "a"}
    )
    [activity] = world.bot.received
    assert (activity["type"], activity["replyToId"]) == ("message", post_id)
    assert activity["value"] == {"poll": "3", "option": "a"}
    assert "text" not in activity


def test_pressing_what_the_card_lacks_fails_the_test(world: World) -> None:
    post_id = _bot_posts(
        world, _card({"type": "Action.Execute", "title": "Done", "verb": "item_done"})
    )
    post = world.emu.post(world.planning, post_id)
    with pytest.raises(AssertionError, match=r"no Action\.Execute with verb .item_snooze."):
        world.emu.press(post, "item_snooze", None, world.maria)
    with pytest.raises(AssertionError, match="no input 'when'"):
        world.emu.press(post, "item_done", None, world.maria, inputs={"when": "1d"})
    assert world.bot.received == []


def test_a_local_picture_that_does_not_load_is_recorded(world: World) -> None:
    missing = world.bot.url.replace("/api/messages", "/teams/pictures/nothing.png")
    picture = {"type": "Image", "url": missing, "altText": "chart"}
    _bot_posts(world, _card(body=[picture]))
    [refusal] = world.emu.refusals()
    assert refusal["error"] == "PictureUnreachable"
    assert missing in refusal["messages"][0]


def test_an_error_answer_to_a_press_is_taken_when_well_formed(world: World) -> None:
    post_id = _bot_posts(
        world, _card({"type": "Action.Execute", "title": "Done", "verb": "item_done"})
    )
    post = world.emu.post(world.planning, post_id)
    error = {"code": "BadRequest", "message": "That item is already done."}
    world.bot.reply_with(
        {"statusCode": 400, "type": "application/vnd.microsoft.error", "value": error}
    )
    world.emu.press(post, "item_done", None, world.maria)
    assert world.emu.refusals() == []
    world.bot.reply_with(
        {"statusCode": 400, "type": "application/vnd.microsoft.error", "value": "no"}
    )
    world.emu.press(post, "item_done", None, world.maria)
    assert [r["method"] for r in world.emu.refusals()] == ["invoke:adaptiveCard/action"]


def test_reactions_reach_the_bot_only_on_its_own_posts(world: World) -> None:
    post_id = _bot_posts(world, _card(body=[{"type": "TextBlock", "text": "Poll"}]))
    world.emu.react(world.emu.post(world.planning, post_id), world.joe, "heart")
    [activity] = world.bot.received
    assert (activity["type"], activity["replyToId"]) == ("messageReaction", post_id)
    assert activity["reactionsAdded"] == [{"type": "heart"}]
    said = world.emu.say(world.planning, world.maria, "hello")
    with pytest.raises(AssertionError, match="its own messages"):
        world.emu.react(world.emu.post(world.planning, said.id), world.joe)


def test_a_new_channel_is_announced_to_the_installed_bot(world: World) -> None:
    delivery = world.emu.create_channel(world.team.id, "Housing", by=world.joe)
    [activity] = world.bot.received
    channel = activity["channelData"]["channel"]
    assert (activity["channelData"]["eventType"], channel["name"]) == ("channelCreated", "Housing")
    assert (
        world.emu.channel(world.team.id, "Housing")
        == channel["id"]
        == (delivery.activity["channelData"]["channel"]["id"])
    )
    assert "entities" not in activity  # from the service, not a client


def test_nothing_reaches_a_bot_not_installed_there(world: World) -> None:
    other = world.emu.add_team("Finance", members=[world.maria])
    loner = world.emu.add_person("Lee Solo")
    deliveries = [
        world.emu.say(other.id, world.maria, "hello"),
        world.emu.say_personal(loner, "hello"),
        world.emu.remove_member(other.id, world.maria, by=world.maria),
        world.emu.create_channel(other.id, "Budget", by=world.maria),
    ]
    assert [d.status for d in deliveries] == [0, 0, 0, 0]
    assert world.bot.received == []


def test_a_press_after_uninstall_reaches_nobody(world: World) -> None:
    post_id = _bot_posts(
        world, _card({"type": "Action.Execute", "title": "Done", "verb": "item_done"})
    )
    post = world.emu.post(world.planning, post_id)
    world.emu.uninstall(team_id=world.team.id, person=world.maria)
    world.bot.received.clear()
    assert world.emu.press(post, "item_done", None, world.maria).status == 0
    assert world.bot.received == []
    assert world.emu.refusals() == []


def test_a_held_connector_call_waits_until_released(world: World) -> None:
    answers: list[int] = []
    with world.emu.holding("activities.send"):
        thread = threading.Thread(
            target=lambda: answers.append(
                httpx.post(
                    f"{world.emu.service_url}v3/conversations/{world.planning}/activities",
                    json={"type": "message", "text": "late"},
                    headers={"Authorization": f"Bearer {token(world.emu)}"},
                ).status_code
            )
        )
        thread.start()
        thread.join(timeout=0.5)
        assert (answers, world.emu.calls("activities.send")) == ([], [])
    thread.join(timeout=5)
    assert answers == [201]
    assert [p.text for p in world.emu.posts(world.planning)] == ["late"]
