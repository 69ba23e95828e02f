"""The Study ladder: when an owner is asked what happened, counted from the cycle's end."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from bot.services.ladder import Hours
from bot.services.study_ladder import decide_study, study_steps

LA = ZoneInfo("America/Los_Angeles")
LONDON = ZoneInfo("Europe/London")
TUESDAY_END = date(2026, 11, 24)


def la(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LA).astimezone(UTC)


def test_the_steps_are_the_items_ladder_from_the_first_working_day_after_the_end() -> None:
    steps = [(s.name, s.at) for s in islice(study_steps(TUESDAY_END, LA, Hours()), 6)]
    assert steps == [
        ("ask", la(11, 25)),  # Wednesday, the day after Tuesday's end
        ("again-1", la(11, 26)),
        ("again-3", la(11, 30)),  # Thu, Fri, (weekend), Mon
        ("again-7", la(12, 4)),
        ("weekly-1", la(12, 11)),  # every 5 working days after that
        ("weekly-2", la(12, 18)),
    ]


@pytest.mark.parametrize(
    ("ends_on", "zone", "hours", "first"),
    [
        # why: a cycle ending on Friday is asked about on Monday, not on Saturday
        (date(2026, 11, 27), LA, Hours(), la(11, 30)),
        # why: ending on a Sunday (a weekend test of an outreach shift) is asked about Monday
        (date(2026, 11, 29), LA, Hours(), la(11, 30)),
        # why: the owner's own zone and the workspace's hours decide the instant
        (TUESDAY_END, LONDON, Hours(start=time(8, 30)),
         datetime(2026, 11, 25, 8, 30, tzinfo=LONDON).astimezone(UTC)),
        # why: a team that also works Saturdays is asked the next day
        (date(2026, 11, 27), LA, Hours(days=frozenset({1, 2, 3, 4, 5, 6})), la(11, 28)),
    ],
)  # fmt: skip
def test_the_first_ask(ends_on: date, zone: ZoneInfo, hours: Hours, first: datetime) -> None:
    assert next(study_steps(ends_on, zone, hours)).at == first


@pytest.mark.parametrize(
    ("now", "paused", "expected"),
    [
        # why: before the first working day after the end, nothing; look at 9:00 that day
        (la(11, 24, 16), None, (None, la(11, 25))),
        # why: at 9:00 the day after, the first ask; the next look is the first reminder
        (la(11, 25, 9), None, ("ask", la(11, 26))),
        # why: late in the evening it waits for the next working morning, then coalesces
        (la(11, 25, 18), None, (None, la(11, 26))),
        # why: a bot down for a week sends one reminder (the latest step), never a flood
        (la(12, 3, 10), None, ("again-3", la(12, 4))),
        # why: someone away hears nothing until they are back
        (la(11, 25, 10), la(12, 1), (None, la(12, 1))),
    ],
)  # fmt: skip
def test_what_is_sent_now_and_when_to_look_again(
    now: datetime, paused: datetime | None, expected: tuple[str | None, datetime]
) -> None:
    decided = decide_study(ends_on=TUESDAY_END, paused_until=paused, zone=LA, hours=Hours(),
                           now=now)  # fmt: skip
    assert (decided.step.name if decided.step else None, decided.look_again) == expected
