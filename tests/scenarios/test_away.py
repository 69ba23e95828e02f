"""`/action away until <date>` and `/action back`: reminders held while a person is away."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.slack import blocks
from storage.models import ActionOwner, Person
from tests.support.harness import JOE, MARIA, TEAM, Harness

DEC_2_NY = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)  # Wed Dec 2 begins in New York
BACK_EARLY = "Back early? Type /action back."


def reply(backbone: Harness) -> str:
    return str(backbone.last_response()["text"])


def away_until(backbone: Harness, user: str = MARIA) -> datetime | None:
    with backbone.database() as session:
        person = session.get(Person, (TEAM, user))
        return person.away_until if person else None


def test_away_until_a_day_holds_reminders_until_it_begins(backbone: Harness) -> None:
    backbone.command("away until Dec 2")
    assert away_until(backbone) == DEC_2_NY
    # Said to Maria alone (a response without response_type is ephemeral).
    assert backbone.last_response() == blocks.notice(
        f"🌴 I'll hold your reminders until Wed Dec 2. {BACK_EARLY}"
    )


def test_an_away_day_far_off_shows_its_year(backbone: Harness) -> None:
    backbone.command("away until 2027-07-06")  # a long leave, into next summer
    assert backbone.last_response() == blocks.notice(
        f"🌴 I'll hold your reminders until Tue Jul 6, 2027. {BACK_EARLY}"
    )


@pytest.mark.parametrize(
    ("text", "user", "resume"),
    [
        # why: "for" a length of time counts from today
        ("away for 2 weeks", MARIA, datetime(2026, 12, 8, 5, 0, tzinfo=UTC)),
        # why: a bare date after "away" means until that day
        ("away Dec 2", MARIA, DEC_2_NY),
        # why: the day begins in the invoker's own zone (Los Angeles)
        ("away until next week", JOE, datetime(2026, 11, 30, 8, 0, tzinfo=UTC)),
        # why: a time of day is kept as it is
        ("away until tomorrow 1pm", MARIA, datetime(2026, 11, 25, 18, 0, tzinfo=UTC)),
    ],
)
def test_the_ways_to_say_until_when(
    backbone: Harness, text: str, user: str, resume: datetime
) -> None:
    backbone.command(text, user=user)
    assert away_until(backbone, user) == resume


def test_away_alone_explains_and_changes_nothing(backbone: Harness) -> None:
    backbone.command("away")
    assert reply(backbone) == (
        "Going away? Tell me until when, and I'll hold your reminders until then. "
        "For example: /action away until Dec 2, or /action away for 2 weeks."
    )
    assert away_until(backbone) is None
    backbone.command("away until Dec 2")
    backbone.command("away")
    assert reply(backbone) == (
        "🌴 You're away until Wed Dec 2: reminders are on hold. Back early? Type `/action back`."
    )


def test_back_clears_it(backbone: Harness) -> None:
    backbone.command("away until Dec 2")
    backbone.command("back")
    assert away_until(backbone) is None
    assert reply(backbone) == "👋 Welcome back! Your reminders are on again."
    backbone.command("back")
    assert reply(backbone) == "You weren't away, so nothing changed: your reminders are on."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # why: the past is refused, with examples
        (
            "away until 2026-11-01",
            "“2026-11-01” is in the past. Try a later date, like “tomorrow” or “next week”. "
            "For example: /action away until Dec 2, or /action away for 2 weeks.",
        ),
        # why: "until today" would end at once
        (
            "away until today",
            "That's today, so your reminders would start again right away. "
            "Pick a later day, like: /action away until Monday",
        ),
        # why: words that are no date
        (
            "away until the grant is in",
            "I couldn't read “until the grant is in” as a date. "
            "Try “by Friday”, “due 12/5” or “2026-12-05”. "
            "For example: /action away until Dec 2, or /action away for 2 weeks.",
        ),
    ],
)
def test_bad_dates_are_explained_and_change_nothing(
    backbone: Harness, text: str, expected: str
) -> None:
    backbone.command(text)
    assert reply(backbone) == expected
    assert away_until(backbone) is None


def test_a_title_that_starts_with_away_is_an_item(backbone: Harness) -> None:
    backbone.command("away team retreat planning by Friday")
    assert backbone.item(1).title == "away team retreat planning"
    assert away_until(backbone) is None


def test_away_and_back_ask_the_nudge_engine_to_look_again(backbone: Harness) -> None:
    backbone.command("Call the shelter by Friday")
    backbone.command("Joe's item <@UJOE>")
    later = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    backbone.clock.now = later
    backbone.command("away until Dec 2")
    with backbone.database() as session:
        planned = {
            (owner.action_id, owner.user_id): owner.next_nudge_at
            for owner in session.query(ActionOwner)
        }
    # Maria's item is looked at again now; Joe's is left as it was planned.
    assert planned[(backbone.item(1).id, MARIA)] == later
    assert planned[(backbone.item(2).id, JOE)] != later
