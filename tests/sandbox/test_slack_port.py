"""The port's Slack side, method by method, against the strict emulator over real HTTP.

Each of `ChatPort`'s methods does what the port promises, and every refusal comes back as a
`ChatError` whose kind the services act on (Slack's own word kept for the log).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient

from bot.messages.common import notice, notice_form
from bot.messages.parts import HomePage, Message, Paragraph, Tag
from bot.messages.spans import Typed, line
from bot.port import ChannelInfo, ChatError, ChatPort, PersonInfo, PostRef
from bot.sandbox.server import SlackEmulator
from bot.slack.port import SlackPort
from tests.sandbox.conftest import GENERAL, GONE, JOE, MARIA, OLD, OUTSIDE, PAT


@pytest.fixture
def port(client: WebClient) -> ChatPort:
    return SlackPort(client)


def test_post_update_and_reply(emu: SlackEmulator, port: ChatPort) -> None:
    ref = port.post(GENERAL, notice("📌 ", Typed("<!channel> call the VA")))
    assert ref.channel == GENERAL
    [posted] = emu.messages(GENERAL)
    assert (posted.ts, posted.text) == (ref.id, "📌 @channel call the VA")
    port.update(ref, notice("✅ done"))
    assert [m.text for m in emu.messages(GENERAL)] == ["✅ done"]
    answer = port.reply(ref, notice("in the thread"))
    assert [m.ts for m in emu.messages(GENERAL, thread_ts=ref.id)] == [answer.id]


def test_a_dm_lands_in_the_persons_direct_messages(emu: SlackEmulator, port: ChatPort) -> None:
    ref = port.dm(JOE, notice("⏰ A-1 is due today"))
    assert ref.channel == emu.dm_channel(JOE)
    assert [m.text for m in emu.messages(JOE)] == ["⏰ A-1 is due today"]


def test_whisper_is_seen_by_one_person(emu: SlackEmulator, port: ChatPort) -> None:
    port.whisper(GENERAL, MARIA, notice("only you"))
    assert [(e.user, e.text) for e in emu.ephemerals()] == [(MARIA, "only you")]
    assert emu.messages(GENERAL) == []


def test_a_form_opens_with_a_trigger_and_home_is_shown(emu: SlackEmulator, port: ChatPort) -> None:
    port.open_form(emu.new_trigger_id(MARIA), notice_form("Saved."))
    port.show_home(JOE, HomePage((Paragraph((line("Your items"),)),)))
    kinds = sorted((view.user, view.kind) for view in emu.views())
    assert kinds == [(JOE, "home"), (MARIA, "modal")]


def test_an_image_is_shared_in_a_thread(emu: SlackEmulator, port: ChatPort) -> None:
    ref = port.post(GENERAL, notice("digest"))
    port.upload_image(GENERAL, b"\x89PNG...", name="digest-2026-12-02", title="Done per week",
                      alt="A run chart", thread=ref)  # fmt: skip
    [file] = emu.files()
    assert (file.filename, file.title, file.alt_txt, file.thread_ts, file.completed) == (
        "digest-2026-12-02.png", "Done per week", "A run chart", ref.id, True,
    )  # fmt: skip


def test_reactions_are_added_and_read(emu: SlackEmulator, port: ChatPort) -> None:
    ref = port.post(GENERAL, notice("poll"))
    port.react(ref, "one")
    port.react(ref, "two")
    assert set(port.reactions(ref)) == {"one", "two"}


def test_people_and_channels_are_looked_up(emu: SlackEmulator, port: ChatPort) -> None:
    assert port.person(PAT) == PersonInfo(
        id=PAT, name="Pat", zone="Europe/London", admin=True, bot=False, deactivated=False
    )
    assert port.person(GONE).deactivated is True
    assert port.channel(OUTSIDE) == ChannelInfo(
        id=OUTSIDE, name="outside", private=False, archived=False, member=False
    )
    assert port.channel(OLD).archived is True
    assert port.members(GENERAL) == frozenset({MARIA, JOE, emu.state.bot_user_id})


def test_a_post_is_read_back_and_found_by_its_tag(emu: SlackEmulator, port: ChatPort) -> None:
    before = datetime.now(UTC) - timedelta(minutes=1)
    plain = port.post(GENERAL, notice("plain"))
    tagged = port.post(
        GENERAL,
        Message(line("P-1"), (Paragraph((line("P-1"),)),), Tag("backbone_poll", {"poll_id": 7})),
    )
    seen = port.read(plain)
    assert seen is not None and (seen.ref, seen.text) == (plain, "plain")
    found = port.find_tagged(GENERAL, "backbone_poll", since=before)
    assert [(post.ref, post.tag) for post in found] == [
        (tagged, Tag("backbone_poll", {"poll_id": 7}))
    ]
    assert port.read(PostRef(GENERAL, "1.000001")) is None
    link = port.link_to(plain)
    assert link is not None and link.startswith("http")


@pytest.mark.parametrize(
    ("channel", "kind", "reason"),
    [
        # why: a channel that is not there
        ("CMISSING", "no_channel", "channel_not_found"),
        # why: a private channel Backbone was never invited to is invisible to it
        ("GHIDDEN", "no_channel", "channel_not_found"),
        # why: archived since the item was made
        (OLD, "cannot_post", "is_archived"),
    ],
)
def test_refusals_have_a_kind(
    emu: SlackEmulator, port: ChatPort, channel: str, kind: str, reason: str
) -> None:
    emu.add_channel("GHIDDEN", "hidden", members=(MARIA,), is_private=True, bot_is_member=False)
    with pytest.raises(ChatError) as raised:
        port.post(channel, notice("hello"))
    assert (raised.value.kind, raised.value.reason) == (kind, reason)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        ("not_in_channel", "cannot_post"),  # why: a DM or channel that needs an invite first
        ("restricted_action", "cannot_post"),  # why: an admin allows only some to post
        ("message_not_found", "no_message"),  # why: the post was deleted
        ("account_inactive", "revoked"),  # why: the bot user was deactivated
        ("fatal_error", "refused"),  # why: anything else is a refusal, its word kept
    ],
)
def test_slacks_words_map_to_kinds(
    emu: SlackEmulator, port: ChatPort, error: str, kind: str
) -> None:
    emu.fail_next("chat.postMessage", status=200, error=error)
    with pytest.raises(ChatError) as raised:
        port.post(GENERAL, notice("hello"))
    assert (raised.value.kind, raised.value.reason) == (kind, error)


def test_a_person_who_is_not_there(port: ChatPort) -> None:
    with pytest.raises(ChatError) as raised:
        port.person("UNOBODY")
    assert (raised.value.kind, raised.value.reason) == ("no_person", "user_not_found")


def test_rate_limits_and_a_dead_token_have_a_kind(emu: SlackEmulator, port: ChatPort) -> None:
    emu.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(ChatError) as limited:
        port.post(GENERAL, notice("hello"))
    assert (limited.value.kind, limited.value.retry_after) == ("rate_limited", 7.0)
    emu.fail_next("chat.postMessage", status=200, error="token_revoked")
    with pytest.raises(ChatError) as revoked:
        port.post(GENERAL, notice("hello"))
    assert revoked.value.kind == "revoked"


def test_no_answer_is_unreachable(emu: SlackEmulator, port: ChatPort) -> None:
    emu.fail_next("chat.postMessage", reset=True)
    with pytest.raises(ChatError) as raised:
        port.post(GENERAL, notice("hello"))
    assert raised.value.kind == "unreachable"
