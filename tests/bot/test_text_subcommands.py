"""`/action edit`, `away` and `back`, and text going in and out of a form."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.text import (
    ActionCommand,
    Away,
    Back,
    Change,
    Create,
    DidYouMean,
    Edit,
    from_mrkdwn,
    parse_action_command,
    suggest_draft,
    to_mrkdwn,
)

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("edit A-12", Edit(12)),  # why: the documented form
        ("Edit a12", Edit(12)),  # why: any case, code with or without the dash
        ("edit A-12 the title", Edit(12)),  # why: words after the code still open the form
        ("edit the grant proposal", Create("edit the grant proposal")),  # why: no code: an item
        ("edit", DidYouMean("edit", (), "", "edit")),  # why: a lone "edit" forgot its code
        ("away", Away("")),  # why: alone: explain how
        ("away until Dec 2", Away("until Dec 2")),  # why: the documented form
        ("away till Monday", Away("till Monday")),  # why: other lead words for "until"
        ("away for 2 weeks", Away("for 2 weeks")),  # why: a length of time
        ("away Dec 2", Away("Dec 2")),  # why: a whole date phrase after "away" means until
        ("away next week", Away("next week")),  # why: a relative one too
        ("away until someday", Away("until someday")),  # why: "until" commits: explained later
        (  # why: "away" starting a title with a date at its end is an item
            "away team retreat planning by Friday",
            Create("away team retreat planning by Friday"),
        ),
        ("back", Back()),  # why: alone
        ("back up the case files", Create("back up the case files")),  # why: a title
        ("done A-3 back at the office", Change("done", (3,), "back at the office")),  # why: note
    ],
)
def test_subcommands(text: str, expected: ActionCommand) -> None:
    assert parse_action_command(text) == expected


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Tom &amp; Jerry", "Tom & Jerry"),  # why: Slack escapes & in what people type
        ("Call <@UJOE|joe> about 3 &lt; 5", "Call <@UJOE|joe> about 3 < 5"),  # why: mentions kept
        ("See <https://x.org|the doc>", "See <https://x.org|the doc>"),  # why: links kept
        ("&amp;lt; stays", "&lt; stays"),  # why: read back once, not twice
    ],
)
def test_text_round_trips_through_a_form(stored: str, typed: str) -> None:
    assert from_mrkdwn(stored) == typed
    assert to_mrkdwn(typed) == stored


def test_typed_special_mentions_cannot_ping_a_channel() -> None:
    assert to_mrkdwn("Tell <!channel> & <!here>") == "Tell &lt;!channel&gt; &amp; &lt;!here&gt;"


@pytest.mark.parametrize(
    ("text", "title", "owners", "due"),
    [
        # why: reads like /action: owner, due, title
        ("Call the shelter <@UJOE> by Friday", "Call the shelter", ["UJOE"], "2026-11-27"),
        # why: a date in the past is left in the title for the person to fix
        ("Send it by 2020-01-01", "Send it by 2020-01-01", [], None),
        # why: @here is dropped, not refused
        ("<!here> call the landlord", "call the landlord", [], None),
        # why: an empty message gives an empty title to fill in
        ("", "", [], None),
    ],
)
def test_a_message_is_suggested_never_refused(
    text: str, title: str, owners: list[str], due: str | None
) -> None:
    draft = suggest_draft(text, now=NOW, zone=NY)
    assert (draft.title, draft.owners, draft.due.iso() if draft.due else None) == (
        title,
        owners,
        due,
    )
