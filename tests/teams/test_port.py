"""The Teams port over real HTTP: the emulator's token issuer (msal, https) and its connector.

Every call goes through msal, the SDK's ApiClient and the one Teams loop to the emulator, which
checks tokens, cards and Teams' rules; what it refuses comes back as the port's `ChatError`.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.messages.parts import (
    Button,
    Controls,
    Form,
    HomePage,
    Message,
    Paragraph,
    Tag,
    TextField,
)
from bot.messages.spans import Mention, line
from bot.port import ChatError, ChatPort, Ports, PostRef, Seen
from bot.sandbox.teams.server import TeamsEmulator
from bot.sandbox.teams.state import Person, Team
from bot.teams.cloud import cloud_for
from bot.teams.connector import Connector
from bot.teams.port import NO_PUBLIC_URL, TeamsPort, TeamsPorts
from bot.teams.spans import escape
from bot.teams.token import BotToken
from storage import teams_posts, teams_refs
from storage.db import make_session_factory, transaction
from storage.models import Platform, Workspace
from storage.people import Profile, save_profile
from tests.conftest import NOW, FakeClock

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class World:
    """A tenant with the Outreach team (Backbone installed), Maria and Joe in it, a stranger."""

    emu: TeamsEmulator
    port: TeamsPort
    token: BotToken
    factory: sessionmaker[Session]
    maria: Person
    joe: Person
    stranger: Person
    team: Team
    planning: str


@pytest.fixture
def emu() -> Iterator[TeamsEmulator]:
    with TeamsEmulator() as emulator:
        yield emulator


def make_port(
    emu: TeamsEmulator, factory: sessionmaker[Session], public_url: str | None = None
) -> tuple[TeamsPort, BotToken]:
    cloud = cloud_for("public", openid_url=emu.openid_url, login_url=emu.login_url_https)
    token = BotToken(app_id=emu.app_id, password=emu.app_password, tenant_id=emu.tenant_id,
                     cloud=cloud, verify=emu.ca_file)  # fmt: skip
    connector = Connector(cloud=cloud, token=token.token, renew=token.forget)
    port = TeamsPort(
        tenant_id=emu.tenant_id,
        app_id=emu.app_id,
        connector=connector,
        session_factory=factory,
        clock=FakeClock(NOW),
        public_url=public_url,
    )
    return port, token


@pytest.fixture
def world(emu: TeamsEmulator, engine: Engine) -> World:
    maria = emu.add_person("Maria Lopez")
    joe = emu.add_person("Joe Park")
    stranger = emu.add_person("Sam Guest", in_tenant=False)
    team = emu.add_team("Outreach", members=[maria, joe])
    planning = emu.add_channel(team.id, "Planning")
    with emu.state.lock:  # installed, as install_in_team does, without a bot to tell
        emu.state.teams[team.id].installed = True
    factory = make_session_factory(engine)
    with transaction(factory) as session:  # what the inbound activities left
        session.add(Workspace(team_id=emu.tenant_id, name="Westside", platform=Platform.TEAMS,
                              created_at=NOW))  # fmt: skip
        for channel, name in [(team.id, "General"), (planning, "Planning")]:
            teams_refs.remember_conversation(
                session, tenant_id=emu.tenant_id, conversation_id=channel, kind="channel",
                service_url=emu.service_url, teams_team_id=team.id, name=name, now=NOW,
            )  # fmt: skip
    port, token = make_port(emu, factory)
    return World(emu, port, token, factory, maria, joe, stranger, team, planning)


def said(*pieces: object, tag: Tag | None = None, button: bool = True) -> Message:
    words = line(*pieces)  # type: ignore[arg-type]
    parts = (Paragraph((words,)), Controls((Button("Done", "item_done", "1", "primary"),)))
    return Message(text=words, parts=parts if button else (), tag=tag)


def test_a_post_is_a_card_in_the_channel_and_read_back_from_the_ledger(world: World) -> None:
    tag = Tag("digest", {"week": "2026-11-23", "count": 3})
    ref = world.port.post(
        world.planning, said("Call the shelter ", Mention(world.maria.id), tag=tag)
    )
    [post] = world.emu.posts(world.planning)
    assert (ref, post.author) == (PostRef(world.planning, post.id), world.emu.bot_id)
    [card] = post.cards
    assert card["body"][0]["items"][0]["text"] == "Call the shelter <at>Maria Lopez</at>"
    assert card["msteams"]["entities"][0]["mentioned"] == {
        "id": world.maria.id,
        "name": "Maria Lopez",
    }
    assert world.emu.refusals() == []
    seen = Seen(ref, world.port.me(), "Call the shelter @Maria Lopez", tag, None, True)
    assert world.port.read(ref) == seen
    assert world.port.find_tagged(world.planning, "digest", since=NOW - timedelta(days=1)) == [seen]
    assert world.port.find_tagged(world.planning, "digest", since=NOW + timedelta(seconds=1)) == []
    assert world.port.read(PostRef(world.planning, "1:someone-elses")) is None


def test_names_come_from_the_people_we_know_before_the_member_lookup(world: World) -> None:
    with transaction(world.factory) as session:
        profile = Profile(world.maria.id, "Maria L.", "America/Chicago", False, False, False)
        save_profile(session, team_id=world.emu.tenant_id, profile=profile, now=NOW)
    world.emu.clear_calls()
    world.port.post(world.planning, said(Mention(world.maria.id), " and ", Mention(world.joe.id)))
    [post] = world.emu.posts(world.planning)
    assert post.cards[0]["body"][0]["items"][0]["text"] == (
        "<at>Maria L.</at> and <at>Joe Park</at>"
    )
    assert len(world.emu.calls("members.get")) == 1  # why: only Joe had to be looked up


def test_several_people_unknown_here_are_named_by_one_members_call(world: World) -> None:
    world.emu.clear_calls()
    world.port.post(world.planning, said(Mention(world.maria.id), ", ", Mention(world.joe.id)))
    [post] = world.emu.posts(world.planning)
    assert post.cards[0]["body"][0]["items"][0]["text"] == "<at>Maria Lopez</at>, <at>Joe Park</at>"
    assert (len(world.emu.calls("members.list")), world.emu.calls("members.get")) == (1, [])


def test_an_update_replaces_the_card_in_place(world: World) -> None:
    ref = world.port.post(world.team.id, said("Open"))
    world.port.update(ref, said("Done ✅", tag=Tag("item", {"number": 1})))
    post = world.emu.post(world.team.id, ref.id)
    assert post.edited and post.cards[0]["body"][0]["items"][0]["text"] == "Done ✅"
    assert world.port.find_tagged(world.team.id, "item", since=NOW) == [
        Seen(ref, world.port.me(), "Done ✅", Tag("item", {"number": 1}), None, True)
    ]


def test_a_reply_goes_in_the_posts_thread(world: World) -> None:
    root = world.port.post(world.planning, said("Poll"))
    reply = world.port.reply(root, said("Results", button=False))
    [posted] = world.emu.replies(world.planning, root.id)
    assert (reply, posted.text) == (PostRef(world.planning, posted.id), "Results")
    assert [p.id for p in world.emu.posts(world.planning)] == [root.id]  # why: not top level
    assert world.port.read(reply) == Seen(reply, world.port.me(), "Results", None, root, True)


def test_a_dm_opens_the_personal_chat_once_and_remembers_it(world: World) -> None:
    first = world.port.dm(world.maria.id, said("Reminder 1", button=False))
    second = world.port.dm(world.maria.id, said("Reminder 2", button=False))
    assert [p.text for p in world.emu.dms(world.maria.id)] == ["Reminder 1", "Reminder 2"]
    assert len(world.emu.calls("conversations.create")) == 1
    chat = world.emu.personal_chat_id(world.maria.id)
    assert first.channel == second.channel == chat
    with transaction(world.factory) as session:
        stored = teams_refs.personal_conversation(
            session, tenant_id=world.emu.tenant_id, person_id=world.maria.id
        )
    assert stored is not None and (stored.conversation_id, stored.kind) == (chat, "personal")


def test_the_token_is_asked_for_once_and_kept(world: World) -> None:
    for number in range(3):
        world.port.post(world.planning, said(f"Post {number}", button=False))
    assert len(world.emu.calls("token")) == 1
    assert world.token.fetched == 1


def test_a_whisper_goes_to_the_personal_chat_saying_where_from(world: World) -> None:
    world.port.whisper(world.planning, world.joe.id, said("Only for Joe", button=False))
    [dm] = world.emu.dms(world.joe.id)
    assert dm.text.startswith("For you only, from [\\#Planning](https://teams")
    assert dm.text.endswith(": Only for Joe")
    root = PostRef(world.planning, "1764687600000")
    world.port.whisper(world.planning, world.joe.id, said("A card"), thread=root)
    card = world.emu.dms(world.joe.id)[1].cards[0]
    assert card["body"][0]["text"].startswith(
        "For you only, from [a message](https://teams.microsoft.com/l/message/"
    )
    assert world.emu.refusals() == []


def test_the_port_is_a_chat_port_and_the_ports_are_ports(world: World) -> None:
    port: ChatPort = world.port  # why: mypy checks every method against the protocol
    ports: Ports = TeamsPorts(world.port)
    assert (port.platform, ports.working_team()) == ("teams", world.emu.tenant_id)


def test_a_personal_chat_is_a_direct_conversation_of_one_person(world: World) -> None:
    ref = world.port.dm(world.joe.id, said("Hello", button=False))
    chat = world.port.channel(ref.channel)
    assert (chat.direct, chat.private, chat.member) == (True, True, True)
    assert world.port.members(ref.channel) == frozenset({world.joe.id})


def test_a_form_is_left_as_the_answer_of_its_invoke(world: World) -> None:
    form = Form(key="item_edit", title="Edit A-1", items=(TextField("item_title", "Title"),),
                submit="Save", state="1")  # fmt: skip
    world.port.open_form("invoke-1", form)
    answer = world.port.answers["invoke-1"]
    assert answer["task"]["value"]["title"] == "Edit A-1"
    assert world.emu.calls("activities.send") == []  # why: Teams shows it as the invoke's answer


def test_a_picture_is_served_from_backbones_address(world: World) -> None:
    port, _ = make_port(world.emu, world.factory, public_url="https://backbone.example.org/")
    port.upload_image(world.planning, PNG, name="digest", title="This week", alt="3 done")
    [post] = world.emu.posts(world.planning)
    [image] = [e for e in post.cards[0]["body"] if e["type"] == "Image"]
    picture = image["url"].removeprefix("https://backbone.example.org/teams/pictures/")
    assert (image["type"], image["altText"], picture.endswith(".png")) == ("Image", "3 done", True)
    with transaction(world.factory) as session:
        assert teams_posts.picture_png(session, picture_id=picture.removesuffix(".png")) == PNG


def test_without_a_public_address_the_card_says_what_the_picture_shows(world: World) -> None:
    root = world.port.post(world.planning, said("Digest"))
    world.port.upload_image(world.planning, PNG, name="d", title="This week", alt="3 done",
                            thread=root)  # fmt: skip
    [post] = world.emu.replies(world.planning, root.id)
    texts = [block["items"][0]["text"] for block in post.cards[0]["body"][:2]]
    assert texts == ["This week", "3 done"]
    assert post.cards[0]["body"][2]["text"] == escape(NO_PUBLIC_URL)


def test_the_home_is_one_card_updated_in_place(world: World) -> None:
    page = HomePage(parts=(Paragraph((line("Your items"),)),))
    world.port.show_home(world.maria.id, page)
    world.port.show_home(world.maria.id, HomePage(parts=(Paragraph((line("Nothing due"),)),)))
    [home] = world.emu.dms(world.maria.id)
    assert home.edited and home.cards[0]["body"][0]["items"][0]["text"] == "Nothing due"


def test_people_channels_and_members(world: World) -> None:
    maria = world.port.person(world.maria.id)
    assert (maria.id, maria.name, maria.bot, maria.deactivated) == (
        world.maria.id, "Maria Lopez", False, False,
    )  # fmt: skip
    assert world.port.members(world.planning) == frozenset({world.maria.id, world.joe.id})
    planning = world.port.channel(world.planning)
    assert (planning.name, planning.private, planning.member, planning.direct) == (
        "Planning", False, True, False,
    )  # fmt: skip
    assert world.port.me() == f"28:{world.emu.app_id}"
    link = world.port.link_to(PostRef(world.planning, "1764687600000"))
    assert link is not None and link.startswith("https://teams.microsoft.com/l/message/19%3A")
    assert world.port.reactions(PostRef(world.planning, "1")) == {}


def kind_of(call: object) -> tuple[str, float | None]:
    try:
        call()  # type: ignore[operator]
    except ChatError as error:
        return error.kind, error.retry_after
    raise AssertionError("no ChatError")


def test_refusals_become_chat_errors_the_services_act_on(world: World) -> None:
    port, emu = world.port, world.emu
    with transaction(world.factory) as session:
        teams_refs.remember_conversation(
            session, tenant_id=emu.tenant_id, conversation_id="19:gone@thread.tacv2",
            kind="channel", service_url=emu.service_url, now=NOW,
        )  # fmt: skip
    other = emu.add_team("Elsewhere")  # Backbone is not in it
    assert kind_of(lambda: port.post("19:gone@thread.tacv2", said("x"))) == ("no_channel", None)
    assert kind_of(lambda: port.post(other.id, said("x"))) == ("cannot_post", None)
    assert kind_of(lambda: port.update(PostRef(world.planning, "404"), said("x"))) == (
        "no_message", None,
    )  # fmt: skip
    assert kind_of(lambda: port.reply(PostRef(world.planning, "404"), said("x"))) == (
        "no_message", None,
    )  # fmt: skip
    assert kind_of(lambda: port.dm(world.stranger.id, said("x"))) == ("no_person", None)
    assert kind_of(lambda: port.person(world.stranger.id)) == ("no_person", None)
    assert kind_of(lambda: port.react(PostRef(world.planning, "1"), "tada")) == ("refused", None)
    assert kind_of(lambda: port.channel("19:unknown@thread.tacv2")) == ("no_channel", None)
    emu.fail_next("activities.send", status=429, retry_after=7)
    assert kind_of(lambda: port.post(world.planning, said("x"))) == ("rate_limited", 7.0)
    assert [p.text for p in emu.posts(world.planning)] == []  # why: nothing posted, nothing kept


def test_a_token_the_connector_refuses_means_backbone_was_revoked(world: World) -> None:
    cloud = cloud_for("public", login_url=world.emu.login_url_https)
    connector = Connector(cloud=cloud, token=lambda: "not-a-token")
    port = TeamsPort(tenant_id=world.emu.tenant_id, app_id=world.emu.app_id, connector=connector,
                     session_factory=world.factory, clock=FakeClock(NOW))  # fmt: skip
    assert kind_of(lambda: port.post(world.planning, said("x"))) == ("revoked", None)


def test_a_token_refused_once_is_renewed_and_the_call_made_again(world: World) -> None:
    kept = ["stale"]  # why: a token Entra gave may be refused before it says it expires
    connector = Connector(cloud=world.port.connector.cloud, token=lambda: kept[0],
                          renew=lambda: kept.__setitem__(0, world.token.token()))  # fmt: skip
    sent = connector.send(world.emu.service_url, world.planning, {"type": "message", "text": "x"})
    assert [p.id for p in world.emu.posts(world.planning)] == [sent]


def test_a_wrong_secret_is_refused_by_entra_as_revoked(world: World) -> None:
    cloud = cloud_for("public", login_url=world.emu.login_url_https)
    token = BotToken(app_id=world.emu.app_id, password="wrong", tenant_id=world.emu.tenant_id,
                     cloud=cloud, verify=world.emu.ca_file)  # fmt: skip
    assert kind_of(token.token) == ("revoked", None)


def test_a_connector_that_does_not_answer_is_unreachable(world: World) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/amer/"
        connector = Connector(cloud=cloud_for("public"), token=lambda: "t", timeout=0.2)
        with pytest.raises(ChatError) as raised:
            connector.send(url, world.planning, {"type": "message", "text": "x"})
    assert raised.value.kind == "unreachable"


def test_the_ports_serve_the_one_tenant_until_it_is_lost(world: World) -> None:
    ports = TeamsPorts(world.port)
    tenant = world.emu.tenant_id
    assert (ports.for_team(tenant), ports.for_team("other"), ports.working_team()) == (
        world.port, None, tenant,
    )  # fmt: skip
    ports.lose(tenant)
    assert (ports.for_team(tenant), ports.working_team(), ports.lost) == (None, None, {tenant})
