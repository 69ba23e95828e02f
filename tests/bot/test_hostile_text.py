"""Any text at all: only person-facing errors, and words kept as typed (timings are in bench/)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import UserFacingError
from bot.text import MAX_TITLE, from_mrkdwn, neutralise, parse_action_command, read_action_text

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
ZONE = ZoneInfo("America/New_York")
PIECES = [
    *"abcAB 0123456789/:-@<>|!#^&;,.'\"“”",
    *["<@U1>", "<!channel>", "by ", "due ", "every ", "tomorrow", "Dec", "EOD", "A-", "\n"],
    *["😀", "\u202e", "שלום", "'; DROP TABLE action_items; --"],
]
SLACKISH = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
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


GROUP_PING = re.compile(r"<!(?:here|channel|everyone|subteam\^)[^>]*>")
LABELLED_LINK = re.compile(r"<([a-z][a-z0-9+.-]*:[^<>|]+)\|([^<>]*)>", re.IGNORECASE)
MARKUP_PIECES = [
    *["<!here>", "<!channel|channel>", "<!everyone>", "<!subteam^S123|@team>", "<!subteam^S9>"],
    *["<https://evil.example|https://good.example>", "<mailto:a@b|x>", "<http://a.org|a.org>"],
    *["<!date^1796047200^{date}^https://evil.example|Mon>", "&lt;!here&gt;", "<@UMARIA>", "<#C1>"],
    *["<", ">", "|", "!", "^", "here", "https://", ":", " ", "&amp;"],
]
MARKUP = st.lists(st.sampled_from(MARKUP_PIECES), max_size=25).map("".join)


@settings(max_examples=400, deadline=500)
@given(st.one_of(MARKUP, st.text(max_size=200)))
def test_no_text_comes_out_pinging_a_group_or_hiding_a_links_address(text: str) -> None:
    shown = neutralise(text)
    assert not GROUP_PING.search(shown)
    for address, label in LABELLED_LINK.findall(shown):
        bare = re.sub(r"^(?:https?://|mailto:)", "", address, flags=re.IGNORECASE).rstrip("/")
        assert label in {address, bare}, shown
    assert neutralise(shown) == shown  # rendering twice (a reply rebuilt) changes nothing


KEPT_AS_IS = [
    "<http://a.org|a.org> and <https://x.org>",  # why: Slack's own autolinks show their address
    "&lt;!here&gt; &amp; <@UMARIA> in <#C1|case>",  # why: typed characters, people, channels
]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<!here> meet at 3", "@here meet at 3"),  # why: a ping pasted from another message
        ("<!subteam^S123|@outreach> and <!subteam^S9>", "@outreach and @group"),  # why: groups
        (
            "<https://evil.example|https://good.example>",
            "https://good.example (<https://evil.example>)",
        ),  # why: the label names another address: both show
        ("<mailto:a@b|x>", "x (<mailto:a@b>)"),  # why: a mail link's address shows
        ("<http://a.org|a.org> and <https://x.org>", "<http://a.org|a.org> and <https://x.org>"),
        (
            "&lt;!here&gt; &amp; <@UMARIA> in <#C1|case>",
            "&lt;!here&gt; &amp; <@UMARIA> in <#C1|case>",
        ),
        ("a <b and c> d <", "a &lt;b and c&gt; d &lt;"),  # why: not Slack markup: shown as typed
    ],
)
def test_neutralise_keeps_the_words_and_real_links(typed: str, shown: str) -> None:
    assert neutralise(typed) == shown


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("review &lt;draft&gt; <@U0JOE123> by Friday", "review &lt;draft&gt;"),
        ("ask about &lt;b&gt;beds&lt;/b&gt; <@U0JOE123>", "ask about &lt;b&gt;beds&lt;/b&gt;"),
        ("<@U0JOE123> call Smith &amp;", "call Smith &amp;"),
        ("call the VA; <@U0JOE123>", "call the VA"),
    ],
)  # fmt: skip
def test_a_typed_sign_at_the_end_of_a_title_keeps_its_semicolon(typed: str, title: str) -> None:
    # why: trimming owners off the end also trims stray ";", which must not eat the end of
    # "&gt;" (a typed ">"): the title would then show "&gt" to everyone.
    assert read_action_text(typed, now=NOW, zone=ZONE).title == title
