"""What a person's Home shows: their items by when, with their buttons, and more, neutrally.

Slack's Home holds at most 100 blocks. Each of the person's own items takes two (its line, and
its Done and Snooze controls), so at most `ITEM_ROWS` are shown and each cut group ends "…and N
more"; everything else fits in the remaining blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.ids import ActionId, BlockId
from bot.messages.common import item_line, snooze_menu, when
from bot.messages.parts import (
    Button,
    Controls,
    Heading,
    HomePage,
    Listing,
    Note,
    Paragraph,
    Part,
    Rule,
)
from bot.messages.spans import ChannelRef, Code, Line, Typed, When, line, strong
from bot.services.home import DECISIONS_SINCE, ITEM_ROWS, LINES_SHOWN
from bot.services.home import HomePage as Gathered
from storage.lists import Shown
from storage.models import ActionItem, Decision


def home_page(page: Gathered, *, now: datetime, zone: str, notice: Line | None = None) -> HomePage:
    """Return a person's Home."""
    stars = [line("⭐ ", ChannelRef(s.channel_id), " ", strong("North star:"), " ",
                  Typed(s.text, 300)) for s in page.north_stars]  # fmt: skip
    parts: list[Part] = [Paragraph(tuple(stars))] if stars else []
    parts.append(Heading("Your action items"))
    if page.away_until is not None:
        parts.append(Note(away_line(page.away_until, tz=zone, now=now)))
    if notice:
        parts.append(Paragraph((notice,)))
    add = Button("➕ Add action item", ActionId.HOME_ADD_ITEM, "add", style="primary")
    parts.append(Controls((add,), key=BlockId.HOME_ADD))
    parts += _mine(page, now=now, zone=zone)
    parts += _lines_group(
        "You asked others",
        [item_line(item, now=now, channel=True) for item in page.asked.items],
        total=page.asked.total,
        empty="Nothing you asked of others is open.",
    )
    days = DECISIONS_SINCE.days
    parts += _lines_group(
        f"Decisions in your channels, last {days} days",
        [_decision_line(decision, zone=zone) for decision in page.decisions.decisions],
        total=page.decisions.total,
        empty=f"No decisions in your channels in the last {days} days.",
    )
    return HomePage(tuple(parts))


def away_line(until: datetime, *, tz: str, now: datetime | None = None) -> Line:
    """Say until when a person's reminders are held (with its year when that is far off)."""
    return line(
        "🌴 You're away until ", until_when(until, tz=tz, now=now),
        ": reminders are on hold. Back early? Type ", Code("/action back"), ".",
    )  # fmt: skip


def until_when(at: datetime, *, tz: str, now: datetime | None = None) -> When:
    """Say when a pause ends: a day when it ends as that day begins, else a day and time."""
    starts_a_day = at.astimezone(ZoneInfo(tz)).time() == time(0)
    return when(at, all_day=starts_a_day, tz=tz, now=now)


def _mine(page: Gathered, *, now: datetime, zone: str) -> list[Part]:
    groups = page.mine
    named: list[tuple[str, Shown]] = [
        ("⚠️ Overdue", groups.overdue),
        ("This week", groups.this_week),
        ("Later", groups.later),
        ("No date", groups.no_date),
    ]
    if not any(group.total for _, group in named):
        return [Rule(), Paragraph((line("You have no open items. Nice work! 🎉"),))]
    parts: list[Part] = []
    rows = ITEM_ROWS
    for heading, group in named:
        if not group.total:
            continue
        shown = group.items[: max(rows, 0)]
        rows -= len(shown)
        parts += [Rule(), _heading(heading, group.total)]
        for item in shown:
            parts += _item_rows(item, now=now, zone=zone)
        if group.total > len(shown):
            parts.append(Note(line(f"…and {group.total - len(shown)} more")))
    return parts


def _heading(heading: str, count: int) -> Paragraph:
    return Paragraph((line(strong(heading), f" ({count})"),))


def _item_rows(item: ActionItem, *, now: datetime, zone: str) -> list[Part]:
    said = item_line(item, now=now, channel=True)
    if item.snoozed_until is not None and item.snoozed_until > now:
        said += line(" · 😴 until ", until_when(item.snoozed_until, tz=zone, now=now))
    buttons = (Button("✅ Done", ActionId.ITEM_DONE, str(item.number)), snooze_menu(item))
    key = f"{BlockId.HOME_ITEM}:{item.number}"
    return [Paragraph((said,)), Controls(buttons, key=key)]


def _lines_group(heading: str, lines: Sequence[Line], *, total: int, empty: str) -> list[Part]:
    """Return a heading and the first lines of a group of `total`, as many as fit."""
    parts: list[Part] = [Rule(), _heading(heading, total)]
    if not lines:
        return [*parts, Note(line(empty))]
    return [*parts, Listing(tuple(lines), most=LINES_SHOWN, total=total)]


def _decision_line(decision: Decision, *, zone: str) -> Line:
    day = when(decision.created_at, all_day=True, tz=zone)
    return line(
        strong(decision.code), " ", Typed(decision.text, 300), " · ",
        ChannelRef(decision.channel_id), " · ", day,
    )  # fmt: skip
