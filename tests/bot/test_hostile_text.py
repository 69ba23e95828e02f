"""Any text at all: only person-facing errors, in bounded time, and words kept as typed."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import UserFacingError
from bot.text import MAX_TITLE, from_mrkdwn, parse_action_command, read_action_text

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
ZONE = ZoneInfo("America/New_York")
PIECES = [
    *"abcAB 0123456789/:-@<>|!#^&;,.'\"“”",
    *["<@U1>", "<!channel>", "by ", "due ", "every ", "tomorrow", "Dec", "EOD", "A-", "\n"],
    *["😀", "\u202e", "שלום", "'; DROP TABLE action_items; --"],
]
SLACKISH = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=500)
@given(st.one_of(st.text(max_size=300), SLACKISH))
def test_any_command_text_parses_or_explains(text: str) -> None:
    command = parse_action_command(text)
    assert command is not None
    try:
        draft = read_action_text(text, now=NOW, zone=ZONE)
    except UserFacingError as error:
        assert error.message and "Traceback" not in error.message
    else:
        assert draft.title and len(from_mrkdwn(draft.title)) <= MAX_TITLE


@pytest.mark.parametrize(
    "title",
    [
        "Llamar al refugio — 3 camas 🛏️",  # why: accents, a dash and emoji
        "תאם פגישה עם בעל הבית",  # why: right-to-left text
        "Robert'); DROP TABLE action_items;--",  # why: text that looks like SQL
        "Check \u202eexe.txt file names",  # why: a right-to-left override character
        "Bring 4 chairs &amp; the &lt;big&gt; table",  # why: Slack's escaped &, <, >
    ],
)
def test_unusual_titles_are_kept_verbatim(title: str) -> None:
    assert read_action_text(title, now=NOW, zone=ZONE).title == title
