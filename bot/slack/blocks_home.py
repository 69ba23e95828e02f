"""The Home tab, built by a pure function: a person's items by when, with their buttons.

A Home tab holds at most 100 blocks. Each of the person's own items takes two (its line, and its
Done and Snooze buttons), so at most `ITEM_ROWS` are shown and each cut list ends "…and N more";
everything else fits in the remaining blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.ids import ActionId, BlockId
from bot.services.home import DECISIONS_SINCE, HomePage
from bot.slack.blocks import (
    SECTION_LIMIT,
    button,
    context,
    item_line,
    mrkdwn,
    plain_text,
    shorten,
    snooze_menu,
    when_phrase,
)
from bot.text import neutralise
from storage.models import ActionItem, Decision

View = dict[str, Any]
Block = dict[str, Any]
MAX_HOME_BLOCKS = 100
ITEM_ROWS = 35
LINES_SHOWN = 10


def home_view(page: HomePage, *, now: datetime, zone: str, notice: str | None = None) -> View:
    """Return a person's Home tab."""
    blocks: list[Block] = [{"type": "header", "text": plain_text("Your action items")}]
    if page.away_until is not None:
        blocks.append(context(away_line(page.away_until, tz=zone, now=now)))
    if notice:
        blocks.append(mrkdwn(notice))
    add = button("➕ Add action item", ActionId.HOME_ADD_ITEM, "add", style="primary")
    blocks += [{"type": "actions", "block_id": BlockId.HOME_ADD, "elements": [add]}]
    blocks += _mine(page, now=now, zone=zone)
    blocks += _lines_group(
        "You asked others",
        [item_line(item, now=now, channel=True) for item in page.asked],
        empty="Nothing you asked of others is open.",
    )
    days = DECISIONS_SINCE.days
    blocks += _lines_group(
        f"Decisions in your channels, last {days} days",
        [_decision_line(decision, zone=zone) for decision in page.decisions],
        empty=f"No decisions in your channels in the last {days} days.",
    )
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


def away_line(until: datetime, *, tz: str, now: datetime | None = None) -> str:
    """Say until when a person's reminders are held (with its year when that is far off)."""
    when = until_phrase(until, tz=tz, now=now)
    return f"🌴 You're away until {when}: reminders are on hold. Back early? Type `/action back`."


def until_phrase(at: datetime, *, tz: str, now: datetime | None = None) -> str:
    """Say when a pause ends: a day when it ends as that day begins, else a day and time."""
    starts_a_day = at.astimezone(ZoneInfo(tz)).time() == time(0)
    return when_phrase(at, all_day=starts_a_day, tz=tz, now=now)


def _mine(page: HomePage, *, now: datetime, zone: str) -> list[Block]:
    groups = page.mine
    named = [
        ("⚠️ Overdue", groups.overdue),
        ("This week", groups.this_week),
        ("Later", groups.later),
        ("No date", groups.no_date),
    ]
    if not any(items for _, items in named):
        return [{"type": "divider"}, mrkdwn("You have no open items. Nice work! 🎉")]
    blocks: list[Block] = []
    rows = ITEM_ROWS
    for heading, items in named:
        if not items:
            continue
        shown = items[: max(rows, 0)]
        rows -= len(shown)
        blocks += [{"type": "divider"}, mrkdwn(f"*{heading}* ({len(items)})")]
        for item in shown:
            blocks += _item_rows(item, now=now, zone=zone)
        if len(items) > len(shown):
            blocks.append(context(f"…and {len(items) - len(shown)} more"))
    return blocks


def _item_rows(item: ActionItem, *, now: datetime, zone: str) -> list[Block]:
    line = item_line(item, now=now, channel=True)
    if item.snoozed_until is not None and item.snoozed_until > now:
        line += f" · 😴 until {until_phrase(item.snoozed_until, tz=zone, now=now)}"
    buttons = [button("✅ Done", ActionId.ITEM_DONE, str(item.number)), snooze_menu(item)]
    block_id = f"{BlockId.HOME_ITEM}:{item.number}"
    return [mrkdwn(line), {"type": "actions", "block_id": block_id, "elements": buttons}]


def _lines_group(heading: str, lines: Sequence[str], *, empty: str) -> list[Block]:
    """Return a heading and its lines in one section, within the section limit."""
    blocks: list[Block] = [{"type": "divider"}, mrkdwn(f"*{heading}* ({len(lines)})")]
    if not lines:
        return [*blocks, context(empty)]
    shown: list[str] = []
    for line in lines[:LINES_SHOWN]:
        if sum(len(kept) + 1 for kept in shown) + len(line) > SECTION_LIMIT:
            break
        shown.append(line)
    blocks.append(mrkdwn("\n".join(shown)))
    if len(lines) > len(shown):
        blocks.append(context(f"…and {len(lines) - len(shown)} more"))
    return blocks


def _decision_line(decision: Decision, *, zone: str) -> str:
    day = when_phrase(decision.created_at, all_day=True, tz=zone)
    words = neutralise(shorten(decision.text, 300))
    return f"*{decision.code}* {words} · <#{decision.channel_id}> · {day}"
