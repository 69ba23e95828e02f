"""Repeating items: which words make a series, its first due, and each next one."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.errors import DateError
from bot.recurrence import Rule, next_due, rule_from_code
from bot.text import read_action_text
from bot.when import Due

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday, 10:00 in New York
NY = ZoneInfo("America/New_York")

READ_ROWS = [
    # why: the product's example, at the end of the title; first due is the coming Monday
    ("Send the HMIS report every Monday", "Send the HMIS report", "weekly:1", "2026-11-30"),
    # why: every 2 weeks counts from today
    ("Team check-in every 2 weeks", "Team check-in", "weeks:2", "2026-12-08"),
    # why: every month, one month from today
    ("Pay the storage unit every month", "Pay the storage unit", "monthly", "2026-12-24"),
    # why: a weekday name said on that weekday means next week's, like "by Tuesday"
    ("Case conference prep every Tuesday", "Case conference prep", "weekly:2", "2026-12-01"),
    # why: a time after the phrase belongs to it: each Monday at 9am
    ("Sync notes every Monday at 9am", "Sync notes", "weekly:1", "2026-11-30T09:00:00-05:00"),
    # why: "at 3" with no am/pm is each Monday at 15:00, not today
    (
        "Send the PIT tally every Monday at 3",
        "Send the PIT tally",
        "weekly:1",
        "2026-11-30T15:00:00-05:00",
    ),
    # why: "starting" + a bare date sets the first occurrence and leaves the title
    ("Call VA every other Friday starting Dec 11", "Call VA", "weeks:2", "2026-12-11"),
    # why: "by" + time works the same
    ("Stand-up every weekday by 10am", "Stand-up", "weekdays", "2026-11-25T10:00:00-05:00"),
    # why: every day starts tomorrow
    ("Check the shelter count every day", "Check the shelter count", "days:1", "2026-11-25"),
    # why: "every other Monday" is fortnightly from the coming Monday
    ("Water the plants every other Monday", "Water the plants", "weeks:2", "2026-11-30"),
    # why: a quarter is three months
    ("Board report every quarter.", "Board report", "months:3", "2027-02-24"),
    # why: an explicit due sets the first occurrence; the series continues from it
    ("Rent check every month by Dec 10", "Rent check", "monthly", "2026-12-10"),
    # why: the phrase may start the text, before the title
    ("Every Monday: send the by-name list", "send the by-name list", "weekly:1", "2026-11-30"),
    # why: owners are still read; the phrase between title and mention is removed
    ("Call landlords every week <@UJOE>", "Call landlords", "weeks:1", "2026-12-01"),
    # why: "every Monday meeting" names a meeting; no series, no due
    ("Attend every Monday meeting", "Attend every Monday meeting", None, None),
    # why: a possessive is not a series
    ("Review every week's numbers", "Review every week's numbers", None, None),
    # why: "every day of the week" is not a series
    ("Staff every day of the week", "Staff every day of the week", None, None),
    # why: "every family" is not a period
    ("Call every family on the list", "Call every family on the list", None, None),
    # why: words inside a link are never read
    ("Read <https://x.org/every-monday|every Monday> notes", None, None, None),
]


@pytest.mark.parametrize(("text", "title", "code", "due"), READ_ROWS)
def test_repeat_phrases(text: str, title: str | None, code: str | None, due: str | None) -> None:
    draft = read_action_text(text, now=NOW, zone=NY)
    assert (draft.recurrence, draft.due.iso() if draft.due else None) == (code, due)
    if title is not None:
        assert draft.title == title
    else:
        assert draft.title == text


def test_a_past_explicit_due_is_still_refused() -> None:
    with pytest.raises(DateError):
        read_action_text("Rent check every month by 2020-01-01", now=NOW, zone=NY)


def _due(iso: str, *, all_day: bool, zone: str = "America/New_York") -> Due:
    local = datetime.fromisoformat(iso)
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(zone))
    return Due(at=local.astimezone(UTC), all_day=all_day, zone=zone)


NEXT_ROWS = [
    # why: done early; the next Monday after the due Monday, all day at 17:00
    ("weekly:1", "2026-11-30T17:00", True, NOW, "2026-12-07"),
    # why: done late; occurrences already past are skipped
    ("weekly:1", "2026-11-02T17:00", True, NOW, "2026-11-30"),
    # why: a time of day is kept, across the end of daylight saving time
    ("weeks:1", "2026-10-27T09:00", False, NOW, "2026-12-01T09:00:00-05:00"),
    # why: weekdays skip the weekend
    ("weekdays", "2026-11-27T17:00", True, datetime(2026, 11, 27, 23, tzinfo=UTC), "2026-11-30"),
    # why: monthly steps by calendar month; a short month takes its last day
    ("monthly", "2027-01-31T17:00", True, NOW, "2027-02-28"),
    # why: a series on a month's last day keeps to the last day, not to the 28th
    ("monthly", "2027-02-28T17:00", True, NOW, "2027-03-31"),
    # why: a mid-month day stays that day
    ("monthly", "2027-02-15T17:00", True, NOW, "2027-03-15"),
    # why: every 2 weeks from the previous due, not from today
    ("weeks:2", "2026-11-20T17:00", True, NOW, "2026-12-04"),
    # why: every 3 days
    ("days:3", "2026-11-24T17:00", True, NOW, "2026-11-27"),
]


@pytest.mark.parametrize(("code", "previous", "all_day", "now", "expected"), NEXT_ROWS)
def test_next_due(code: str, previous: str, all_day: bool, now: datetime, expected: str) -> None:
    rule = rule_from_code(code)
    assert rule is not None and rule.code == code
    due = next_due(rule, previous=_due(previous, all_day=all_day), now=now)
    assert (due.iso(), due.all_day) == (expected, all_day)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("weekly:1", "every Monday"),  # why: ISO weekday 1 is Monday
        ("weekly:7", "every Sunday"),  # why: and 7 is Sunday
        ("weeks:2", "every 2 weeks"),  # why: a count in the plural
        ("monthly", "every month"),  # why: one month has its own short code
        ("days:1", "every day"),  # why: singular for one
        ("weekdays", "every weekday"),  # why: no count
    ],
)
def test_codes_describe_themselves(code: str, words: str) -> None:
    rule = rule_from_code(code)
    assert rule is not None and (rule.code, rule.describe()) == (code, words)


@pytest.mark.parametrize(
    "code",
    [None, "", "yearly", "weekly:8", "weeks:0", "weeks:x", "days"],  # why: none or unknown
)
def test_unknown_codes_are_no_series(code: str | None) -> None:
    assert rule_from_code(code) is None


def test_rule_is_a_value() -> None:
    assert Rule("weeks", count=2) == rule_from_code("weeks:2")
