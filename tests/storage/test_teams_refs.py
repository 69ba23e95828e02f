"""Teams storage (migration 0015): conversation references, the posts ledger, pictures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from storage import teams_posts, teams_refs
from storage.db import make_session_factory, transaction
from storage.migrate import alembic_config, upgrade
from tests.conftest import NOW

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OTHER_TENANT = "0f3c2a91-5b7e-4d6a-9c8f-1e2d3c4b5a69"
MARIA = "29:1kq3F-Zr9_wT2xLmB"
CHAT = "a:1Zx8Yw7Vu6Ts5Rq4P"
CHANNEL = "19:4e1c9a7b2f@thread.tacv2"
TEAM = "19:teamgeneral@thread.tacv2"
SERVICE = "https://smba.trafficmanager.net/amer/"
TABLES = {"teams_conversations", "teams_posts", "teams_pictures"}


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with transaction(make_session_factory(engine)) as session:
        yield session


def remember_chat(session: Session, **changes: object) -> None:
    fields: dict[str, object] = {"tenant_id": TENANT, "conversation_id": CHAT,
                                 "kind": "personal", "service_url": SERVICE,
                                 "person_id": MARIA, "now": NOW}  # fmt: skip
    teams_refs.remember_conversation(session, **(fields | changes))  # type: ignore[arg-type]


def test_a_personal_chat_is_remembered_and_found_by_person(session: Session) -> None:
    remember_chat(session, name="Maria")
    found = teams_refs.personal_conversation(session, tenant_id=TENANT, person_id=MARIA)
    assert found is not None
    assert (found.conversation_id, found.kind, found.service_url, found.name, found.active) == (
        CHAT, "personal", SERVICE, "Maria", True,
    )  # fmt: skip
    # why: the same person in another tenant is somebody else
    assert (
        teams_refs.personal_conversation(session, tenant_id=OTHER_TENANT, person_id=MARIA) is None
    )


def test_remembering_again_refreshes_the_url_and_keeps_what_was_not_said(session: Session) -> None:
    remember_chat(session, name="Maria")
    later = NOW + timedelta(hours=1)
    remember_chat(session, service_url="https://smba.example/emea/", person_id=None, now=later)
    found = teams_refs.conversation(session, tenant_id=TENANT, conversation_id=CHAT)
    assert found is not None
    assert (found.service_url, found.person_id, found.name, found.updated_at) == (
        "https://smba.example/emea/", MARIA, "Maria", later,
    )  # fmt: skip


def test_an_unknown_conversation_type_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="not a Teams conversation type"):
        remember_chat(session, kind="meeting")
    assert teams_refs.conversation(session, tenant_id=TENANT, conversation_id=CHAT) is None


def test_the_latest_service_url_is_the_newest_activitys(session: Session) -> None:
    assert teams_refs.latest_service_url(session, tenant_id=TENANT) is None
    remember_chat(session)
    teams_refs.remember_conversation(
        session, tenant_id=TENANT, conversation_id=CHANNEL, kind="channel",
        service_url="https://smba.example/new/", teams_team_id=TEAM,
        now=NOW + timedelta(minutes=5),
    )  # fmt: skip
    assert teams_refs.latest_service_url(session, tenant_id=TENANT) == "https://smba.example/new/"
    assert teams_refs.latest_service_url(session, tenant_id=OTHER_TENANT) is None


def test_a_team_is_paused_and_resumed_without_touching_personal_chats(session: Session) -> None:
    remember_chat(session)
    teams_refs.remember_conversation(
        session, tenant_id=TENANT, conversation_id=CHANNEL, kind="channel",
        service_url=SERVICE, teams_team_id=TEAM, now=NOW,
    )  # fmt: skip
    changed = teams_refs.set_active(
        session, tenant_id=TENANT, active=False, now=NOW, teams_team_id=TEAM
    )
    channel = teams_refs.conversation(session, tenant_id=TENANT, conversation_id=CHANNEL)
    chat = teams_refs.conversation(session, tenant_id=TENANT, conversation_id=CHAT)
    assert (changed, channel and channel.active, chat and chat.active) == (1, False, True)
    # why: with neither team nor conversation, the whole tenant is paused
    assert teams_refs.set_active(session, tenant_id=TENANT, active=False, now=NOW) == 2
    remember_chat(session)  # a new activity in the chat makes it active again
    chat = teams_refs.conversation(session, tenant_id=TENANT, conversation_id=CHAT)
    assert chat is not None and chat.active


def test_the_home_card_is_remembered(session: Session) -> None:
    remember_chat(session)
    teams_refs.set_home_activity(
        session, tenant_id=TENANT, conversation_id=CHAT, activity_id="1:home"
    )
    chat = teams_refs.personal_conversation(session, tenant_id=TENANT, person_id=MARIA)
    assert chat is not None and chat.home_activity_id == "1:home"


def test_the_ledger_reads_a_post_back_and_finds_tagged_ones(session: Session) -> None:
    for number, (activity, kind) in enumerate(
        [("1:a", "digest"), ("1:b", "poll"), ("1:c", "digest")]
    ):
        teams_posts.remember_post(
            session, tenant_id=TENANT, conversation_id=CHANNEL, activity_id=activity,
            text=f"post {activity}", tag_kind=kind, tag_values={"week": number},
            now=NOW + timedelta(minutes=number),
        )  # fmt: skip
    found = teams_posts.tagged_posts(
        session, tenant_id=TENANT, conversation_id=CHANNEL, kind="digest",
        since=NOW + timedelta(seconds=1),
    )  # fmt: skip
    assert [(p.activity_id, p.tag_values) for p in found] == [("1:c", {"week": 2})]
    everything = teams_posts.tagged_posts(
        session, tenant_id=TENANT, conversation_id=CHANNEL, kind="digest", since=NOW
    )
    assert [p.activity_id for p in everything] == ["1:c", "1:a"]  # why: newest first
    assert (
        teams_posts.tagged_posts(
            session, tenant_id=OTHER_TENANT, conversation_id=CHANNEL, kind="digest", since=NOW
        )
        == []
    )


def test_an_update_replaces_text_and_tag_but_keeps_when_it_was_posted(session: Session) -> None:
    def remember(text: str, kind: str | None, when: object) -> None:
        teams_posts.remember_post(
            session, tenant_id=TENANT, conversation_id=CHANNEL, activity_id="1:a",
            text=text, tag_kind=kind, tag_values={}, now=when, thread_id="1:root",  # type: ignore[arg-type]
        )  # fmt: skip

    remember("first", "poll", NOW)
    remember("second", None, NOW + timedelta(hours=2))
    found = teams_posts.post(session, tenant_id=TENANT, conversation_id=CHANNEL, activity_id="1:a")
    assert found is not None
    assert (found.text, found.tag_kind, found.thread_id, found.posted_at, found.updated_at) == (
        "second", None, "1:root", NOW, NOW + timedelta(hours=2),
    )  # fmt: skip
    teams_posts.forget_post(session, tenant_id=TENANT, conversation_id=CHANNEL, activity_id="1:a")
    assert (
        teams_posts.post(session, tenant_id=TENANT, conversation_id=CHANNEL, activity_id="1:a")
        is None
    )


def test_a_picture_is_kept_under_an_id_nobody_can_guess(session: Session) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    first = teams_posts.save_picture(session, tenant_id=TENANT, png=png, now=NOW)
    second = teams_posts.save_picture(session, tenant_id=TENANT, png=png, now=NOW)
    assert len(first) == 32 and first != second  # why: 24 random bytes, URL-safe
    assert teams_posts.picture_png(session, picture_id=first) == png
    assert teams_posts.picture_png(session, picture_id="0" * 32) is None


def test_0015_adds_and_removes_the_teams_tables(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= TABLES
    command.downgrade(alembic_config(engine), "0014")
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    unique = inspect(engine).get_unique_constraints("teams_conversations")
    assert [c["column_names"] for c in unique] == [["team_id", "conversation_id"]]
