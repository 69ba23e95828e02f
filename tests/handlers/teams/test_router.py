"""`TeamsApp.receive` with activities shaped as Teams sends them, a real database, a recording port.

Commands from a channel (after Backbone's mention) and from the personal chat, meeting notes
captured once with one reply in their thread, edits followed, group pings refused, typed
markup kept as text, installs and removals, other tenants refused, and a full queue.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from bot.deps import Deps
from bot.ids import ActionId
from bot.messages.parts import Button, Controls, Form, Message
from bot.messages.spans import Line
from bot.port import ChatError, PersonInfo, PostRef
from bot.services.directory import person_for
from bot.work import Lane, WorkQueue
from handlers.teams.router import TeamsApp
from storage.db import make_engine, make_session_factory
from storage.models import ActionItem, Decision, Person, Poll, TeamsConversation, Workspace
from storage.teams_refs import conversation
from tests.conftest import FakeClock
from tests.handlers.teams.recorded import (
    ANA,
    ANA_CHAT,
    BO,
    BOT,
    CHANNEL,
    PEOPLE,
    SERVICE,
    TENANT,
)
from tests.handlers.teams.recorded import Recorded as Shared

TEAM = "19:teamgeneral@thread.tacv2"


class Recorded(Shared):
    """The recording port as a message's handlers see it: no forms, and no zones (Teams does
    not say people's zones; they come from the activities)."""

    def open_form(self, trigger: str, form: Form) -> None:
        raise AssertionError("a message cannot open a form in Teams")

    def person(self, person: str) -> PersonInfo:
        if person not in PEOPLE:
            raise ChatError("no_person", "member not found")
        return PersonInfo(person, PEOPLE[person], None, False, False, False)

    def said(self, kind: str) -> list[str]:
        """The plain words of every message of one kind sent."""
        return [words(m.text) for k, _, m in self.sent if k == kind and isinstance(m, Message)]


def words(said: Line) -> str:
    return "".join(getattr(span, "text", "") for span in said)


