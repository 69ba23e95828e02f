"""`/digest` end to end, and the digest of the week a case-conferencing channel had."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from slack_sdk.models.blocks import Block

from bot.ids import ActionId
from bot.slack.blocks import context
from storage import digests as ledger
from storage.db import make_engine, make_session_factory, transaction
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.snapshots import assert_snapshot

NY = ZoneInfo("America/New_York")
ANA = "UANA"
MONDAY_9_NY = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # the first digest of "Monday 9am"
ON_MONDAYS = (
    "📅 <@UMARIA> turned on this channel's weekly digest: Mondays at 9:00 AM "
    "(America/New_York). The first one comes <!date^1796047200^{date_short_pretty} at {time}|"
    "Mon Nov 30 at 9:00 AM EST>. `/digest preview` shows you what it will say."
)


CASE_WEEK_CHART = (
    "Run chart of action items: open, done and overdue each week, the last 4 weeks. "
    "Median done per week: 1. Week ending Nov 9: 1 open, 1 done, 0 overdue. "
    "Week ending Nov 16: 2 open, 1 done, 0 overdue. Week ending Nov 23: 3 open, 0 done, "
    "1 overdue. Week ending Nov 30: 3 open, 2 done, 1 overdue."
)


MISSING_PICTURE = (
    f"📈 The run chart could not be added this time, so here it is in words: {CASE_WEEK_CHART}"
)


def ny(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY).astimezone(UTC)


def typed(b: Harness, at: datetime, text: str, *, user: str = MARIA, command: str = "/action"):
    b.clock.now = at
    return b.command(text, user=user, command=command)


def digest(b: Harness, text: str) -> dict[str, Any]:
    """Type `/digest <text>` as Maria and return the app's answer."""
    b.command(text, command="/digest")
    return b.last_response()


def digests_posted(b: Harness, channel: str = CASE) -> list[dict[str, Any]]:
    posts = b.emulator.calls("chat.postMessage")
    return [p for p in posts if p["channel"] == channel and "Weekly digest" in p["text"]]


def ledger_of(b: Harness, channel: str = CASE) -> list[tuple[str, str]]:
    engine = make_engine(b.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            return ledger.ledger(session, team_id=TEAM, channel_id=channel)
    finally:
        engine.dispose()


def build_week(b: Harness) -> Harness:
    """Three weeks of a case-conferencing channel, then the week its first digest covers."""
    b.emulator.add_user(ANA, "ana", tz="America/New_York", real_name="Ana Ruiz")
    b.emulator.state.channels[CASE].members.add(ANA)
    typed(b, ny(11, 2, 10), "Call the shelter about 3 beds <@UJOE> by Friday")
    typed(b, ny(11, 2, 10, 5), "Send the HMIS report to the CoC by Nov 13")
    typed(b, ny(11, 5, 15), "done A-1 3 beds held until Monday", user=JOE)
    typed(b, ny(11, 9, 10), "<@UPAT> confirm the Maple Court landlord meeting by Nov 24")
    typed(b, ny(11, 9, 10, 2), "<@UJOE> check in with J.R. at the Elm St encampment by Nov 20")
    typed(b, ny(11, 12, 16), "done A-2")
    typed(b, ny(11, 16, 10), "<@UANA> update the by-name list after the street outreach")
    # The digest's week: Monday Nov 23, 9:00 to Monday Nov 30, 9:00 in New York.
    b.tick(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))  # 9:00 in Los Angeles: Joe's A-4 reminder
    b.emulator.click(b.emulator.messages(JOE)[-1], ActionId.ITEM_NEED_HELP, user=JOE)
    b.settle()
    typed(b, ny(11, 24, 10), "on Monday 9am", command="/digest")
    typed(b, ny(11, 24, 10, 5), "<@UJOE> <@UPAT> draft the landlord one-pager by next Tuesday")
    typed(b, ny(11, 24, 10, 6), "Submit the housing application for household 14 by Wednesday")
    typed(b, ny(11, 24, 10, 7), "Veterans on the list get the next two Maple Court units",
          command="/decision")  # fmt: skip
    typed(b, ny(11, 25, 16), "done A-7 submitted, waiting on the housing authority")
    typed(b, ny(11, 26, 11), "done A-3", user=PAT)
    gone = {"id": ANA, "team_id": TEAM, "name": "ana", "deleted": True, "tz": "America/New_York"}
    b.emulator.send_event({"type": "user_change", "user": gone, "event_ts": "1.1"})
    b.settle()
    return b


@pytest.fixture
def case_week(backbone: Harness) -> Harness:
    return build_week(backbone)


