"""Item messages as Slack shows them: snapshots of every message, and Slack's limits kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from bot.messages import items
from bot.messages.common import notice
from bot.messages.spans import line
from bot.slack import blocks
from bot.slack.render import render_message
from storage.models import ActionItem, ActionOwner, Status
from tests.support.snapshots import assert_snapshot

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def make_item(number: int = 12, **fields: object) -> ActionItem:
    values: dict[str, object] = {
        "team_id": "T1",
        "number": number,
        "title": "Call the shelter about 3 beds",
        "creator_id": "UMARIA",
        "channel_id": "CCASE",
        "status": Status.OPEN,
        "due_at": datetime(2026, 11, 27, 22, 0, tzinfo=UTC),
        "due_all_day": True,
        "due_tz": "America/New_York",
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(fields)
    owners = cast(list[str], values.pop("owners", ["UJOE"]))
    item = ActionItem(**values)
    item.owners = [ActionOwner(user_id=u, position=i) for i, u in enumerate(owners)]
    return item


def test_announcement_of_an_item_due_on_a_day() -> None:
    message = render_message(items.announcement(make_item()))
    assert message["text"] == "📌 A-12 Call the shelter about 3 beds — <@UJOE> · due Fri Nov 27"
    assert_snapshot("announcement_all_day", message)


def test_announcement_of_an_item_due_at_a_time_uses_each_readers_zone() -> None:
    item = make_item(
        due_at=datetime(2026, 11, 25, 20, 0, tzinfo=UTC), due_all_day=False, owners=["UJOE", "UPAT"]
    )
    message = render_message(items.announcement(item))
    assert message["text"] == (
        "📌 A-12 Call the shelter about 3 beds — <@UJOE>, <@UPAT> · due "
        "<!date^1795636800^{date_short_pretty} at {time}|Wed Nov 25 at 3:00 PM EST>"
    )
    assert_snapshot("announcement_timed", message)


def test_announcement_without_a_due() -> None:
    message = render_message(
        items.announcement(make_item(due_at=None, due_all_day=False, due_tz=None))
    )
    assert message["text"] == "📌 A-12 Call the shelter about 3 beds — <@UJOE>"


def test_closed_announcements() -> None:
    done = make_item(status=Status.DONE, note="3 beds held until Monday")
    assert render_message(items.closed_announcement(done, by="UJOE"))["text"] == (
        "✅ A-12 Call the shelter about 3 beds — done by <@UJOE>. Note: 3 beds held until Monday"
    )
    assert_snapshot("closed_done", render_message(items.closed_announcement(done, by="UJOE")))
    dropped = make_item(status=Status.DROPPED)
    assert_snapshot(
        "closed_dropped", render_message(items.closed_announcement(dropped, by="UMARIA"))
    )


def test_a_long_title_stays_within_section_limits() -> None:
    message = render_message(items.announcement(make_item(title="x" * 4000)))
    assert all(len(b["text"]["text"]) <= 3000 for b in message["blocks"] if b["type"] == "section")
    assert "x" * 4000 in message["text"]  # why: the fallback keeps every word


def test_item_list_flags_overdue_and_caps_its_length() -> None:
    shown = [make_item(n, due_at=NOW - timedelta(days=1)) for n in range(1, 61)]
    message = render_message(
        items.item_list(line("Open items (60)"), shown, now=NOW, empty=line("none"))
    )
    assert len(message["blocks"]) <= 50
    assert message["blocks"][-1] == blocks.context("…and 20 more")
    assert "⚠️ overdue" in message["blocks"][1]["text"]["text"]
    assert message["text"].endswith("…and 20 more")


def test_item_list_snapshot_and_empty_list() -> None:
    shown = [make_item(1), make_item(2, due_at=None, due_all_day=False, due_tz=None)]
    assert_snapshot(
        "item_list",
        render_message(
            items.item_list(line("Your open items (2)"), shown, now=NOW, empty=line("-"))
        ),
    )
    assert items.item_list(line("x"), [], now=NOW, empty=line("Nothing here.")) == notice(
        "Nothing here."
    )


def test_help_says_the_same_in_text_and_blocks() -> None:
    message = render_message(items.help_message())
    assert "/action list @maria" in message["text"]
    assert "*" not in message["text"]
    assert_snapshot("help", message)


def test_a_typed_title_can_neither_ping_nor_hide_a_link() -> None:
    item = make_item(title="<!channel> & <https://evil.example|good> *x*", due_at=None)
    message = render_message(items.announcement(item, absent=["UPAT", "ULEE"]))
    typed = "@channel & good (<https://evil.example>) *x*"
    note = (
        "<@UPAT> and <@ULEE> are not in this channel, so they may not see this here; "
        "they will get reminders by DM."
    )
    assert message["text"] == f"📌 A-12 {typed} — <@UJOE>. {note}"
    assert message["blocks"][0]["text"]["text"] == f"📌 *A-12* {typed}\n<@UJOE>"
    assert message["blocks"][-1] == blocks.context(f"👋 {note}")