@dataclass
class Teams:
    app: TeamsApp
    port: Recorded
    deps: Deps

    def send(self, activity: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        return self.app.receive(activity)

    def items(self) -> list[ActionItem]:
        with self.deps.transaction() as session:
            return list(session.scalars(select(ActionItem).order_by(ActionItem.number)))


@pytest.fixture
def teams(database_url: str, clock: FakeClock) -> Iterator[Teams]:
    engine = make_engine(database_url)
    deps = Deps(make_session_factory(engine), clock=clock, ballot_key=b"k" * 32)
    port = Recorded()
    yield Teams(TeamsApp(deps, port), port, deps)
    engine.dispose()


_ids = iter(range(1_700_000_100_000, 1_800_000_000_000))


def mention(ident: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "mention",
        "text": f"<at>{name}</at>",
        "mentioned": {"id": ident, "name": name, **extra},
    }


ME = mention(BOT, "Backbone")


def activity(
    text: str,
    *,
    kind: str = "channel",
    entities: list[dict[str, Any]] | None = None,
    sender: str = ANA,
    tenant: str = TENANT,
    root: str | None = None,
    ident: str | None = None,
    type_: str = "message",
    zone: str | None = "America/Chicago",
    **extra: Any,
) -> dict[str, Any]:
    """A message activity as Teams sends it to a bot."""
    ident = ident or str(next(_ids))
    conversation_id = {"channel": CHANNEL, "personal": ANA_CHAT, "groupChat": "19:g@thread.v2"}[
        kind
    ]
    if root:
        conversation_id += f";messageid={root}"
    client = [{"type": "clientInfo", "locale": "en-US", "timezone": zone}] if zone else []
    channel_data: dict[str, Any] = {"tenant": {"id": tenant}}
    if kind == "channel":
        channel_data |= {
            "teamsTeamId": TEAM,
            "team": {"id": TEAM, "name": "Outreach"},
            "channel": {"id": CHANNEL, "name": "Case conferencing"},
        }
    return {
        "type": type_,
        "id": ident,
        "timestamp": "2026-11-24T15:00:00.000Z",
        "serviceUrl": SERVICE,
        "channelId": "msteams",
        "from": {"id": sender, "name": PEOPLE.get(sender, "someone"), "aadObjectId": "x"},
        "conversation": {
            "id": conversation_id,
            "conversationType": kind,
            "tenantId": tenant,
            "isGroup": kind != "personal",
        },
        "recipient": {"id": BOT, "name": "Backbone"},
        "textFormat": "plain",
        "text": text,
        "entities": [*(entities or []), *client],
        "channelData": channel_data,
        **extra,
    }


NOTES = (
    "<p>Case conference, Tuesday</p>"
    "<p>ACTION: <at>Bo Chen</at> call the shelter about 3 beds by Friday<br>"
    "TODO: renew the lease for unit 4</p>"
)


def test_another_tenant_is_refused_and_nothing_is_stored(teams: Teams) -> None:
    status, body = teams.send(activity(NOTES, tenant="11111111-2222-4333-8444-555555555555"))
    assert (status, body) == (403, None)
    assert teams.port.sent == [] and teams.items() == []
    with teams.deps.transaction() as session:
        assert session.scalars(select(TeamsConversation)).all() == []


def test_meeting_notes_are_captured_once_with_one_reply_in_their_thread(teams: Teams) -> None:
    notes = activity(NOTES, entities=[mention(BO, "Bo Chen")], ident="1700000000777")
    assert teams.send(notes) == (200, None)
    items = teams.items()
    assert [(i.title, i.owner_ids) for i in items] == [
        ("call the shelter about 3 beds", [BO]),
        ("renew the lease for unit 4", [ANA]),  # a line naming nobody is its writer's
    ]
    replies = [(k, where) for k, where, _ in teams.port.sent if k in {"reply", "post"}]
    assert replies == [("reply", PostRef(CHANNEL, "1700000000777"))]
    assert teams.send(notes) == (200, None)  # Teams delivers it again: nothing more happens
    assert len(teams.items()) == 2
    assert [k for k, _, _ in teams.port.sent if k in {"reply", "post"}] == ["reply"]


def test_notes_in_a_thread_reply_are_answered_in_that_thread(teams: Teams) -> None:
    teams.send(activity("TODO: book the room", root="1700000000123", ident="1700000000456"))
    assert [where for k, where, _ in teams.port.sent if k == "reply"] == [
        PostRef(CHANNEL, "1700000000123")
    ]


def test_an_edit_follows_what_was_captured(teams: Teams) -> None:
    teams.send(activity("TODO: renew the lease", ident="1700000000900"))
    edited = activity(
        "TODO: renew the lease for unit 4",
        ident="1700000000900",
        type_="messageUpdate",
    )
    edited["channelData"]["eventType"] = "editMessage"
    assert teams.send(edited) == (200, None)
    assert [i.title for i in teams.items()] == ["renew the lease for unit 4"]
    assert "update" in [k for k, _, _ in teams.port.sent]


def test_a_deleted_message_keeps_its_items(teams: Teams) -> None:
    teams.send(activity("TODO: renew the lease", ident="1700000000901"))
    deleted = activity("", ident="1700000000901", type_="messageDelete")
    deleted["channelData"]["eventType"] = "softDeleteMessage"
    assert teams.send(deleted) == (200, None)
    assert [i.title for i in teams.items()] == ["renew the lease"]


def test_a_bot_s_message_is_never_captured(teams: Teams) -> None:
    bots = activity("TODO: this is Backbone's own reply", sender=BOT)
    bots["from"]["role"] = "bot"
    assert teams.send(bots) == (200, None)
    other_app = activity("ACTION: from another app", sender="28:another-app")
    assert teams.send(other_app) == (200, None)
    assert teams.items() == [] and teams.port.sent == []


def test_a_group_chat_command_is_answered_in_the_chat_and_its_notes_are_not_read(
    teams: Teams,
) -> None:
    assert teams.send(activity("TODO: book the room", kind="groupChat")) == (200, None)
    assert teams.items() == []
    teams.send(activity("<at>Backbone</at> action book the room", kind="groupChat", entities=[ME]))
    assert len(teams.items()) == 1
    assert [k for k, _, _ in teams.port.sent if k != "home"] == ["post"]


def test_a_message_without_notes_or_mention_does_nothing(teams: Teams) -> None:
    assert teams.send(activity("<p>Thanks everyone, see you Tuesday</p>")) == (200, None)
    assert teams.items() == [] and teams.port.sent == []


def test_a_command_in_a_channel_is_announced_in_its_thread(teams: Teams) -> None:
    text = "<p><at>Backbone</at>&nbsp;action <at>Bo Chen</at> call the landlord by Friday</p>"
    sent = activity(text, entities=[ME, mention(BO, "Bo Chen")], ident="1700000000555")
    assert teams.send(sent) == (200, None)
    (item,) = teams.items()
    assert (item.title, item.owner_ids, item.creator_id) == ("call the landlord", [BO], ANA)
    assert item.channel_id == CHANNEL
    assert [(k, where) for k, where, _ in teams.port.sent if k != "home"] == [
        ("reply", PostRef(CHANNEL, "1700000000555"))
    ]


@pytest.mark.parametrize("typed", ["action list", "/action list", "Action list"])
def test_a_command_in_the_personal_chat_needs_no_mention(teams: Teams, typed: str) -> None:
    teams.send(activity("action renew the lease", kind="channel", entities=[ME]))
    assert teams.send(activity(typed, kind="personal")) == (200, None)
    posts = [(k, where) for k, where, _ in teams.port.sent if k == "post"]
    assert posts == [("post", ANA_CHAT)]
    assert "renew the lease" in teams.port.said("post")[0]


def test_a_command_delivered_twice_is_done_once(teams: Teams) -> None:
    sent = activity("<at>Backbone</at> action renew the lease", entities=[ME])
    teams.send(sent)
    teams.send(sent)
    assert len(teams.items()) == 1


def test_help_in_the_personal_chat(teams: Teams) -> None:
    teams.send(activity("hello there", kind="personal"))
    assert "starting with one of: action, decision" in teams.port.said("post")[0]
    teams.send(activity("action help", kind="personal"))
    assert len(teams.port.said("post")) == 2


def test_answers_for_the_person_alone_go_to_their_personal_chat(teams: Teams) -> None:
    teams.send(activity("<at>Backbone</at> action list", entities=[ME]))
    assert [(k, who) for k, who, _ in teams.port.sent] == [("whisper", ANA)]


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        (
            "<at>Backbone</at> action <at>Case conferencing</at> read the minutes",
            [ME, mention(CHANNEL, "Case conferencing", conversationIdentityType="channel")],
        ),
        (
            "<at>Backbone</at> action <at>Outreach</at> read the minutes",
            [ME, mention(TEAM, "Outreach", conversationIdentityType="team")],
        ),
        (
            "<at>Backbone</at> action <at>Nurses</at> read the minutes",
            [ME, mention("MjAyNC0xMC0x", "Nurses", type="tag")],
        ),
    ],
)
def test_a_group_mention_is_refused_as_an_owner(
    teams: Teams, text: str, entities: list[dict[str, Any]]
) -> None:
    assert teams.send(activity(text, entities=entities)) == (200, None)
    assert teams.items() == []
    (said,) = teams.port.said("whisper")
    assert "needs people as owners" in said