def stable(value: Any) -> Any:
    """The message with the emulator's clock-made message ids in links replaced."""
    return json.loads(re.sub(r"/p\d{16}", "/p<ts>", json.dumps(value, ensure_ascii=False)))


def test_the_digest_of_a_case_conferencing_week(case_week: Harness) -> None:
    b = case_week
    report = b.tick(MONDAY_9_NY)
    (post,) = digests_posted(b)
    assert report.digests.posted == 1
    assert_snapshot("digest_case_conferencing_week", stable(post))
    for block in post["blocks"]:
        Block.parse(block).validate_json()  # type: ignore[union-attr]
    assert post["text"].split("\n")[:4] == [
        "Weekly digest for <#CCASE>, Nov 23 – Nov 30.",
        "2 done this week — thank you! 🙌",
        "2 new · 3 open · 1 overdue",
        # A-7 due Wednesday, done that day; A-3 due Tuesday, done Thursday; A-4 was due before.
        "On time: 1 of 2 items due this week were done by their due date (1 done late).",
    ]
    (picture,) = b.emulator.files()
    (message,) = [m for m in b.emulator.messages(CASE) if m.text.startswith("Weekly digest")]
    assert (picture.channel, picture.thread_ts, picture.completed) == (CASE, message.ts, True)
    assert (picture.filename, picture.title) == (
        "digest-2026-11-30.png",
        "Run chart of action items: open, done and overdue each week, the last 4 weeks",
    )
    assert picture.alt_txt == CASE_WEEK_CHART  # from the channel's first item, Nov 2
    assert picture.content is not None
    with Image.open(io.BytesIO(picture.content)) as image:
        image.load()
        assert (image.format, image.size) == ("PNG", (800, 400))
    assert post["blocks"][-2] == context("📈 A run chart of the last 4 weeks is in the thread.")
    assert ledger_of(b) == [("2026-W49", "sent")]


def test_preview_shows_the_same_digest_its_picture_in_words(case_week: Harness) -> None:
    b = case_week
    b.tick(MONDAY_9_NY)
    (post,) = digests_posted(b)
    preview = digest(b, "preview")
    note = "👀 Only you can see this preview. `/digest now` posts it in the channel."
    in_words = f"📈 The picture, in words: {CASE_WEEK_CHART}"
    assert preview["response_type"] == "ephemeral"
    assert preview["blocks"] == [context(note), *post["blocks"][:-2], context(in_words),
                                 post["blocks"][-1]]  # fmt: skip
    posted_lines = post["text"].split("\n")
    assert preview["text"].split("\n") == [note, *posted_lines[:-2], in_words, posted_lines[-1]]
    assert "in the thread" not in preview["text"]
    assert len(digests_posted(b)) == 1


def test_on_reads_the_time_in_the_invokers_zone_and_tells_the_channel(backbone: Harness) -> None:
    answer = digest(backbone, "on")
    assert answer == {
        "response_type": "in_channel",
        "text": ON_MONDAYS,
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": ON_MONDAYS}}],
    }
    backbone.command("on Friday 4pm", user=PAT, command="/digest")
    assert backbone.last_response()["text"].startswith(
        "📅 <@UPAT> turned on this channel's weekly digest: Fridays at 4:00 PM (Europe/London). "
        "The first one comes <!date^1795795200^{date_short_pretty} at {time}|"
        "Fri Nov 27 at 4:00 PM GMT>."
    )
    assert digest(backbone, "help")["text"].endswith(
        "This channel's digest goes out Fridays at 4:00 PM (Europe/London)."
    )


def test_help_and_unreadable_times(backbone: Harness) -> None:
    help_text = digest(backbone, "")["text"]
    assert help_text.startswith("The weekly digest sums up this channel's week")
    assert help_text.endswith("This channel has no weekly digest yet.")
    assert digest(backbone, "on Monday morning")["text"] == (
        "I couldn't read “Monday morning” as a day and time. Try a weekday and a time, like: "
        "/digest on Monday 9am or /digest on Friday 3:30pm"
    )
    assert digest(backbone, "")["text"].endswith("This channel has no weekly digest yet.")


def test_off_stops_the_digest_and_tells_the_channel(backbone: Harness) -> None:
    assert digest(backbone, "off")["text"] == (
        "This channel has no weekly digest to turn off. `/digest on Monday 9am` turns one on."
    )
    digest(backbone, "on")
    backbone.command("off", user=JOE, command="/digest")
    assert backbone.last_response() == {
        "response_type": "in_channel",
        "text": "<@UJOE> turned off this channel's weekly digest. "
        "`/digest on Monday 9am` turns it back on.",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": (
            "<@UJOE> turned off this channel's weekly digest. "
            "`/digest on Monday 9am` turns it back on."
        )}}],
    }  # fmt: skip
    backbone.tick(MONDAY_9_NY)
    assert digests_posted(backbone) == []


