"""On time and overdue, read together: the digest's two numbers about due dates never disagree.

The week is Monday Nov 23, 9:00 to Monday Nov 30, 9:00 in New York (the digest's moment).
On time means, in the digest's words: of the items due this week, those done by their due date.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.messages.digest_lines import summary
from bot.services.digests import trend, week_counts, weeks_before
from bot.slack.render import mrkdwn_of
from storage.digest_rows import ItemFacts

NY = ZoneInfo("America/New_York")
END = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Monday 9:00 in New York
START = weeks_before(END, 1, "America/New_York")


def ny(month: int, day: int, hour: int = 17) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=NY).astimezone(UTC)


def item(status: str, *, due: datetime | None = None, closed: datetime | None = None) -> ItemFacts:
    return ItemFacts(
        number=1, title="Call the VA about the HUD-VASH voucher", status=status,
        owners=("UMARIA",), created_at=ny(11, 16, 10), closed_at=closed, due_at=due,
        due_all_day=True, due_tz="America/New_York", source_url=None, needs_help=False,
        needs_owner=False,
    )  # fmt: skip


EARLY = item("done", due=ny(11, 25), closed=ny(11, 24, 11))  # due Wed, done Tue
SAME_DAY = item("done", due=ny(11, 25), closed=ny(11, 25, 15))  # done Wed 3pm, due Wed 5pm
LATE = item("done", due=ny(11, 24), closed=ny(11, 26, 10))  # due Tue, done Thu
NOT_DONE = item("open", due=ny(11, 26))  # due Thu, still open: overdue
NEXT_WEEK = item("open", due=ny(12, 2))  # due Wed Dec 2
NO_DATE = item("open")
DROPPED = item("dropped", due=ny(11, 25), closed=ny(11, 25, 9))  # plans changed
OLD_OVERDUE = item("open", due=ny(11, 18))  # due the week before, still open
VERY_EARLY = item("done", due=ny(11, 27), closed=ny(11, 19, 14))  # done before the week began
AT_START = item("open", due=START)  # due at the week's first moment
AT_END = item("open", due=END)  # due at the digest's moment: next week's, not yet overdue
DONE_NO_DATE = item("done", closed=ny(11, 24, 12))

WEEKS = [
    # (items of the week, the digest's numbers line and on-time line, overdue)  # why
    ([EARLY, SAME_DAY, VERY_EARLY, EARLY, LATE],
     ["4 done this week — thank you! 🙌", "0 new · 0 open · 0 overdue",
      "On time: 4 of 5 items due this week were done by their due date (1 done late)."],
     0),  # a good week, one late
    ([EARLY, LATE, NOT_DONE, NEXT_WEEK, NO_DATE],
     ["2 done this week — thank you! 🙌", "0 new · 3 open · 1 overdue",
      "On time: 1 of 3 items due this week were done by their due date "
      "(1 done late; 1 not done yet, so overdue)."],
     1),  # each kind once: the one not done is the one overdue
    ([OLD_OVERDUE, NO_DATE, DONE_NO_DATE],
     ["1 done this week — thank you! 🙌", "0 new · 2 open · 1 overdue"],
     1),  # nothing due this week: no rate to claim, the old item is still overdue
    ([SAME_DAY],
     ["1 done this week — thank you! 🙌", "0 new · 0 open · 0 overdue",
      "On time: 1 of 1 item due this week was done by its due date."],
     0),  # done on the day, before the end of it
    ([DROPPED, NEXT_WEEK, AT_END],
     ["*Nothing was marked done this week.*", "0 new · 2 open · 0 overdue"],
     0),  # dropped plans and next week's items are not this week's promises
    ([VERY_EARLY],
     ["*Nothing was marked done this week.*", "0 new · 0 open · 0 overdue",
      "On time: 1 of 1 item due this week was done by its due date."],
     0),  # done a week ahead: on time, though not done this week
    ([AT_START, NOT_DONE, OLD_OVERDUE],
     ["*Nothing was marked done this week.*", "0 new · 3 open · 3 overdue",
      "On time: 0 of 2 items due this week were done by their due date "
      "(2 not done yet, so overdue)."],
     3),  # a hard week: the overdue count holds this week's two and last week's one
]  # fmt: skip


@pytest.mark.parametrize(("items", "lines", "overdue"), WEEKS)
def test_on_time_and_overdue_agree(items: list[ItemFacts], lines: list[str], overdue: int):
    counts = week_counts(items, start=START, end=END, now=END)
    said = "\n".join(mrkdwn_of(one) for one in summary(counts))
    assert said.replace("*", "").split("\n") == [line.replace("*", "") for line in lines]
    assert counts.overdue == overdue
    assert counts.on_time + counts.late + counts.still_open == counts.due
    assert counts.still_open <= counts.overdue


def test_a_late_digest_counts_overdue_as_of_when_it_is_posted() -> None:
    # Posted Wednesday after downtime: Tuesday's item became overdue since the week's end.
    items = [NOT_DONE, item("open", due=ny(12, 1))]
    counts = week_counts(items, start=START, end=END, now=ny(12, 2, 10))
    assert (counts.due, counts.still_open, counts.overdue) == (1, 1, 2)


MOMENTS = st.integers(min_value=-20 * 24, max_value=10 * 24).map(
    lambda hours: END + timedelta(hours=hours)
)


@st.composite
def any_item(draw: st.DrawFn) -> ItemFacts:
    status = draw(st.sampled_from(["open", "done", "dropped"]))
    created = draw(MOMENTS.filter(lambda at: at <= END))
    closed = None if status == "open" else draw(MOMENTS.filter(lambda at: created <= at <= END))
    made = item(status, due=draw(st.none() | MOMENTS), closed=closed)
    return dataclasses.replace(made, created_at=created)


@given(st.lists(any_item(), max_size=30))
def test_every_item_due_this_week_and_not_done_is_counted_overdue(items: list[ItemFacts]):
    counts = week_counts(items, start=START, end=END, now=END)
    assert counts.on_time + counts.late + counts.still_open == counts.due
    assert 0 <= counts.still_open <= counts.overdue
    assert counts.on_time <= counts.due


@given(st.lists(any_item(), max_size=30))
def test_the_run_charts_weeks_count_what_each_week_held(items: list[ItemFacts]) -> None:
    # The chart counts by binary search; here each week is counted item by item.
    began = END - timedelta(weeks=20)
    for week in trend(items, end=END, zone="America/New_York", began=began):
        start = weeks_before(week.end, 1, "America/New_York")
        open_then = [
            i for i in items
            if i.created_at <= week.end and (i.closed_at is None or i.closed_at > week.end)
        ]  # fmt: skip
        assert week.open == len(open_then)
        assert week.overdue == sum(1 for i in open_then if i.due_at and i.due_at < week.end)
        assert week.done == sum(
            1
            for i in items
            if i.status == "done" and i.closed_at and start < i.closed_at <= week.end
        )