def test_hostile_text_is_kept_as_text(teams: Teams) -> None:
    text = (
        "<p><at>Backbone</at> action &lt;!channel&gt; &lt;@29:fake&gt; "
        '<a href="https://evil.example">hud.gov</a> by Friday</p>'
    )
    teams.send(activity(text, entities=[ME]))
    (item,) = teams.items()
    assert item.owner_ids == [ANA]  # a typed "<@29:fake>" names nobody: the writer owns it
    assert item.title == "&lt;!channel&gt; &lt;@29:fake&gt; <https://evil.example|hud.gov>"


def test_two_owners_and_a_long_display_name(teams: Teams) -> None:
    long_name = "María-José O'Neill (Housing & Outreach), LCSW"
    PEOPLE["29:1LongName"] = long_name
    try:
        text = (
            "<at>Backbone</at> action <at>Bo Chen</at> and "
            "<at>María-José O&#39;Neill (Housing &amp; Outreach), LCSW</at> send the HMIS export"
        )
        entities = [ME, mention(BO, "Bo Chen"), mention("29:1LongName", long_name)]
        teams.send(activity(text, entities=entities))
        (item,) = teams.items()
        assert (item.title, item.owner_ids) == ("send the HMIS export", [BO, "29:1LongName"])
    finally:
        del PEOPLE["29:1LongName"]


