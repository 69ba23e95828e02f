"""What a reminder says about the due day: true on the day the owner reads it, weekends included."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.messages.reminders import step_line as step_words
from bot.services.ladder import Hours, ladder
from bot.slack.render import mrkdwn_of
from bot.when import due_on
from storage.models import ActionItem
from tests.bot.test_blocks import make_item

NY, AKL = ZoneInfo("America/New_York"), ZoneInfo("Pacific/Auckland")
CREATED = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday Nov 23, before every due below


def step_line(item: ActionItem, step: str, *, now: datetime, zone: ZoneInfo) -> str:
    """Return a reminder's step line as Slack shows it."""
    return mrkdwn_of(step_words(item, step, now=now, zone=zone))


def _item_due(day: date, at: time | None = None, zone: ZoneInfo = NY) -> ActionItem:
    due = due_on(day, at, zone)
    return make_item(due_at=due.at, due_all_day=due.all_day, due_tz=zone.key, updated_at=CREATED)


def _ny(day: int, hour: int = 9, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=NY)


WAS = "How is it going? If plans changed, snooze it or update it."

SENT_AND_DUE = [
    # why: the case: the "due" reminder for a Saturday goes out on Friday
    (_ny(4), date(2026, 12, 5), "due", "Due tomorrow (Sat Dec 5)."),
    # why: read on the Saturday itself, the same item is due today
    (_ny(5, 10), date(2026, 12, 5), "due", "Due today (Sat Dec 5)."),
    # why: the "before" reminder for a Saturday goes out on Thursday
    (_ny(3), date(2026, 12, 5), "before", "Coming up: due in 2 days (Sat Dec 5)."),
    # why: a Sunday due is reminded on Friday, two days ahead
    (_ny(4), date(2026, 12, 6), "due", "Coming up: due in 2 days (Sun Dec 6)."),
    # why: a Monday due is "before"-reminded on Friday, three days ahead
    (_ny(4), date(2026, 12, 7), "before", "Coming up: due in 3 days (Mon Dec 7)."),
    # why: a weekday due, reminded the day before
    (_ny(3), date(2026, 12, 4), "before", "Due tomorrow (Fri Dec 4)."),
    # why: a weekday due, reminded on the day
    (_ny(4), date(2026, 12, 4), "due", "Due today (Fri Dec 4)."),
    # why: a Sunday due read on Monday has passed
    (_ny(7), date(2026, 12, 6), "overdue-1", f"Was due Sun Dec 6. {WAS}"),
    # why: a reminder held back (away, snoozed) and sent late never says "today" for a past day
    (_ny(8), date(2026, 12, 4), "due", f"Was due Fri Dec 4. {WAS}"),
    # why: New Year's Day (a day off) is reminded on Dec 31, the working day before
    (_ny(31), date(2027, 1, 1), "due", "Due tomorrow (Fri Jan 1)."),
    # why: a due more than six months ahead shows its year
    (_ny(2), date(2027, 7, 9), "before", "Coming up: due in 219 days (Fri Jul 9, 2027)."),
    # why: a due long past shows its year too
    (_ny(2), date(2026, 9, 4), "weekly-9", f"Was due Fri Sep 4, 2026. {WAS}"),
]


@pytest.mark.parametrize(("sent", "due", "step", "line"), SENT_AND_DUE)
def test_the_due_day_is_said_from_the_day_it_is_read(
    sent: datetime, due: date, step: str, line: str
) -> None:
    assert step_line(_item_due(due), step, now=sent, zone=NY) == line


def test_a_timed_due_today_reads_as_passed_once_its_time_has_gone() -> None:
    item = _item_due(date(2026, 12, 4), time(15, 0))
    assert item.due_at is not None
    stamp = int(item.due_at.timestamp())
    shown = f"<!date^{stamp}^{{date_short_pretty}} at {{time}}|Fri Dec 4 at 3:00 PM EST>"
    morning = step_line(item, "due", now=_ny(4, 9), zone=NY)
    late = step_line(item, "due", now=_ny(4, 16), zone=NY)
    assert (morning, late) == (f"Due today ({shown}).", f"Was due {shown}. {WAS}")


def test_an_all_day_due_is_its_calendar_day_in_the_owners_own_zone() -> None:
    # Friday 09:00 in Auckland is still Thursday in New York, where the item was written.
    item = _item_due(date(2026, 12, 5))
    friday_in_auckland = datetime(2026, 12, 4, 9, tzinfo=AKL)
    line = step_line(item, "due", now=friday_in_auckland, zone=AKL)
    assert line == "Due tomorrow (Sat Dec 5)."


def _ladder_words(due: date, hours: Hours) -> list[tuple[str, str]]:
    item = _item_due(due)
    steps = ladder(due_at=item.due_at, created_at=CREATED, zone=NY, hours=hours)
    said = []
    for step in steps:
        if step.name in ("before", "due"):
            sent = step.at.astimezone(NY)
            said.append((f"{sent:%a}", step_line(item, step.name, now=step.at, zone=NY)))
        if step.name == "due":
            return said
    return said  # pragma: no cover - a due step always comes


LADDER = [
    # why: Monday's "before" goes out on the Friday before
    (
        date(2026, 12, 7),
        [("Fri", "Coming up: due in 3 days (Mon Dec 7)."), ("Mon", "Due today (Mon Dec 7).")],
    ),
    # why: midweek: the day before, then the day
    (date(2026, 12, 9), [("Tue", "Due tomorrow (Wed Dec 9)."), ("Wed", "Due today (Wed Dec 9).")]),
    # why: Saturday: both reminders move to working days, and say so truthfully
    (
        date(2026, 12, 12),
        [("Thu", "Coming up: due in 2 days (Sat Dec 12)."), ("Fri", "Due tomorrow (Sat Dec 12).")],
    ),
    # why: Sunday: the same working days, one more day ahead
    (
        date(2026, 12, 13),
        [
            ("Thu", "Coming up: due in 3 days (Sun Dec 13)."),
            ("Fri", "Coming up: due in 2 days (Sun Dec 13)."),
        ],
    ),
]


@pytest.mark.parametrize(("due", "words"), LADDER)
def test_each_ladder_step_says_the_truth_on_the_day_it_is_sent(
    due: date, words: list[tuple[str, str]]
) -> None:
    assert _ladder_words(due, Hours()) == words


def test_a_team_off_on_fridays_hears_about_a_friday_due_on_thursday() -> None:
    four_days = Hours(days=frozenset({1, 2, 3, 4}))
    assert _ladder_words(date(2026, 12, 11), four_days) == [
        ("Wed", "Coming up: due in 2 days (Fri Dec 11)."),
        ("Thu", "Due tomorrow (Fri Dec 11)."),
    ]
