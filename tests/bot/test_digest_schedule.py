"""Reading `/digest …` and "Monday 9am", and the weekly moments of a schedule across DST."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.errors import InvalidInput
from bot.services.digest_schedule import (
    DigestHelp,
    PostNow,
    Preview,
    TurnOff,
    TurnOn,
    Weekly,
    parse_digest_command,
    read_schedule,
)

NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "weekday", "minute"),
    [
        ("", 1, 9 * 60),  # nothing said: Monday 9am
        ("Monday 9am", 1, 9 * 60),  # the example in the help
        ("mondays at 9:30 am", 1, 9 * 60 + 30),  # plural, "at", a space before am
        ("Tues 16:00", 2, 16 * 60),  # an abbreviation, a 24-hour clock
        ("Fri", 5, 9 * 60),  # a day alone keeps 9am
        ("10am", 1, 10 * 60),  # a time alone keeps Monday
        ("every Friday at noon", 5, 12 * 60),  # "every", and noon
        ("9am on Mondays", 1, 9 * 60),  # the time first
        ("Thursday 4.30pm", 4, 16 * 60 + 30),  # a dot between hours and minutes
        ("sunday 12am", 7, 0),  # midnight is 12am
        ("Wed. 12pm", 3, 12 * 60),  # 12pm is noon
    ],
)
def test_read_schedule(text: str, weekday: int, minute: int) -> None:
    assert read_schedule(text, zone=NY) == Weekly(weekday, minute, "America/New_York")


@pytest.mark.parametrize(
    "text",
    [
        "Monday morning",  # no clock time
        "Funday 9am",  # no such day
        "13pm",  # no such hour
        "Monday 9:75",  # no such minute
        "Monday Tuesday 9am",  # two days
    ],
)
def test_unreadable_schedules_say_how_to_write_one(text: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        read_schedule(text, zone=NY)
    assert raised.value.message == (
        f"I couldn't read “{text}” as a day and time. Try a weekday and a time, like: "
        "/digest on Monday 9am or /digest on Friday 3:30pm"
    )


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("", DigestHelp()),
        ("help", DigestHelp()),
        ("on", TurnOn(when="")),
        ("ON Friday  4pm", TurnOn(when="Friday 4pm")),
        ("off", TurnOff()),
        ("preview", Preview()),
        ("now", PostNow()),
    ],
)
def test_parse_digest_command(text: str, command: object) -> None:
    assert parse_digest_command(text) == command


@pytest.mark.parametrize("text", ["weekly please", "off now", "preview <@UJOE>"])
def test_unknown_digest_commands_list_the_right_ones(text: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_digest_command(text)
    assert raised.value.message == (
        f"I don't know “/digest {text}”. Try `/digest on Monday 9am`, `/digest off`, "
        "`/digest preview`, `/digest now` or `/digest publish`."
    )


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


MONDAY_9_NY = Weekly(1, 9 * 60, "America/New_York")
FRIDAY_4PM_LONDON = Weekly(5, 16 * 60, "Europe/London")


@pytest.mark.parametrize(
    ("weekly", "now", "after"),
    [
        # why: winter in New York is UTC-5
        (MONDAY_9_NY, utc(2026, 11, 24, 15), utc(2026, 11, 30, 14)),
        # why: summer is UTC-4, so the same 9am is an hour earlier in UTC
        (MONDAY_9_NY, utc(2026, 6, 2, 12), utc(2026, 6, 8, 13)),
        # why: set in summer, the first one falls after the clocks went back (Nov 1)
        (MONDAY_9_NY, utc(2026, 10, 27, 12), utc(2026, 11, 2, 14)),
        # why: set in winter, the first one falls after the clocks went forward (Mar 8)
        (MONDAY_9_NY, utc(2026, 3, 3, 12), utc(2026, 3, 9, 13)),
        # why: exactly at the moment: the next one is a week later
        (MONDAY_9_NY, utc(2026, 11, 30, 14), utc(2026, 12, 7, 14)),
        # why: a minute before: today
        (MONDAY_9_NY, utc(2026, 11, 30, 13, 59), utc(2026, 11, 30, 14)),
        # why: London is UTC+0 in winter
        (FRIDAY_4PM_LONDON, utc(2026, 11, 24, 15), utc(2026, 11, 27, 16)),
        # why: and UTC+1 in summer (BST)
        (FRIDAY_4PM_LONDON, utc(2026, 6, 2, 12), utc(2026, 6, 5, 15)),
        # why: London's clocks go back on Oct 25, a week before New York's
        (FRIDAY_4PM_LONDON, utc(2026, 10, 24, 12), utc(2026, 10, 30, 16)),
    ],
)
def test_next_moment_follows_the_local_clock(weekly: Weekly, now: datetime, after: datetime):
    assert weekly.next_after(now) == after


def test_latest_moment_and_week_keys() -> None:
    assert MONDAY_9_NY.latest_until(utc(2026, 12, 2, 12)) == utc(2026, 11, 30, 14)
    assert MONDAY_9_NY.latest_until(utc(2026, 11, 30, 14)) == utc(2026, 11, 30, 14)
    assert MONDAY_9_NY.latest_until(utc(2026, 11, 30, 13, 59)) == utc(2026, 11, 23, 14)
    assert MONDAY_9_NY.week_of(utc(2026, 11, 30, 14)) == "2026-W49"
    # Sunday 11pm in New York is already Monday in UTC: the week is the local one.
    sunday_late = Weekly(7, 23 * 60, "America/New_York")
    assert sunday_late.week_of(sunday_late.next_after(utc(2026, 11, 24))) == "2026-W48"
    assert MONDAY_9_NY.phrase() == "Mondays at 9:00 AM"
    assert FRIDAY_4PM_LONDON.phrase() == "Fridays at 4:00 PM"
