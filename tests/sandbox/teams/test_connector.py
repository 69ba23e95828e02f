"""The connector, driven by the Teams SDK's own `ApiClient` with a token from the emulator's
token endpoint: posts, thread replies, updates, deletes, 1:1 chats, members, teams, and the
connector's refusals."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx
import pytest
from microsoft_teams.api import ApiClient
from microsoft_teams.api.activities import MessageActivityInput
from microsoft_teams.api.clients.conversation.params import CreateConversationParams
from microsoft_teams.api.models import Account
from microsoft_teams.common import ClientOptions

from bot.sandbox.teams.server import TeamsEmulator
from tests.sandbox.teams.conftest import World

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def token(emu: TeamsEmulator) -> str:
    form = {
        "grant_type": "client_credentials",
        "client_id": emu.app_id,
        "client_secret": emu.app_password,
        "scope": "https://api.botframework.com/.default",
    }
    return str(httpx.post(emu.token_url, data=form).json()["access_token"])


def client(emu: TeamsEmulator, bearer: str | None = None) -> ApiClient:
    return ApiClient(emu.service_url, ClientOptions(token=bearer or token(emu)))


def test_a_post_in_a_channel_is_recorded_with_its_card(world: World) -> None:
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Hi"}]}
    activity = MessageActivityInput(text="Hi").add_card(card)  # type: ignore[arg-type]
    sent = run(client(world.emu).conversations.create_activity(world.planning, activity))
    [post] = world.emu.posts(world.planning)
    assert (post.id, post.text, post.cards, post.author) == (
        sent.id,
        "Hi",
        [card],
        world.emu.bot_id,
    )
    assert world.emu.calls("activities.send")[0]["args"] == [world.planning]


def test_a_reply_goes_into_the_thread_its_conversation_id_names(world: World) -> None:
    said = world.emu.say(world.planning, world.maria, "action call the shelter")
    thread = said.activity["conversation"]["id"]
    assert thread == f"{world.planning};messageid={said.id}"
    api = client(world.emu).conversations
    run(api.create_activity(thread, MessageActivityInput(text="Noted")))
    run(api.reply_to_activity(thread, said.id, MessageActivityInput(text="Also")))
    replies = world.emu.replies(world.planning, said.id)
    assert [r.text for r in replies] == ["Noted", "Also"]
    assert world.emu.posts(world.planning) == []  # nothing top-level from the bot


def test_a_reply_to_id_alone_does_not_thread(world: World) -> None:
    said = world.emu.say(world.planning, world.maria, "hello")
    api = client(world.emu).conversations
    run(api.reply_to_activity(world.planning, said.id, MessageActivityInput(text="Top")))
    assert [p.text for p in world.emu.posts(world.planning)] == ["Top"]
    assert world.emu.replies(world.planning, said.id) == []


def test_an_update_replaces_the_post_and_keeps_its_history(world: World) -> None:
    api = client(world.emu).conversations
    sent = run(api.create_activity(world.planning, MessageActivityInput(text="Open")))
    run(api.update_activity(world.planning, sent.id, MessageActivityInput(text="Closed")))
    post = world.emu.post(world.planning, sent.id)
    assert (post.text, [h["text"] for h in post.history]) == ("Closed", ["Open"])
    run(api.delete_activity(world.planning, sent.id))
    assert world.emu.posts(world.planning) == []
    assert world.emu.post(world.planning, sent.id).deleted


def test_the_bot_cannot_change_someone_elses_message(world: World) -> None:
    said = world.emu.say(world.planning, world.maria, "hello")
    answer = httpx.put(
        f"{world.emu.service_url}v3/conversations/{world.planning}/activities/{said.id}",
        json={"type": "message", "text": "hijacked"},
        headers={"Authorization": f"Bearer {token(world.emu)}"},
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "Forbidden"


def test_a_personal_chat_opens_for_a_team_member(world: World) -> None:
    params = CreateConversationParams(
        members=[Account(id=world.joe.id, name=world.joe.name)],
        tenant_id=world.emu.tenant_id,
        channel_data={"tenant": {"id": world.emu.tenant_id}},
    )
    api = client(world.emu)
    created = run(api.conversations.create(params))
    assert created.id.startswith("a:")
    assert created.id == world.emu.personal_chat_id(world.joe)
    run(api.conversations.create_activity(created.id, MessageActivityInput(text="Reminder")))
    assert [p.text for p in world.emu.dms(world.joe.id)] == ["Reminder"]


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("stranger", 400, "BadArgument"),  # why: not in the tenant
        ("outsider", 403, "Forbidden"),  # why: in the tenant, but the bot is not installed for them
    ],
)
def test_a_personal_chat_is_refused_to_people_the_bot_cannot_reach(
    world: World, who: str, status: int, code: str
) -> None:
    person = world.stranger if who == "stranger" else world.emu.add_person("Out Sider")
    body = {
        "bot": {"id": world.emu.bot_id},
        "members": [{"id": person.id}],
        "channelData": {"tenant": {"id": world.emu.tenant_id}},
        "isGroup": False,
    }
    answer = httpx.post(
        f"{world.emu.service_url}v3/conversations",
        json=body,
        headers={"Authorization": f"Bearer {token(world.emu)}"},
    )
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)


def test_members_are_listed_read_and_paged(world: World) -> None:
    api = client(world.emu).conversations
    members = run(api.get_members(world.planning))
    assert [(m.id, m.name, m.aad_object_id) for m in members] == [
        (world.maria.id, "Maria Lopez", world.maria.aad_object_id),
        (world.joe.id, "Joe Park", world.joe.aad_object_id),
    ]
    assert run(api.get_member_by_id(world.planning, world.joe.aad_object_id)).id == world.joe.id
    first = run(api.get_paged_members(world.planning, page_size=1))
    assert [m.id for m in first.members] == [world.maria.id]
    second = run(api.get_paged_members(world.planning, 1, first.continuation_token))
    assert ([m.id for m in second.members], second.continuation_token) == ([world.joe.id], None)


def test_a_member_not_in_the_conversation_is_not_found(world: World) -> None:
    answer = httpx.get(
        f"{world.emu.service_url}v3/conversations/{world.planning}/members/{world.stranger.id}",
        headers={"Authorization": f"Bearer {token(world.emu)}"},
    )
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "MemberNotFoundInConversation"


def test_a_team_and_its_channels_are_read(world: World) -> None:
    api = client(world.emu)
    channels = run(api.teams.get_conversations(world.team.id))
    assert [(c.id, c.name) for c in channels] == [
        (world.team.id, None),
        (world.planning, "Planning"),
    ]
    details = run(api.teams.get_by_id(world.team.id))
    assert (details.id, details.name, details.aad_group_id) == (
        world.team.id,
        "Outreach",
        world.team.aad_group_id,
    )


def _post(
    emu: TeamsEmulator, conversation: str, bearer: str | None, **activity: Any
) -> httpx.Response:
    headers = {} if bearer is None else {"Authorization": f"Bearer {bearer}"}
    return httpx.post(
        f"{emu.service_url}v3/conversations/{conversation}/activities",
        json={"type": "message", "text": "hi", **activity},
        headers=headers,
    )


def test_every_request_needs_a_token_from_the_tenant(world: World) -> None:
    for bearer in (None, "not-a-jwt", world.emu.activity_token()):
        answer = _post(world.emu, world.planning, bearer)
        assert answer.status_code == 401
        assert answer.json() == {"message": "Authorization has been denied for this request."}
    assert world.emu.posts(world.planning) == []


def test_unknown_conversations_and_uninstalled_teams_are_refused(world: World) -> None:
    bearer = token(world.emu)
    missing = _post(world.emu, "19:nothing@thread.tacv2", bearer)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "ConversationNotFound")
    world.emu.uninstall(team_id=world.team.id, person=world.maria)
    gone = _post(world.emu, world.planning, bearer)
    assert (gone.status_code, gone.json()["error"]["code"]) == (403, "BotNotInConversationRoster")


def test_throttling_answers_429_with_retry_after(world: World) -> None:
    world.emu.fail_next("activities.send", status=429, retry_after=3)
    answer = _post(world.emu, world.planning, token(world.emu))
    assert (answer.status_code, answer.headers["Retry-After"]) == (429, "3")
    assert world.emu.posts(world.planning) == []
    assert _post(world.emu, world.planning, token(world.emu)).status_code == 201


def test_mentions_need_their_entities(world: World) -> None:
    bearer = token(world.emu)
    bare = _post(world.emu, world.planning, bearer, text="<at>Maria Lopez</at> please")
    assert (bare.status_code, bare.json()["error"]["code"]) == (400, "BadArgument")
    assert "no matching mention entity" in bare.json()["error"]["message"]
    entity = {
        "type": "mention",
        "text": "<at>Maria Lopez</at>",
        "mentioned": {"id": world.maria.id, "name": "Maria Lopez"},
    }
    ok = _post(
        world.emu, world.planning, bearer, text="<at>Maria Lopez</at> please", entities=[entity]
    )
    assert ok.status_code == 201
    assert [r["error"] for r in world.emu.refusals()] == ["BadArgument"]


def test_a_busy_token_endpoint_answers_with_retry_after(emu: TeamsEmulator) -> None:
    emu.fail_next("token", status=503, retry_after=2)
    form = {
        "grant_type": "client_credentials",
        "client_id": emu.app_id,
        "client_secret": emu.app_password,
        "scope": "https://api.botframework.com/.default",
    }
    busy = httpx.post(emu.token_url, data=form)
    assert (busy.status_code, busy.headers["Retry-After"]) == (503, "2")
    assert busy.json()["error"] == "temporarily_unavailable"
    assert httpx.post(emu.token_url, data=form).status_code == 200


def test_a_personal_chat_can_open_with_its_first_message(world: World) -> None:
    body = {
        "bot": {"id": world.emu.bot_id},
        "members": [{"id": world.maria.aad_object_id}],
        "tenantId": world.emu.tenant_id,
        "activity": {"type": "message", "text": "Your week"},
    }
    answer = httpx.post(
        f"{world.emu.service_url}v3/conversations",
        json=body,
        headers={"Authorization": f"Bearer {token(world.emu)}"},
    )
    assert answer.status_code == 201
    assert answer.json()["id"] == world.emu.personal_chat_id(world.maria)
    [dm] = world.emu.dms(world.maria.id)
    assert (dm.id, dm.text) == (answer.json()["activityId"], "Your week")


def test_a_new_channel_thread_starts_with_its_first_message(world: World) -> None:
    body = {
        "isGroup": True,
        "channelData": {"channel": {"id": world.planning}, "tenant": {"id": world.emu.tenant_id}},
        "activity": {"type": "message", "text": "Weekly digest"},
    }
    answer = httpx.post(
        f"{world.emu.service_url}v3/conversations",
        json=body,
        headers={"Authorization": f"Bearer {token(world.emu)}"},
    )
    assert answer.status_code == 201
    [post] = world.emu.posts(world.planning)
    assert answer.json() == {"id": f"{world.planning};messageid={post.id}", "activityId": post.id}


@pytest.mark.parametrize(
    "body",
    [
        {"isGroup": True, "members": [{"id": "29:1a"}, {"id": "29:1b"}]},  # why: no group chats
        {"isGroup": True, "channelData": {"channel": {"id": "19:none@thread.tacv2"}}},
        {"members": [{"id": "29:1a"}], "channelData": ["not", "an", "object"]},
        {"members": "everyone"},
    ],
)
def test_malformed_conversation_requests_get_400(world: World, body: dict[str, Any]) -> None:
    answer = httpx.post(
        f"{world.emu.service_url}v3/conversations",
        json={"tenantId": world.emu.tenant_id, **body},
        headers={"Authorization": f"Bearer {token(world.emu)}"},
    )
    assert (answer.status_code, answer.json()["error"]["code"]) == (400, "BadArgument")
