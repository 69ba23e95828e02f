"""Reports on tests of change, on Slack and on Teams: the digest, the learning log, run charts.

The cycles are stored as `/pdsa`, Study and Act leave them (tests/support/cycles.py); what is
checked here is what people read about them, over real HTTP through each platform's emulator.
"""

from __future__ import annotations

import io
import re
import urllib.request
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from typing import cast

import pytest
from PIL import Image

from storage.coordinators import add_coordinator
from tests.scenarios.both.conftest import Shown, TeamsWorld, World, _image_urls
from tests.support.cycle_seeds import Seed, store_cycle

PLATFORMS = pytest.mark.parametrize("platform", ["slack", "teams"])
MEDIAN_DAYS = (
    'add "Median days from match to move-in" lower is better, baseline 90, target 45 by June 30, '
    "{joe} reports monthly"
)
ADAPTED_AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday: inside the digest's week
EARLIER = datetime(2026, 10, 30, 15, 0, tzinfo=UTC)  # a decision of an earlier week


PRIVATE = "C-PRIVATE"  # a channel none of these people is in


def seeds(world: World, *, other_channel: str = PRIVATE) -> list[Seed]:
    """A ramp (T-1 adapted into T-2), one waiting for Study, one abandoned weeks ago, and one
    adopted in another channel."""
    joe, maria, pat, here = world.id("joe"), world.id("maria"), world.id("pat"), world.channel
    return [
        Seed(1, "Call landlords on Mondays", here, (joe,), date(2026, 11, 2), date(2026, 11, 13),
             status="adapted", goal=1,
             study={"observations": "9 of 20 called back", "result": "Fewer than we predicted",
                    "learning": "Landlords answer on Tuesday mornings\nMondays are for repairs",
                    "studied_by": joe, "studied_at": ADAPTED_AT},
             decision={"decision_reason": "The calls work; the day does not",
                       "decided_by": joe, "decided_at": ADAPTED_AT}),
        Seed(2, "Call landlords on Tuesday mornings", here, (joe, maria), date(2026, 11, 24),
             date(2026, 12, 4), follows=1, created_at=ADAPTED_AT, goal=1,
             prediction="Half will answer the first call 📞"),
        Seed(3, "Text reminders <!here> before intake & check-in", here, (pat,), date(2026, 11, 9),
             date(2026, 11, 20), prediction="Fewer missed appointments"),
        Seed(4, "Evening intake hours", here, (maria,), date(2026, 10, 1), date(2026, 10, 20),
             status="abandoned",
             study={"learning": "Nobody came after 6pm", "studied_at": EARLIER},
             decision={"decision_reason": "No one used them", "decided_at": EARLIER}),
        Seed(5, "Weekend outreach shifts", other_channel, (pat,), date(2026, 10, 1),
             date(2026, 10, 30), status="adopted",
             study={"learning": "Saturdays reach people weekdays miss", "studied_at": EARLIER},
             decision={"decision_reason": "More contacts every weekend", "decided_at": EARLIER}),
    ]  # fmt: skip


def seeded(world: World) -> None:
    world.command(MEDIAN_DAYS, command="goal")
    for month, value in (("September", 90), ("October", 86), ("November", 80)):
        world.command(f"report G-1 {value} for {month}", by="joe", command="goal")
    for seed in seeds(world):
        world.read(partial(store_cycle, team_id=world.team_id, seed=seed))


def section(shown: Shown, heading: str, world: World) -> list[str]:
    """A digest's part as a person reads it: its heading (no emoji, bold or colon), its lines."""
    lines = [_unmarked(said) for said in world.displayed(shown).split("\n")]
    start = lines.index(heading)
    end = start + 1
    while end < len(lines) and lines[end].startswith("• "):
        end += 1
    return lines[start:end]


def _unmarked(said: str) -> str:
    said = said.replace("**", "")
    return re.sub(r"^[^\w•]+ ", "", said).removesuffix(":")


def shown_name(world: World, who: str) -> str:
    """How a mention of someone reads in a post's plain words on this platform."""
    return world.displayed(Shown(world.mention(who), None))


def chart_pictures(world: World, who: str = "maria") -> list[bytes]:
    """The run charts sent to someone: Slack's uploaded files, or the images of Teams' cards."""
    if world.platform == "slack":
        return world.pictures()
    teams = cast(TeamsWorld, world)
    urls = [url for post in teams.emu.dms(world.id(who)) for url in _image_urls(post.cards)]
    found = []
    for url in urls:
        with urllib.request.urlopen(url, timeout=10) as answer:
            found.append(answer.read())
    return found


def digest_now(world: World) -> Shown:
    world.command("now", command="digest")
    (digest,) = [s for s in world.posts() if "Weekly digest" in s.text]
    return digest