def test_now_posts_at_once_and_leaves_the_schedule(case_week: Harness) -> None:
    b = case_week
    b.clock.now = ny(11, 27, 12)
    b.command("now", user=JOE, command="/digest")
    (post,) = digests_posted(b)
    assert post["text"].startswith("Weekly digest for <#CCASE>, Nov 20 – Nov 27.")
    assert post["text"].endswith(
        "Posted Mondays at 9:00 AM (America/New_York). "
        "/digest preview shows it to you first · /digest off stops it."
    )
    assert len(b.emulator.files()) == 1
    assert ledger_of(b) == []
    b.tick(MONDAY_9_NY)
    assert len(digests_posted(b)) == 2
    assert ledger_of(b) == [("2026-W49", "sent")]


def test_a_channel_without_the_bot_is_told_how_to_invite_it(backbone: Harness) -> None:
    backbone.emulator.add_channel("CLOCKED", "outreach", members=(MARIA,), bot_is_member=False)
    invite = (
        "I'm not a member of this channel, so I can't post its digest. "
        "Invite me with `/invite @Backbone`, then try again."
    )
    for text in ("on", "now"):
        backbone.command(text, channel="CLOCKED", command="/digest")
        assert backbone.last_response()["text"] == invite
    backbone.command("on", channel=MARIA, command="/digest")
    assert backbone.last_response()["text"] == (
        "Digests are for channels. Type `/digest on` in the channel you want summed up."
    )
    backbone.tick(MONDAY_9_NY)
    assert ledger_of(backbone, "CLOCKED") == []


def test_turning_it_on_again_after_this_weeks_digest_waits_for_next_week(
    backbone: Harness,
) -> None:
    digest(backbone, "on")
    backbone.tick(MONDAY_9_NY)
    backbone.clock.now = ny(11, 30, 10)
    assert "The first one comes <!date^1796659200^" in digest(backbone, "on 11am")["text"]
    backbone.tick(ny(11, 30, 11))
    assert len(digests_posted(backbone)) == 1
    backbone.tick(ny(12, 7, 11))
    assert len(digests_posted(backbone)) == 2


MEETING_NOTES = (
    "Case conferencing, Monday\n"
    "ACTION: <@UJOE> call the Elm St shelter about 2 beds by Wednesday\n"
    "ACTION: <@UPAT> send the landlord list to the housing navigators by Friday\n"
    "DECISION: Families with children go first on the Maple Court waitlist"
)


def test_a_digest_made_right_after_a_meeting_counts_the_meeting(backbone: Harness) -> None:
    b = backbone
    b.clock.now = ny(11, 30, 10)
    b.emulator.post_message(user=MARIA, channel=CASE, text=MEETING_NOTES)
    b.settle()
    b.command("Veterans on the list get the next two units", command="/decision")
    b.command("now", command="/digest")  # the same instant the meeting's records were made
    (post,) = digests_posted(b)
    assert post["text"].split("\n") == [
        "Weekly digest for <#CCASE>, Nov 23 – Nov 30.",
        "Nothing was marked done this week.",
        "2 new · 2 open · 0 overdue",
        "Due in the next 7 days:",
        "• A-1 call the Elm St shelter about 2 beds — <@UJOE> · due Wed Dec 2",
        "• A-2 send the landlord list to the housing navigators — <@UPAT> · due Fri Dec 4",
        "Decisions this week:",
        "• D-1 Families with children go first on the Maple Court waitlist — <@UMARIA>",
        "• D-2 Veterans on the list get the next two units — <@UMARIA>",
        "Posted on request. /digest on Monday 9am posts it every week.",
    ]
    assert b.emulator.files() == []  # a channel a few minutes old has no weeks to chart


def test_a_picture_that_could_not_be_shared_is_told_in_words(case_week: Harness) -> None:
    b = case_week
    b.emulator.fail_next("files.getUploadURLExternal", status=200, error="internal_error")
    b.tick(MONDAY_9_NY)
    (post,) = digests_posted(b)
    assert b.emulator.files() == []
    (message,) = [m for m in b.emulator.messages(CASE) if m.text.startswith("Weekly digest")]
    (update,) = [c for c in b.emulator.calls("chat.update") if c["ts"] == message.ts]
    assert update["blocks"] == [*post["blocks"][:-2], context(MISSING_PICTURE), post["blocks"][-1]]
    assert "in the thread" not in message.text
    assert message.text.split("\n")[-2] == MISSING_PICTURE
