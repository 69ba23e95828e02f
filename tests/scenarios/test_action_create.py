"""`/action <text>`: an item is created, stored and announced in the channel — or nothing is."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from bot.messages.items import announcement, help_message
from bot.slack.render import render_message
from tests.support.harness import ADMIN, CASE, JOE, MARIA, TEAM, Harness


def test_an_item_is_announced_in_the_channel_with_its_owner_and_due(backbone: Harness) -> None:
    answer = backbone.command("Call the shelter about 3 beds <@UJOE|joe> by Friday")
    assert (answer.status, answer.body) == (200, "")
    item = backbone.item(1)
    assert (item.title, item.owner_ids, item.creator_id, item.channel_id) == (
        "Call the shelter about 3 beds",
        [JOE],
        MARIA,
        CASE,
    )
    # Maria is in New York: Friday ends its working day at 17:00 there.
    assert (item.due_at, item.due_all_day, item.due_tz) == (
        datetime(2026, 11, 27, 22, 0, tzinfo=UTC),
        True,
        "America/New_York",
    )
    posted = backbone.emulator.calls("chat.postMessage")
    # Bolt's per-request client names the workspace on every call.
    assert posted == [{"channel": CASE, "team_id": TEAM, **render_message(announcement(item))}]
    assert posted[0]["text"] == "📌 A-1 Call the shelter about 3 beds — <@UJOE> · due Fri Nov 27"
    message = backbone.emulator.messages(CASE)[-1]
    assert (item.announce_channel, item.announce_ts) == (CASE, message.ts)
    assert backbone.emulator.calls("chat.getPermalink") == [
        {"channel": CASE, "message_ts": message.ts, "team_id": TEAM}
    ]
    assert (
        item.source_url
        == f"https://sandbox.slack.com/archives/{CASE}/p{message.ts.replace('.', '')}"
    )


def test_with_no_mention_the_invoker_owns_it_and_no_phrase_means_no_due(backbone: Harness) -> None:
    backbone.command("Send the HMIS report")
    item = backbone.item(1)
    assert (item.owner_ids, item.due_at, item.title) == ([MARIA], None, "Send the HMIS report")


def test_both_mention_forms_and_several_owners(backbone: Harness) -> None:
    backbone.command("<@UJOE> and <@UPAT|pat> review the by-name list tomorrow 3pm")
    item = backbone.item(1)
    assert (item.owner_ids, item.title, item.due_all_day) == (
        [JOE, "UPAT"],
        "review the by-name list",
        False,
    )
    # 3pm tomorrow in Maria's New York, stored in UTC.
    assert item.due_at == datetime(2026, 11, 25, 20, 0, tzinfo=UTC)


def test_the_invokers_zone_comes_from_slack_and_is_kept_a_day(backbone: Harness) -> None:
    backbone.command("Call landlord EOD", user=JOE)
    assert backbone.item(1).due_at == datetime(2026, 11, 25, 1, 0, tzinfo=UTC)  # 17:00 Los Angeles
    backbone.command("Call another landlord", user=JOE)
    assert [c["user"] for c in backbone.emulator.calls("users.info")] == [JOE]
    backbone.clock.now = backbone.clock.now.replace(day=25, hour=16)
    backbone.command("Third call", user=JOE)
    assert [c["user"] for c in backbone.emulator.calls("users.info")] == [JOE, JOE]


def test_codes_count_up_per_workspace(backbone: Harness) -> None:
    # Not "one": a lone word one letter from a subcommand ("done") is answered "Did you mean…?"
    for title in ("Item one", "Item two", "Item three"):
        backbone.command(title)
    assert [backbone.item(n).title for n in (1, 2, 3)] == ["Item one", "Item two", "Item three"]


def test_twenty_concurrent_commands_get_twenty_distinct_codes(backbone: Harness) -> None:
    def create(n: int) -> int:
        return backbone.emulator.send_command(
            "/action", f"Concurrent item {n}", user=MARIA, channel=CASE
        ).status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(create, range(20)))
    backbone.settle()
    assert statuses == [200] * 20
    titles = sorted(backbone.item(n).title for n in range(1, 21))
    assert titles == sorted(f"Concurrent item {n}" for n in range(20))
    texts = [c["text"] for c in backbone.emulator.calls("chat.postMessage")]
    assert sorted(t.split()[1] for t in texts) == sorted(f"A-{n}" for n in range(1, 21))


ERRORS = [
    # why: a date that is not a date is refused, not guessed
    ("Call the shelter due 13/45", "13/45"),
    # why: the past cannot be a due date
    ("Call the shelter by 2025-01-05", "past"),
    # why: @channel is not a person who can own an item
    ("<!channel> bring chairs", "not @channel"),
    ("<!subteam^S123|@outreach> bring chairs", "not a user group"),
    # why: a title has to say something
    ("<@UJOE> by Friday", "What needs doing?"),
    # why: a mention of someone Slack does not know
    ("Call <@UNOBODY>", "couldn't find <@UNOBODY>"),
    # why: deactivated people get no nudges, so they cannot own items
    ("Call the landlord <@UGONE>", "deactivated"),
    # why: one title limit every surface can show whole; counted as typed, so & counts once
    ("x" * 501, "That is 501 characters; an action item can have up to 500."),
    ("&" * 501, "That is 501 characters; an action item can have up to 500."),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS)
def test_bad_input_gets_a_private_explanation_and_stores_nothing(
    backbone: Harness, text: str, expected: str
) -> None:
    answer = backbone.command(text)
    assert answer.status == 200
    response = backbone.last_response()
    assert expected in response["text"]
    assert response.get("response_type", "ephemeral") == "ephemeral"
    assert backbone.emulator.calls("chat.postMessage") == []
    with pytest.raises(AssertionError):
        backbone.item(1)


def test_empty_text_and_help_show_the_help(backbone: Harness) -> None:
    for text in ("", "help", "  HELP "):
        backbone.command(text)
        assert backbone.last_response()["text"] == render_message(help_message())["text"]
    assert backbone.emulator.calls("chat.postMessage") == []


def test_where_the_bot_cannot_post_the_announcement_goes_through_the_command(
    backbone: Harness,
) -> None:
    backbone.emulator.add_channel(
        "CPRIV", "private-team", members=(MARIA,), is_private=True, bot_is_member=False
    )
    backbone.command("Draft the MOU", channel="CPRIV")
    item = backbone.item(1)
    response = backbone.last_response()
    assert response["response_type"] == "in_channel"
    assert response["text"] == render_message(announcement(item))["text"]
    assert item.announce_ts is None


def test_an_admin_can_create_for_others(backbone: Harness) -> None:
    backbone.command("<@UMARIA> book the room", user=ADMIN)
    assert (backbone.item(1).owner_ids, backbone.item(1).creator_id) == ([MARIA], ADMIN)


def test_items_belong_to_the_workspace_they_were_made_in(backbone: Harness) -> None:
    backbone.command("Item one")
    assert backbone.item(1).team_id == TEAM