@PLATFORMS
def test_the_digest_has_a_tests_of_change_section(world: World) -> None:
    seeded(world)
    digest = digest_now(world)
    joe, maria, pat = (shown_name(world, who) for who in ("joe", "maria", "pat"))
    assert section(digest, "Tests of change started this week", world) == [
        "Tests of change started this week",
        f"• T-2 Call landlords on Tuesday mornings (follows T-1) — {joe}, {maria} · "
        "Tue Nov 24 – Fri Dec 4 · predicts: Half will answer the first call 📞",
    ]
    assert section(digest, "Waiting for Study — these tests of change have ended: what happened?",
                   world) == [
        "Waiting for Study — these tests of change have ended: what happened?",
        f"• T-3 Text reminders @here before intake & check-in — {pat} · ended Fri Nov 20",
    ]  # fmt: skip
    assert section(digest, "Tests of change decided this week", world) == [
        "Tests of change decided this week",
        "• T-1 Call landlords on Mondays — adapted: The calls work; the day does not · learned: "
        "Landlords answer on Tuesday mornings",
    ]
    assert section(digest, "Ramps — one test of change leading to the next", world) == [
        "Ramps — one test of change leading to the next",
        "• T-2 follows T-1: Call landlords on Tuesday mornings",
    ]
    assert "Evening intake hours" not in digest.text  # decided in an earlier week
    assert "Studied, waiting for a decision" not in digest.text  # an empty part is left out
    assert "<!here>" not in str(digest.native)  # a typed group ping stays words


@PLATFORMS
def test_a_digest_without_tests_of_change_says_nothing_of_them(world: World) -> None:
    world.command("call the shelter {joe} by Friday")
    digest = digest_now(world)
    assert "Tests of change" not in digest.text and "Waiting for Study" not in digest.text


@PLATFORMS
def test_the_run_chart_marks_the_goals_tests_of_change(world: World) -> None:
    seeded(world)
    world.command("G-1", command="goal")
    (png,) = chart_pictures(world)
    described = Image.open(io.BytesIO(png)).info.get("Description", "")
    # why: T-1 began Nov 2 and T-2 follows it from Nov 24: both before November's value
    assert described.endswith(" Tests of change: T-1, T-2 from November.")


def latest_private(world: World, who: str = "maria") -> str:
    said = world.private(who)
    assert said, "nothing was shown privately"
    return re.sub("[`“”]", "", world.displayed(Shown(said[-1], None)))


GROUPS = ("Adopted — ", "Adapted — ", "Abandoned — ", "• ")


def log_lines(world: World) -> list[str]:
    """The learning log's groups and lines, as a person reads them on either platform."""
    lines = [_unmarked(said) for said in latest_private(world).split("\n")]
    return [said for said in lines if said.startswith(GROUPS)]


@PLATFORMS
def test_the_learning_log_lists_what_was_adopted_adapted_and_abandoned_and_why(
    world: World,
) -> None:
    seeded(world)
    world.command("learned", command="pdsa")
    assert "What our tests of change taught us" in latest_private(world)
    assert log_lines(world) == [
        "Adapted — changed, and tried again",
        "• T-1 Call landlords on Mondays — adapted: The calls work; the day does not · learned: "
        "Landlords answer on Tuesday mornings · Fri Nov 20 · then T-2",
        "Abandoned — it did not work here, and that is worth knowing too",
        "• T-4 Evening intake hours — abandoned: No one used them · learned: Nobody came after "
        "6pm · Fri Oct 30",
    ]


WEEKEND = (
    "• T-5 Weekend outreach shifts — adopted: More contacts every weekend · learned: Saturdays "
    "reach people weekdays miss · Fri Oct 30"
)
HERE = [
    "Adapted — changed, and tried again",
    "• T-1 Call landlords on Mondays — adapted: The calls work; the day does not · learned: "
    "Landlords answer on Tuesday mornings · Fri Nov 20 · then T-2",
    "Abandoned — it did not work here, and that is worth knowing too",
    "• T-4 Evening intake hours — abandoned: No one used them · learned: Nobody came after "
    "6pm · Fri Oct 30",
]


@PLATFORMS
def test_the_workspace_learning_log_shows_the_channels_you_are_in_and_all_to_a_coordinator(
    world: World,
) -> None:
    seeded(world)  # T-5 is in a private channel none of them is in
    shared = world.other_channel()
    copy = replace(seeds(world)[4], number=6, channel_id=shared)  # T-5, as everyone's channel's
    world.read(partial(store_cycle, team_id=world.team_id, seed=copy))
    world.command("learned all", command="pdsa")
    assert "the channels you are in" in latest_private(world)
    lines = [said.split(" · in ")[0] for said in log_lines(world)]
    assert lines == ["Adopted — it worked: keep doing it", WEEKEND.replace("T-5", "T-6"), *HERE]
    world.read(partial(add_coordinator, team_id=world.team_id, user_id=world.id("maria"),
                       added_by=world.id("maria"), now=EARLIER))  # fmt: skip
    world.command("learned all", command="pdsa")
    assert "every channel" in latest_private(world)
    lines = [said.split(" · in ")[0] for said in log_lines(world)]
    # why: a coordinator sees every channel's, the private one's too; newest first (T-6, T-5)
    assert lines == ["Adopted — it worked: keep doing it", WEEKEND.replace("T-5", "T-6"),
                     WEEKEND, *HERE]  # fmt: skip


@PLATFORMS
def test_the_learning_log_of_a_channel_with_nothing_decided_says_how_to_start(
    world: World,
) -> None:
    world.command("learned", command="pdsa")
    assert latest_private(world).endswith(
        " has been decided yet. When one is adopted, adapted or abandoned, what it taught shows "
        f"here. {world.slash}pdsa starts one."
    )
