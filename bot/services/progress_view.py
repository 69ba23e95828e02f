"""What a public progress page shows, read live from the records: numbers and words only.

Everything here is as the public may see it: counts under the threshold are already words
("fewer than 11"), stored text has passed `public_text` (no one's name), item titles are
present only when the channel ticked "show titles". The web page lays it out; nothing there
decides what is private.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.messages.goals import alt_text, said_rules
from bot.messages.spans import plain
from bot.public_text import public_text
from bot.services.goals import GoalPicture, channel_pictures, shown, towards_target, written
from bot.services.poll_votes import stored_tally
from bot.services.progress_counts import (
    BLOCK,
    counted,
    in_blocks,
    mostly_hidden,
    since,
    total_of,
    weekly_numbers,
)
from bot.services.progress_cycles import CycleView, cycle_views
from storage import goals as goal_store
from storage import progress_pages as store
from storage.digest_rows import channel_items
from storage.digests import get_schedule
from storage.models import ActionItem, Decision, Poll, ProgressPage, Status

DECISIONS_SHOWN = 20
POLLS_SHOWN = 10


@dataclass(frozen=True)
class GoalView:
    """A goal as the page shows it; `chart` is False when there is nothing to draw."""

    number: int
    title: str
    latest: str
    target: str
    towards: str
    rules: list[str]
    alt: str
    chart: bool


@dataclass(frozen=True)
class WeekView:
    """One week's commitments."""

    first_day: date
    made: str
    done: str
    on_time: str
    last_day: date | None = None  # a row of several weeks: its last Sunday


@dataclass(frozen=True)
class DecisionView:
    """A decision: the group's words and the day it was made."""

    day: date
    text: str


@dataclass(frozen=True)
class OptionView:
    """One answer of a poll; `share` (0-100) only when its count may be shown."""

    text: str
    count: str
    share: int | None


@dataclass(frozen=True)
class DidView:
    """What was done about a poll: its decisions' words, and its items (titles if shown)."""

    decisions: list[str]
    item_titles: list[tuple[str, bool]]  # (title, done), only when titles are shown
    items: str  # how many items were made, as shown
    items_done: str


@dataclass(frozen=True)
class PollView:
    """A closed poll: its question, its answers, and "you said, we did"."""

    question: str
    closed: date
    voters: str
    options: list[OptionView]
    withheld: bool
    did: DidView


@dataclass(frozen=True)
class ProgressView:
    """Everything one public progress page shows."""

    north_star: str | None
    goals: list[GoalView]
    weeks: list[WeekView]
    totals: WeekView | None
    decisions: list[DecisionView]
    polls: list[PollView]
    threshold: int
    show_titles: bool
    language: str
    today: date
    cycles: list[CycleView] = field(default_factory=list)


def progress_view(
    session: Session, *, page: ProgressPage, now: datetime, default_zone: ZoneInfo, fewer: str
) -> ProgressView:
    """Read a published channel's records and return its page, every number as it may show."""
    team, channel = page.team_id, page.channel_id
    zone = _zone(session, page, default_zone)
    threshold = goal_store.small_count(session, team_id=team)
    pictures, star = channel_pictures(session, team_id=team, channel_id=channel)
    today = now.astimezone(zone).date()
    weeks, totals = _weeks(session, page, now=now, zone=zone, threshold=threshold, fewer=fewer)
    decisions = store.recent_decisions(session, team_id=team, channel_id=channel,
                                       limit=DECISIONS_SHOWN)  # fmt: skip
    return ProgressView(
        north_star=public_text(star) if star else None,
        goals=[_goal(p, today) for p in pictures],
        weeks=weeks, totals=totals,
        decisions=[DecisionView(d.created_at.astimezone(zone).date(), public_text(d.text))
                   for d in decisions],
        polls=_polls(session, page, zone=zone, threshold=threshold, fewer=fewer),
        threshold=threshold, show_titles=page.show_titles, language=page.language, today=today,
        cycles=cycle_views(session, page=page),
    )  # fmt: skip


def _zone(session: Session, page: ProgressPage, default: ZoneInfo) -> ZoneInfo:
    """The channel's zone: its digest's, else Backbone's fallback."""
    schedule = get_schedule(session, team_id=page.team_id, channel_id=page.channel_id)
    return ZoneInfo(schedule.tz) if schedule else default