def test_assign_and_done_from_a_channel(teams: Teams) -> None:
    teams.send(activity("<at>Backbone</at> action renew the lease", entities=[ME]))
    teams.send(
        activity(
            "<at>Backbone</at> action assign A-1 <at>Bo Chen</at>",
            entities=[ME, mention(BO, "Bo Chen")],
        )
    )
    assert teams.items()[0].owner_ids == [BO]
    teams.send(activity("<at>Backbone</at> action done A-1", entities=[ME]))
    assert teams.items()[0].status == "done"


def test_edit_answers_with_a_button_that_opens_the_form(teams: Teams) -> None:
    teams.send(activity("<at>Backbone</at> action renew the lease", entities=[ME]))
    teams.send(activity("action edit A-1", kind="personal"))
    message = next(m for k, _, m in teams.port.sent if k == "post")
    assert isinstance(message, Message)
    controls = [p for p in message.parts if isinstance(p, Controls)]
    (button,) = controls[0].controls
    assert isinstance(button, Button)
    assert (button.action, button.value) == (ActionId.ITEM_UPDATE, "1")


def test_away_and_back_in_the_personal_chat(teams: Teams) -> None:
    teams.send(activity("action away until Dec 2", kind="personal"))
    with teams.deps.transaction() as session:
        person = session.get(Person, (TENANT, ANA))
        assert person is not None and person.away_until is not None
    teams.send(activity("action back", kind="personal"))
    with teams.deps.transaction() as session:
        person = session.get(Person, (TENANT, ANA))
        assert person is not None and person.away_until is None


def test_a_decision_is_announced_in_the_command_s_thread(teams: Teams) -> None:
    sent = activity(
        "<at>Backbone</at> decision We move intake to Tuesdays",
        entities=[ME],
        ident="1700000000321",
    )
    teams.send(sent)
    with teams.deps.transaction() as session:
        (decision,) = session.scalars(select(Decision)).all()
        assert decision.channel_id == CHANNEL
    assert [(k, w) for k, w, _ in teams.port.sent] == [("reply", PostRef(CHANNEL, "1700000000321"))]


def test_a_poll_is_posted_in_the_channel(teams: Teams) -> None:
    teams.send(activity('<at>Backbone</at> poll "Which day?" "Tuesday" "Thursday"', entities=[ME]))
    with teams.deps.transaction() as session:
        (poll,) = session.scalars(select(Poll)).all()
        assert poll.question == "Which day?"
    assert ("post", CHANNEL) in [(k, w) for k, w, _ in teams.port.sent]


def test_a_digest_is_for_channels(teams: Teams) -> None:
    teams.send(activity("digest on Monday 9am", kind="personal"))
    assert "Digests are for channels" in teams.port.said("post")[0]
    teams.send(activity("<at>Backbone</at> digest on Monday 9am", entities=[ME]))
    assert any("digest" in said.lower() for said in teams.port.said("reply"))


def test_home_in_the_personal_chat(teams: Teams) -> None:
    teams.send(activity("home", kind="personal"))
    assert [(k, who) for k, who, _ in teams.port.sent] == [("home", ANA)]


def test_every_activity_remembers_its_conversation_and_the_sender_s_zone(teams: Teams) -> None:
    teams.send(activity("hello", kind="personal", zone="America/Chicago"))
    with teams.deps.transaction() as session:
        chat = conversation(session, tenant_id=TENANT, conversation_id=ANA_CHAT)
        assert chat is not None and (chat.kind, chat.person_id) == ("personal", ANA)
        assert chat.service_url == SERVICE
    # Teams' member look-up says no zone: the one the client told us stays
    person = person_for(teams.deps, teams.port, team_id=TENANT, user_id=ANA)
    assert person.tz == "America/Chicago"
    teams.send(activity("hello", kind="personal", zone=None, localTimezone="Europe/Paris"))
    with teams.deps.transaction() as session:
        stored = session.get(Person, (TENANT, ANA))
        assert stored is not None and stored.tz == "Europe/Paris"
    teams.send(activity("hello", kind="personal", zone="Not/AZone"))
    with teams.deps.transaction() as session:
        stored = session.get(Person, (TENANT, ANA))
        assert stored is not None and stored.tz == "Europe/Paris"


