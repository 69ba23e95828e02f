"""Channels with something to show on the web pages, made in chat as a team would make them.

The browser tests and the screenshots in docs/ (tests/support/screenshots.py) start from these:
a poll shared by link, and a channel whose progress is public.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.ids import ActionId, BlockId
from bot.sandbox.state import Message
from tests.support.goals import MONTHS, goal
from tests.support.harness import ADMIN, JOE, MARIA, PAT, Harness
from tests.support.polls import click, react, start, thread_of
from tests.support.progress import publish, seed_cycles
from tests.support.web import links_in

ADVISORY_POLL = (
    '"Where should the advisory group meet in January?" "The library on Main Street" '
    '"The church hall" "Online, by video call" anonymous link'
)
# The same poll with the votes in the open: every count shows from the first vote.
OPEN_POLL = ADVISORY_POLL.replace(" anonymous link", " link")
NORTH_STAR = 'northstar "Functional zero for veterans by December 2027"'
HOUSED = (
    'add "Veterans housed each month" higher is better, baseline 12, target 40 by June 30, '
    "<@UJOE|joe> reports monthly"
)
DAYS = (
    'add "Days from match to move-in" lower is better, baseline 90, target 45 by June 30, '
    "<@UPAT|pat> reports monthly"
)
HOUSED_BY_MONTH = [12, 14, 13, 15, 16, 14, 18, 21, 19, 23, 24, 26]
DAYS_BY_MONTH = [90, 92, 91, 95, 93, 89, 80, 75, 70, 72, 68, 65]
WORK = [
    "Call the landlord about unit 4B",
    "Send the by-name list to the VA",
    "Book the room for case conferencing",
    "Ask the housing authority about two more vouchers",
    "Follow up with the shelter about intake hours",
    "Share the move-in checklist with outreach",
]


def shared_poll(backbone: Harness, text: str = ADVISORY_POLL) -> tuple[Message, str]:
    """Start a poll with `link` in chat; return its message and the link its creator got."""
    poll = start(backbone, text)
    (link,) = links_in([str(backbone.last_response()["text"])])
    return poll, link


def voted_in_chat(backbone: Harness, poll: Message, choices: dict[str, int]) -> None:
    """Vote on an anonymous poll's buttons in chat, one person at a time."""
    for user, option in choices.items():
        click(backbone, poll, option, user)


def busy_channel(backbone: Harness) -> str:
    """Fill a channel with a year of goals, twelve weeks of work, decisions, a closed poll and
    two tests of change.

    Publish its progress (with titles) and return the page's path.
    """
    goal(backbone, NORTH_STAR)
    goal(backbone, HOUSED)
    goal(backbone, DAYS)
    for month, housed, days in zip(MONTHS, HOUSED_BY_MONTH, DAYS_BY_MONTH, strict=True):
        goal(backbone, f"report G-1 {housed} for {month}")
        goal(backbone, f"report G-2 {days} for {month}")
    twelve_weeks_of_work(backbone)
    backbone.command("Veterans on the by-name list get the next two units", command="/decision")
    backbone.command("Case conferencing moves to Tuesdays at 10", command="/decision")
    poll = start(backbone, '"Which evening suits the advisory group?" "Tuesday" "Thursday"')
    for user, emoji in ((JOE, "one"), (PAT, "one"), (ADMIN, "one"), (MARIA, "two")):
        react(backbone, poll, user, emoji)
    code = poll.text.split()[1]  # "📊 P-2 Which evening…": the poll's own code
    backbone.command(f"close {code}", command="/poll")
    we_did(backbone, poll, "The advisory group meets on Tuesday evenings, starting in January")
    seed_cycles(backbone)  # tests of change: no chat command makes them here yet
    return publish(backbone, "show titles")


def we_did(backbone: Harness, poll: Message, decision: str) -> None:
    """Record a decision from a closed poll's results ("you said, we did"), as its creator."""
    (results,) = [m for m in thread_of(backbone, poll) if "Results" in m.text]
    backbone.emulator.click(results, ActionId.POLL_DECISION, user=MARIA)
    backbone.settle()
    form = backbone.emulator.views(MARIA)[-1]
    field = str(BlockId.POLL_DECISION_TEXT)
    typed: dict[str, dict[str, Any]] = {field: {field: decision}}
    backbone.emulator.submit_view(form.id, typed, user=MARIA)
    backbone.settle()


def twelve_weeks_of_work(backbone: Harness) -> None:
    """Make items week by week for twelve weeks, most of them done, some late."""
    today = backbone.clock.now
    number = 0
    for weeks_ago in range(12, 0, -1):
        backbone.clock.now = today - timedelta(weeks=weeks_ago)
        for title in WORK[: 3 + weeks_ago % 4]:
            backbone.command(f"{title} <@UJOE> in 3 days")
            number += 1
            if number % 5:  # most are done, one in five is still open
                backbone.command(f"done A-{number}", user=JOE)
    backbone.clock.now = today
