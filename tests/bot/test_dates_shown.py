"""Dates as Backbone shows them: a day beyond the coming months, or long past, shows its year."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.messages.digest_lines import owner_lines
from bot.messages.home import until_when
from bot.slack import blocks
from bot.slack.render import mrkdwn_of
from storage.digest_rows import ItemFacts
from tests.bot.test_blocks import make_item

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
NY = "America/New_York"

SHOWN = [
    # why: next week reads without a year
    (datetime(2026, 12, 9, 22, tzinfo=UTC), "Wed Dec 9"),
    # why: next month, across the new year, still reads without one (the nearest Jan 3)
    (datetime(2027, 1, 3, 22, tzinfo=UTC), "Sun Jan 3"),
    # why: five months ahead is within the coming months
    (datetime(2027, 5, 28, 21, tzinfo=UTC), "Fri May 28"),
    # why: seven months ahead shows its year
    (datetime(2027, 7, 9, 21, tzinfo=UTC), "Fri Jul 9, 2027"),
    # why: a year ahead, the same day and month as today, must not read as today
    (datetime(2027, 12, 2, 22, tzinfo=UTC), "Thu Dec 2, 2027"),
    # why: last week reads without a year
    (datetime(2026, 11, 27, 22, tzinfo=UTC), "Fri Nov 27"),
    # why: three months back shows its year
    (datetime(2026, 9, 4, 21, tzinfo=UTC), "Fri Sep 4, 2026"),
]


@pytest.mark.parametrize(("at", "shown"), SHOWN)
def test_a_day_shows_its_year_outside_the_coming_months(at: datetime, shown: str) -> None:
    assert blocks.when_phrase(at, all_day=True, tz=NY, now=NOW) == shown


def test_a_time_shows_its_year_in_the_fallback_too() -> None:
    at = datetime(2027, 7, 9, 19, 0, tzinfo=UTC)
    assert blocks.when_phrase(at, all_day=False, tz=NY, now=NOW) == (
        f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}"
        "|Fri Jul 9, 2027 at 3:00 PM EDT>"
    )


def test_an_announcement_shows_the_year_of_a_far_due_from_when_it_was_made() -> None:
    item = make_item(due_at=datetime(2027, 7, 9, 21, tzinfo=UTC), created_at=NOW, updated_at=NOW)
    assert blocks.announcement(item)["text"] == (
        "📌 A-12 Call the shelter about 3 beds — <@UJOE> · due Fri Jul 9, 2027"
    )


def test_a_list_line_shows_the_year_of_an_item_long_overdue() -> None:
    item = make_item(due_at=datetime(2026, 6, 5, 21, tzinfo=UTC))
    assert blocks.item_line(item, now=NOW) == (
        "*A-12* Call the shelter about 3 beds — <@UJOE> · due Fri Jun 5, 2026 · ⚠️ overdue"
    )


def _facts(number: int, due_at: datetime) -> ItemFacts:
    return ItemFacts(
        number=number,
        title="Recert paperwork",
        status="open",
        owners=("UJOE",),
        created_at=datetime(2026, 5, 1, tzinfo=UTC),
        closed_at=None,
        due_at=due_at,
        due_all_day=True,
        due_tz=NY,
        source_url=None,
        needs_help=False,
        needs_owner=False,
    )


def test_the_digest_shows_the_year_of_an_item_overdue_since_the_summer() -> None:
    items = [
        _facts(1, datetime(2026, 6, 5, 21, tzinfo=UTC)),
        _facts(2, datetime(2026, 11, 27, 22, tzinfo=UTC)),
    ]
    lines, owners = owner_lines(items, with_due=True, now=NOW)
    assert ([mrkdwn_of(one) for one in lines], owners) == (
        [
            "• <@UJOE> — 2: A-1 Recert paperwork (due Fri Jun 5, 2026); "
            "A-2 Recert paperwork (due Fri Nov 27)"
        ],
        1,
    )


def test_home_shows_the_year_of_a_snooze_that_ends_next_summer() -> None:
    until = datetime(2027, 7, 1, 4, tzinfo=UTC)  # midnight in New York: a whole day
    assert mrkdwn_of((until_when(until, tz=NY, now=NOW),)) == "Thu Jul 1, 2027"
