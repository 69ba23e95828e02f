"""What a digest says, for a big channel and a small one, and its picture, straight from the DB."""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from bot.blocks_digest import digest_message
from bot.digest_chart import HEIGHT, WIDTH, trend_alt_text, trend_png
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
from bot.services.digests import TrendWeek, digest_week
from bot.services.polls import PollResult
from bot.text import Draft
from bot.when import Due
from handlers.digest_posts import render_channel_digest
from storage.db import make_session_factory, transaction

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
    message = render_channel_digest(session, team_id=TEAM, channel_id=CHANNEL, now=NOW,
                                    zone="America/New_York")  # fmt: skip
    assert block_problems(message["blocks"], "/blocks", 50) == []
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
        render_channel_digest(session, team_id=TEAM, channel_id=CHANNEL, now=NOW)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) <= 5  # the schedule, owners, items, decisions, polls


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
    message = digest_message(dataclasses.replace(digest, polls=polls), footer="Posted on request.")
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
    message = render_channel_digest(session, team_id=TEAM, channel_id="CQUIET", now=NOW)
    assert message["text"] == (
        "Weekly digest for <#CQUIET>, Nov 23 – Nov 30.\n"
        "Nothing was marked done this week.\n"
        "0 new · 0 open · 0 overdue\n"
        "Posted on request. /digest on Monday 9am posts it every week."
    )
    assert len(message["blocks"]) == 4


WEEKS = [TrendWeek(end=NOW - timedelta(weeks=7 - i), open=10 + i, done=i % 4) for i in range(8)]


def test_the_picture_is_a_png_of_the_expected_size() -> None:
    png = trend_png(WEEKS, zone="America/New_York")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (WIDTH, HEIGHT) == (800, 400)


def test_the_alt_text_states_the_numbers() -> None:
    assert trend_alt_text(WEEKS, zone="America/New_York") == (
        "Bar chart of open and done items in this channel, weeks ending "
        "Oct 12: 10 open, 0 done; Oct 19: 11 open, 1 done; Oct 26: 12 open, 2 done; "
        "Nov 2: 13 open, 3 done; Nov 9: 14 open, 0 done; Nov 16: 15 open, 1 done; "
        "Nov 23: 16 open, 2 done; Nov 30: 17 open, 3 done."
    )
