"""What a digest says, for a big channel and a small one, and its picture, straight from the DB."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PIL import Image
from slack_sdk.models.blocks import Block
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from bot.digest_chart import HEIGHT, WIDTH, chart_title, trend_alt_text, trend_png, week_label
from bot.messages.digest import digest_message
from bot.messages.spans import line
from bot.sandbox.blockkit import block_problems
from bot.services.actions import (
    SYSTEM,
    Actor,
    complete_item,
    create_item,
    flag_needs_owner,
    mark_needs_help,
)
from bot.services.decisions import record_decision
from bot.services.digest_posts import channel_digest_now
from bot.services.digests import TrendWeek, digest_week, median_done, trend
from bot.services.polls import PollResult
from bot.slack.render import render_message
from bot.text import Draft
from bot.when import Due
from storage.db import make_session_factory, transaction
from storage.digest_rows import ItemFacts

TEAM, CHANNEL = "T1", "CBIG"
NOW = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Monday 9:00 in New York


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with transaction(make_session_factory(engine)) as session:
        yield session


def add(session: Session, n: int, *, owner: str, created: datetime, due: datetime | None) -> Any:
    draft = Draft(
        owners=[owner],
        title=f"Follow up with household {n} about the housing voucher paperwork and landlord",
        due=Due(at=due, all_day=False, zone="America/New_York") if due else None,
    )
    item = create_item(session, team_id=TEAM, creator_id="UCOORD", channel_id=CHANNEL,
                       draft=draft, now=created)  # fmt: skip
    item.source_url = f"https://sandbox.slack.com/archives/{CHANNEL}/p{1700000000000000 + n}"
    return item


def big_channel(session: Session) -> None:
    """500 items among 30 people over eight weeks: done, overdue, due soon, flagged."""
    for n in range(500):
        created = NOW - timedelta(days=60) + timedelta(minutes=168 * n)
        due = created + timedelta(days=7 + n % 5)
        item = add(session, n, owner=f"U{n % 30:04d}", created=created, due=due)
        if n % 3 == 0 and due < NOW:
            done_at = min(due + timedelta(days=n % 2), NOW - timedelta(minutes=1))
            complete_item(session, item=item, actor=Actor(SYSTEM, is_admin=True), now=done_at)
        elif n % 7 == 0:
            mark_needs_help(session, item=item, now=created, by=SYSTEM)
        elif n % 11 == 0:
            flag_needs_owner(session, item=item, now=created)
    for n in range(40):
        record_decision(session, team_id=TEAM, recorder_id="UCOORD", channel_id=CHANNEL,
                        text=f"Decision {n}: " + "we agree on the plan " * 20,
                        now=NOW - timedelta(hours=n + 1))  # fmt: skip


def sections(message: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]


def test_a_channel_with_500_items_stays_within_slacks_limits(session: Session) -> None:
    big_channel(session)
    message = render_message(channel_digest_now(session, team_id=TEAM, channel_id=CHANNEL,
                                                now=NOW, zone="America/New_York"))  # fmt: skip
    assert block_problems(message["blocks"], "/blocks", 50) == []
    for block in message["blocks"]:
        Block.parse(block).validate_json()  # type: ignore[union-attr]
    assert len(message["blocks"]) <= 48  # room for the preview's note
    assert all(len(text) <= 3000 for text in sections(message))
    assert len(message["text"]) < 40_000
    headings = [text.split("\n")[0] for text in sections(message)][1:]
    assert headings == [
        "✅ *Done this week* — by owner",
        "⏰ *Overdue* — by owner",
        "📅 *Due in the next 7 days*",
        "🙋 *Needs help* — can you lend a hand? Offer in the item's thread.",
        "👤 *Needs a new owner* — the owner has left Slack. Hand it over, like: "
        "`/action assign A-12 @someone`",
        "🗳️ *Decisions this week*",
    ]
    overdue = sections(message)[2].split("\n")
    assert overdue[-1] == "…and 14 more people. `/action list overdue` shows them all."
    assert sections(message)[6].split("\n")[-1] == "…and 30 more."
    assert "…and 14 more people. /action list overdue shows them all." in message["text"]


def test_a_digest_takes_a_few_queries_however_many_items(engine: Engine, session: Session):
    big_channel(session)
    session.flush()
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        render_message(channel_digest_now(session, team_id=TEAM, channel_id=CHANNEL, now=NOW))
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    # the schedule, first item, owners, items, decisions, polls; the goals and the north star;
    # the tests of change (and their owners, when there are some)
    assert len(statements) <= 10


def test_polls_closed_in_the_week_show_their_results(session: Session) -> None:
    add(session, 1, owner="UMARIA", created=NOW - timedelta(days=3), due=None)
    digest = digest_week(session, team_id=TEAM, channel_id=CHANNEL, end=NOW, now=NOW, zone="UTC")
    week_ago = NOW - timedelta(days=1)
    polls = [
        PollResult("P-2", "Is the new intake form easier?", ["Yes", "No", "Not sure"],
                   [8, 3, 1], 12, False, week_ago, "https://sandbox.slack.com/archives/CBIG/p1"),
        PollResult("P-3", "Which night works for the lived-experience circle?", ["Tue", "Thu"],
                   [0, 0], 0, True, week_ago, None),
        PollResult("P-4", "Best time?", ["Morning", "Evening"], [1, 0], 1, True, NOW, None),
    ]  # fmt: skip
    week = dataclasses.replace(digest, polls=polls)
    message = render_message(digest_message(week, footer=line("Posted on request.")))
    assert sections(message)[-1] == (
        "📊 *Polls closed this week*\n"
        "• <https://sandbox.slack.com/archives/CBIG/p1|P-2> Is the new intake form easier? — "
        "12 people voted: Yes 8 (67%) · No 3 (25%) · Not sure 1 (8%)\n"
        "• P-3 Which night works for the lived-experience circle? — no votes\n"
        "• P-4 Best time? — 1 person voted anonymously: Morning 1 (100%) · Evening 0 (0%)"
    )
    assert message["text"].endswith(
        "Polls closed this week:\n"
        "• P-2 Is the new intake form easier? — 12 people voted: Yes 8 (67%) · No 3 (25%) · "
        "Not sure 1 (8%)\n"
        "• P-3 Which night works for the lived-experience circle? — no votes\n"
        "• P-4 Best time? — 1 person voted anonymously: Morning 1 (100%) · Evening 0 (0%)\n"
        "Posted on request."
    )


def test_a_quiet_channel_has_no_lists_and_no_picture(session: Session) -> None:
    message = render_message(
        channel_digest_now(session, team_id=TEAM, channel_id="CQUIET", now=NOW)
    )
    assert message["text"] == (
        "Weekly digest for <#CQUIET>, Nov 23 – Nov 30.\n"
        "Nothing was marked done this week.\n"
        "0 new · 0 open · 0 overdue\n"
        "Posted on request. /digest on Monday 9am posts it every week."
    )
    assert len(message["blocks"]) == 4


def facts(n: int, *, created: datetime, closed: datetime | None = None, status: str = "open",
          due: datetime | None = None) -> ItemFacts:  # fmt: skip
    return ItemFacts(
        number=n, title=f"Item {n}", status=status, owners=("UMARIA",), created_at=created,
        closed_at=closed, due_at=due, due_all_day=False, due_tz="America/New_York",
        source_url=None, needs_help=False, needs_owner=False,
    )  # fmt: skip


def week_ago(weeks: float) -> datetime:
    return NOW - timedelta(weeks=weeks)


# A channel that began five weeks ago (its first item), seen at Monday Nov 30, 9:00 in New York.
FIVE_WEEKS = [
    facts(1, created=week_ago(4.5), status="done", closed=week_ago(3.5)),  # done in week 2
    facts(2, created=week_ago(4.4), due=week_ago(3.9)),  # open, overdue from week 2 on
    facts(3, created=week_ago(3.2), status="done", closed=week_ago(1.5), due=week_ago(1)),
    facts(4, created=week_ago(3.1), status="dropped", closed=week_ago(2.5)),  # open weeks 2-3
    facts(5, created=week_ago(0.5), status="done", closed=week_ago(0.2)),  # done this week
    facts(6, created=NOW, due=NOW + timedelta(days=3)),  # made at the digest's moment: counts
]


def test_the_run_chart_starts_at_the_channels_first_item() -> None:
    weeks = trend(FIVE_WEEKS, end=NOW, zone="America/New_York", began=week_ago(4.5))
    assert [(week_label(w, "America/New_York"), w.open, w.done, w.overdue) for w in weeks] == [
        ("Nov 2", 2, 0, 0),  # items 1 and 2; 2 falls due just after
        ("Nov 9", 3, 1, 1),  # 1 done; 3 and 4 made; 2 overdue
        ("Nov 16", 2, 0, 1),  # 4 dropped
        ("Nov 23", 1, 1, 1),  # 3 done
        ("Nov 30", 2, 1, 1),  # 5 made and done; 6 made at the digest's moment
    ]
    assert median_done(weeks) == 1.0
    assert trend([], end=NOW, zone="UTC", began=None) == []


def test_a_channel_older_than_twelve_weeks_shows_twelve() -> None:
    weeks = trend(FIVE_WEEKS, end=NOW, zone="America/New_York", began=week_ago(40))
    assert len(weeks) == 12
    assert [w.open for w in weeks[:7]] == [0] * 7  # real zeros: the channel existed then
    assert weeks[0].end == datetime(2026, 9, 14, 13, 0, tzinfo=UTC)  # 9:00 EDT, before DST ends


WEEKS = trend(FIVE_WEEKS, end=NOW, zone="America/New_York", began=week_ago(4.5))


def test_the_picture_decodes_as_a_png_of_the_expected_size() -> None:
    png = trend_png(WEEKS, zone="America/New_York")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(png)) as image:
        image.load()  # decodes every pixel: a broken file fails here
        assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT)) == ("PNG", (800, 400))
        assert len(image.getcolors(maxcolors=100_000) or []) > 2  # lines drawn, not a blank


def test_the_title_and_alt_text_say_what_it_shows() -> None:
    assert chart_title(WEEKS) == (
        "Run chart of action items: open, done and overdue each week, the last 5 weeks"
    )
    assert trend_alt_text(WEEKS, zone="America/New_York") == (
        "Run chart of action items: open, done and overdue each week, the last 5 weeks. "
        "Median done per week: 1. "
        "Week ending Nov 2: 2 open, 0 done, 0 overdue. "
        "Week ending Nov 9: 3 open, 1 done, 1 overdue. "
        "Week ending Nov 16: 2 open, 0 done, 1 overdue. "
        "Week ending Nov 23: 1 open, 1 done, 1 overdue. "
        "Week ending Nov 30: 2 open, 1 done, 1 overdue."
    )


def test_an_even_number_of_weeks_has_a_half_median() -> None:
    weeks = [TrendWeek(end=week_ago(11 - i), open=40, done=i, overdue=3) for i in range(12)]
    assert median_done(weeks) == 5.5
    assert trend_alt_text(weeks, zone="UTC").startswith(
        "Run chart of action items: open, done and overdue each week, the last 12 weeks. "
        "Median done per week: 5.5. Week ending Sep 14: 40 open, 0 done, 3 overdue. "
    )


def test_alt_text_too_long_for_slack_keeps_the_latest_whole_weeks() -> None:
    huge = 10**15
    weeks = [TrendWeek(end=week_ago(11 - i), open=huge, done=i, overdue=huge) for i in range(12)]
    text = trend_alt_text(weeks, zone="UTC")
    assert len(text) <= 1000
    assert text.startswith(
        "Run chart of action items: open, done and overdue each week, the last 12 weeks. "
        "Median done per week: 5.5. Week ending Sep 21: "
    )
    assert text.endswith(f"Week ending Nov 30: {huge} open, 11 done, {huge} overdue.")
