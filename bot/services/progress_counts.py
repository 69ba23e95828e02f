"""The public page's numbers: commitments by week, and every small count hidden. Pure.

A count under the workspace's threshold (11 unless changed) is shown as "fewer than 11". A
total is shown only when it cannot give a hidden count away: with exactly one hidden number
among its parts, the total minus the others would tell it, so that total is hidden too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.services.digests import week_counts
from storage.digest_rows import ItemFacts

WEEKS = 12
BLOCK = 4  # weeks a row holds when single weeks would mostly read "fewer than 11"
HIDDEN_TOTAL = "—"


def counted(value: int, threshold: int, *, fewer: str) -> str:
    """Write a count as everyone may see it: "fewer than 11" below the threshold."""
    return fewer.format(n=threshold) if value < threshold else f"{value:,}"


def total_of(values: Sequence[int], threshold: int, *, fewer: str) -> str:
    """Write the total of some counts, hidden when it would tell the one hidden count."""
    if sum(1 for v in values if v < threshold) == 1:
        return HIDDEN_TOTAL
    return counted(sum(values), threshold, fewer=fewer)


@dataclass(frozen=True)
class WeekNumbers:
    """One week of commitments: made, done, and done on time, exact (hidden only when shown)."""

    first_day: date
    made: int
    done: int
    on_time: int


def week_starts(now: datetime, zone: ZoneInfo, weeks: int = WEEKS) -> list[date]:
    """Return the Mondays of the last `weeks` weeks in a zone, this week's last."""
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def weekly_numbers(
    items: Sequence[ItemFacts], *, now: datetime, zone: ZoneInfo
) -> list[WeekNumbers]:
    """Count each of the last weeks (Monday to Sunday in the zone), oldest first.

    Made: items added that week. Done: items done that week. Done on time: of the items due
    that week, those done by their due moment (the weekly digest's meaning of on time).
    """
    found = []
    for monday in week_starts(now, zone):
        start = _midnight(monday, zone)
        end = min(_midnight(monday + timedelta(weeks=1), zone), now)
        counts = week_counts(items, start=start, end=end, now=now)
        found.append(WeekNumbers(monday, counts.new, counts.done, counts.on_time))
    return found


def mostly_hidden(numbers: Sequence[WeekNumbers], threshold: int) -> bool:
    """Tell whether more than half of the weeks' numbers would be hidden as small."""
    cells = [v for n in numbers for v in (n.made, n.done, n.on_time)]
    return sum(1 for v in cells if v < threshold) * 2 > len(cells)


def in_blocks(numbers: Sequence[WeekNumbers], size: int = BLOCK) -> list[WeekNumbers]:
    """Add the weeks up `size` at a time, oldest first; each block keeps its first Monday."""
    blocks = []
    for first in range(0, len(numbers), size):
        part = numbers[first : first + size]
        made, done = sum(n.made for n in part), sum(n.done for n in part)
        blocks.append(WeekNumbers(part[0].first_day, made, done, sum(n.on_time for n in part)))
    return blocks


def since(now: datetime, zone: ZoneInfo) -> datetime:
    """Return the first moment the weekly numbers look at."""
    return _midnight(week_starts(now, zone)[0], zone)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