def _goal(picture: GoalPicture, today: date) -> GoalView:
    goal, threshold = picture.goal, picture.threshold
    latest = picture.latest
    value = shown(latest.value, goal=goal, threshold=threshold) if latest else ""
    when = f" ({picture.periods[-1].label(today)})" if latest else ""
    return GoalView(
        number=goal.number, title=public_text(goal.title), latest=f"{value}{when}",
        target=written(goal.target) if goal.target is not None else "",
        towards=towards_target(picture).replace(" 🎉", ""),
        rules=[plain(one) for one in said_rules(picture, today)],
        alt=alt_text(picture, today), chart=bool(picture.values),
    )  # fmt: skip


def _weeks(
    session: Session, page: ProgressPage, *, now: datetime, zone: ZoneInfo, threshold: int,
    fewer: str,
) -> tuple[list[WeekView], WeekView | None]:  # fmt: skip
    items = channel_items(session, team_id=page.team_id, channel_id=page.channel_id,
                          since=since(now, zone))  # fmt: skip
    numbers = weekly_numbers(items, now=now, zone=zone)
    if not items:
        return [], None

    def say(value: int) -> str:
        return counted(value, threshold, fewer=fewer)

    rows, span = numbers, 1
    if mostly_hidden(numbers, threshold):  # small weeks add up to numbers people can read
        rows, span = in_blocks(numbers), BLOCK
    weeks = [
        WeekView(n.first_day, say(n.made), say(n.done), say(n.on_time),
                 n.first_day + timedelta(weeks=span, days=-1) if span > 1 else None)
        for n in rows
    ]  # fmt: skip
    totals = WeekView(
        numbers[0].first_day,
        total_of([n.made for n in rows], threshold, fewer=fewer),
        total_of([n.done for n in rows], threshold, fewer=fewer),
        total_of([n.on_time for n in rows], threshold, fewer=fewer),
    )
    return weeks, totals


def _polls(
    session: Session, page: ProgressPage, *, zone: ZoneInfo, threshold: int, fewer: str
) -> list[PollView]:
    polls = store.recent_closed_polls(session, team_id=page.team_id, channel_id=page.channel_id,
                                      limit=POLLS_SHOWN)  # fmt: skip
    made = store.follow_ups(session, team_id=page.team_id, channel_id=page.channel_id,
                            poll_ts=[p.message_ts for p in polls if p.message_ts])  # fmt: skip
    views = []
    for poll in polls:
        key = poll.message_ts or ""
        did = _did(made.decisions.get(key, []), made.items.get(key, []), page.show_titles,
                   threshold, fewer)  # fmt: skip
        views.append(_poll(poll, zone=zone, threshold=threshold, fewer=fewer, did=did))
    return views


def _poll(poll: Poll, *, zone: ZoneInfo, threshold: int, fewer: str, did: DidView) -> PollView:
    assert poll.closed_at is not None
    tally = stored_tally(poll)
    counts, voters = tally.counts, counted(tally.voters, threshold, fewer=fewer)
    options = [public_text(o) for o in poll.options]
    question, closed = public_text(poll.question), poll.closed_at.astimezone(zone).date()
    if counts is None:
        return PollView(question, closed, voters, [OptionView(o, "", None) for o in options],
                        True, did)  # fmt: skip
    # With one small answer, the voters less the other answers (or a share) would tell it.
    hide_total = not poll.multi and sum(1 for c in counts if c < threshold) == 1
    if hide_total:
        voters = "—"
    views = [
        OptionView(o, counted(c, threshold, fewer=fewer), _share(c, tally.voters, threshold)
                   if not hide_total else None)
        for o, c in zip(options, counts, strict=True)
    ]  # fmt: skip
    return PollView(question, closed, voters, views, False, did)


def _share(count: int, voters: int, threshold: int) -> int | None:
    """Return a shown answer's share of the voters, in percent (None for a hidden one)."""
    return round(100 * count / voters) if count >= threshold and voters else None


def _did(decisions: list[Decision], items: list[ActionItem], titles: bool, threshold: int,
         fewer: str) -> DidView:  # fmt: skip
    done = [i for i in items if i.status == Status.DONE]
    return DidView(
        decisions=[public_text(d.text) for d in decisions],
        item_titles=[(public_text(i.title), i.status == Status.DONE) for i in items] if titles
        else [],
        items=counted(len(items), threshold, fewer=fewer) if items else "",
        items_done=counted(len(done), threshold, fewer=fewer),
    )  # fmt: skip