def install(members_key: str, members: list[str], **extra: Any) -> dict[str, Any]:
    sent = activity("", type_="conversationUpdate", **extra)
    sent["conversation"]["id"] = TEAM
    sent[members_key] = [{"id": member} for member in members]
    return sent


def test_added_to_a_team_then_removed(teams: Teams) -> None:
    assert teams.send(install("membersAdded", [BOT])) == (200, None)
    with teams.deps.transaction() as session:
        workspace = session.get(Workspace, TENANT)
        assert workspace is not None and workspace.uninstalled_at is None
        general = conversation(session, tenant_id=TENANT, conversation_id=TEAM)
        assert general is not None and (general.teams_team_id, general.active) == (TEAM, True)
    assert teams.send(install("membersRemoved", [BOT])) == (200, None)
    with teams.deps.transaction() as session:
        general = conversation(session, tenant_id=TENANT, conversation_id=TEAM)
        assert general is not None and general.active is False


def test_installation_update_remove_pauses_the_chat(teams: Teams) -> None:
    add = activity("", kind="personal", type_="installationUpdate", action="add")
    assert teams.send(add) == (200, None)
    remove = activity("", kind="personal", type_="installationUpdate", action="remove")
    assert teams.send(remove) == (200, None)
    with teams.deps.transaction() as session:
        chat = conversation(session, tenant_id=TENANT, conversation_id=ANA_CHAT)
        assert chat is not None and chat.active is False


def test_a_member_removed_from_the_team_leaves_items_needing_an_owner(teams: Teams) -> None:
    teams.send(
        activity("<at>Backbone</at> action <at>Bo Chen</at> renew the lease",
                 entities=[ME, mention(BO, "Bo Chen")])
    )  # fmt: skip
    assert teams.send(install("membersRemoved", [BO])) == (200, None)
    (item,) = teams.items()
    assert item.needs_owner is True
    with teams.deps.transaction() as session:
        bo = session.get(Person, (TENANT, BO))
        assert bo is not None and bo.deactivated is True


def test_a_new_channel_is_remembered(teams: Teams) -> None:
    created = install("membersAdded", [])
    created["channelData"]["eventType"] = "channelCreated"
    created["channelData"]["channel"] = {"id": "19:new@thread.tacv2", "name": "Landlords"}
    teams.send(created)
    with teams.deps.transaction() as session:
        new = conversation(session, tenant_id=TENANT, conversation_id="19:new@thread.tacv2")
        assert new is not None and (new.name, new.teams_team_id) == ("Landlords", TEAM)


def test_a_full_queue_says_busy_to_a_person_and_refuses_notes(
    database_url: str, clock: FakeClock
) -> None:
    engine = make_engine(database_url)
    work = WorkQueue(2, reserved=1, limits={Lane.TRIGGER: 5, Lane.PERSON: 0, Lane.BACKGROUND: 0})
    deps = Deps(make_session_factory(engine), clock=clock, work=work)
    port = Recorded()
    app = TeamsApp(deps, port)
    try:
        assert app.receive(activity("action renew the lease", kind="personal")) == (200, None)
        assert app.receive(activity("TODO: renew the lease")) == (503, None)
        work.wait_idle()
        assert "didn't do that yet" in port.said("post")[0]
        with deps.transaction() as session:
            assert session.scalars(select(ActionItem)).all() == []
    finally:
        work.shutdown(timeout=5)
        engine.dispose()


def test_an_activity_without_a_conversation_is_bad_input(teams: Teams) -> None:
    broken = activity("hi")
    del broken["serviceUrl"]
    assert teams.send(broken) == (400, None)
    assert teams.send([]) == (400, None)  # type: ignore[arg-type]


def test_a_failure_is_told_with_an_id_never_a_traceback(
    teams: Teams, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers.teams import commands

    def broken(call: Any, rest: str) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setitem(commands.COMMANDS, "decision", broken)
    assert teams.send(activity("decision we did it", kind="personal")) == (200, None)
    (said,) = teams.port.said("post")
    assert "something went wrong on my side" in said and "database" not in said
