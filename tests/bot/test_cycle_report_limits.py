"""Tests of change in the digest and the learning log stay within each platform's limits.

Many cycles, each with the longest words a form lets through, and typed markup: Block Kit
keeps to 50 blocks and 3000 characters a section, the Adaptive Card to Teams' size and schema,
and the lists end with "…and N more".
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.messages.digest import digest_message
from bot.messages.learning_log import learning_log
from bot.messages.parts import Message
from bot.messages.spans import line
from bot.sandbox.blockkit import block_problems
from bot.sandbox.teams.cards import check_card
from bot.services.cycle_digest import CycleWeek
from bot.services.digests import Counts, WeekDigest
from bot.slack.render import render_message
from bot.teams.render import MAX_BYTES, size_of
from bot.teams.render import render_message as render_card
from bot.teams.spans import Writer
from storage.cycle_reports import CycleFacts

NOW = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
LONG = "<!channel> *Call* `every` <https://evil.example|landlord> &amp; " + "x" * 1950


def cycle(n: int, status: str, *, follows: bool = False) -> CycleFacts:
    return CycleFacts(
        id=n, number=n, channel_id=f"C{n % 3}", change_idea=LONG[:200], prediction=LONG,
        status=status, starts_on=date(2026, 11, 24), ends_on=date(2026, 11, 27),
        tz="America/Chicago", owners=(f"U{n:08d}", "UMARIA"), created_by="UMARIA",
        created_at=NOW - timedelta(days=3), goal="G-1", learning=LONG, result=LONG,
        decision_reason=LONG, decided_at=NOW - timedelta(days=1),
        follows=f"T-{n - 1}" if follows else None, scaled_from=None, scaled_from_channel=None,
    )  # fmt: skip


def busy_week() -> WeekDigest:
    many = range(1, 31)
    week = CycleWeek(
        started=[cycle(n, "doing", follows=True) for n in many],
        waiting=[cycle(n, "doing") for n in many],
        studied=[cycle(n, "studied") for n in many],
        decided=[cycle(n, "adapted") for n in many],
        linked=[cycle(n, "doing", follows=True) for n in many],
    )
    counts = Counts(done=0, new=0, open=0, overdue=0, due=0, on_time=0, late=0)
    return WeekDigest(
        team_id="T1", channel_id="C1", start=NOW - timedelta(weeks=1), end=NOW, now=NOW,
        zone="UTC", counts=counts, done=[], overdue=[], due_soon=[], needs_help=[],
        needs_owner=[], decisions=[], polls=[], trend=[], cycles=week,
    )  # fmt: skip


def learned_log() -> Message:
    cycles = [cycle(n, ("adopted", "adapted", "abandoned")[n % 3]) for n in range(1, 61)]
    counts = {"adopted": 20, "adapted": 20, "abandoned": 20}
    return learning_log(cycles, counts, channel_id=None, now=NOW)


MESSAGES = [
    pytest.param(lambda: digest_message(busy_week(), footer=line("footer")), id="digest"),
    pytest.param(learned_log, id="learning log"),
]


@pytest.mark.parametrize("build", MESSAGES)
def test_block_kit_accepts_it_and_every_list_is_cut_with_and_more(build) -> None:
    rendered = render_message(build())
    blocks = rendered["blocks"]
    assert block_problems(blocks, "/blocks", 50) == []
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert all(len(text) <= 3000 for text in sections)
    cut = [text for text in sections if "…and " in text]
    assert cut and all(text.split("\n")[-1].startswith("…and ") for text in cut)
    said = json.dumps(rendered, ensure_ascii=False)
    # why: typed markup stays words: no group ping, and a link shows its address, not a disguise
    assert "<!channel>" not in said and "|landlord>" not in said


@pytest.mark.parametrize("build", MESSAGES)
def test_teams_accepts_it_as_an_adaptive_card(build) -> None:
    activity = render_card(build(), Writer(people={}, channels={}, tenant_id="TENANT"))
    check_card(activity["attachments"][0]["content"])
    assert size_of(activity) <= MAX_BYTES
