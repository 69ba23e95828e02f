"""Cutting a digest to Slack's limits never cuts a mention, link, date or `&amp;` in half.

Titles, decisions and poll questions are stored as Slack mrkdwn (`&`, `<`, `>` escaped; real
mentions and links kept), so a cut in the wrong place would show a broken link, a stray `<@U`,
or a lone `&am` to every reader. Sections stay within 3000 characters and say "…and N more".
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from bot.clip import clip as shorten
from bot.messages.digest import digest_message, listings, preview_message
from bot.messages.digest_lines import size
from bot.messages.spans import line
from bot.sandbox.blockkit import block_problems
from bot.services.digests import TrendWeek, WeekDigest, week_counts, weeks_before
from bot.services.polls import PollResult
from bot.slack.render import mrkdwn_of, render_message
from bot.text import neutralise
from storage.digest_rows import ItemFacts
from storage.models import Decision

NOW = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
LINK = r"<https://[a-z]{1,30}\.org/[a-z0-9/?=]{0,80}\|[A-Za-z ]{1,30}>"
DATE = r"<!date\^\d{10}\^\{date_short_pretty\} at \{time\}\|[A-Za-z0-9 :]{1,30}>"
TOKENS = st.one_of(
    st.from_regex(r"<@U[A-Z0-9]{8,10}>", fullmatch=True),  # a mention
    st.from_regex(r"<@U[A-Z0-9]{8}\|[a-z.]{1,20}>", fullmatch=True),  # a mention with a name
    st.from_regex(r"<#C[A-Z0-9]{8}\|[a-z-]{1,20}>", fullmatch=True),  # a channel
    st.from_regex(LINK, fullmatch=True),  # a link with its label
    st.from_regex(DATE, fullmatch=True),  # a date token
    st.sampled_from(["&amp;", "&lt;", "&gt;", "R&amp;R", "&lt;3"]),  # escaped characters
    st.sampled_from(["call", "the", "VA", "shelter", "HUD-VASH", "voucher", "📌", "é", "…"]),
    st.just(" "),
)
TEXTS = st.lists(TOKENS, min_size=1, max_size=80).map("".join)
# The renderer's own tokens: owners, item links, dates of when things are due.
OURS = re.compile(
    r"<@U[A-Z0-9]+>|<#C1>|<https://sandbox\.slack\.com/[^|>]+\|[ADP]-\d+>|<!date\^[^>]+>"
)
WHOLE = re.compile(r"<[^<>]*>")
ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")


def facts(n: int, title: str, *, due: datetime | None, done: bool = False) -> ItemFacts:
    return ItemFacts(
        number=n, title=title, status="done" if done else "open",
        owners=(f"U{n % 7:08d}", "UMARIA"), created_at=NOW - timedelta(days=20),
        closed_at=NOW - timedelta(days=1) if done else None, due_at=due, due_all_day=n % 2 == 0,
        due_tz="America/Chicago", source_url=f"https://sandbox.slack.com/archives/C1/p{n}",
        needs_help=n % 3 == 0, needs_owner=n % 5 == 0,
    )  # fmt: skip


def week_of(titles: list[str]) -> WeekDigest:
    items = [
        facts(n, title, due=NOW + timedelta(days=(n % 12) - 6, hours=n), done=n % 4 == 0)
        for n, title in enumerate(titles, start=1)
    ]
    decisions = [
        Decision(number=n, text=text, recorder_id="UMARIA",
                 source_url=f"https://sandbox.slack.com/archives/C1/d{n}")
        for n, text in enumerate(titles, start=1)
    ]  # fmt: skip
    polls = [
        PollResult(f"P-{n}", text, [text, "No"], [2, 1], 3, False, NOW, None)
        for n, text in enumerate(titles[:12], start=1)
    ]
    start = weeks_before(NOW, 1, "UTC")
    open_items = [i for i in items if i.status == "open"]
    return WeekDigest(
        team_id="T1", channel_id="C1", start=start, end=NOW, now=NOW, zone="UTC",
        counts=week_counts(items, start=start, end=NOW, now=NOW),
        done=[i for i in items if i.status == "done"],
        overdue=[i for i in open_items if i.due_at and i.due_at < NOW],
        due_soon=[i for i in open_items if i.due_at and i.due_at >= NOW],
        needs_help=[i for i in open_items if i.needs_help],
        needs_owner=[i for i in open_items if i.needs_owner], decisions=decisions, polls=polls,
        trend=[TrendWeek(end=NOW - timedelta(weeks=1), open=1, done=1, overdue=0),
               TrendWeek(end=NOW, open=len(open_items), done=1, overdue=1)],
    )  # fmt: skip


def texts_of(message: dict[str, Any]) -> list[str]:
    found = []
    for block in message["blocks"]:
        if block["type"] == "section":
            found.append(block["text"]["text"])
        elif block["type"] == "context":
            found += [element["text"] for element in block["elements"]]
    return found


def assert_whole(text: str, allowed: set[str]) -> None:
    for token in WHOLE.findall(text):
        assert token in allowed or OURS.fullmatch(token), token
    assert "<" not in WHOLE.sub("", text) and ">" not in WHOLE.sub("", text), text
    assert not ENTITY.search(text), text


def tokens_in(texts: list[str]) -> set[str]:
    return {token for text in texts for token in WHOLE.findall(text)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.integers(min_value=2, max_value=400))
def test_shorten_keeps_every_token_whole(text: str, limit: int) -> None:
    cut = shorten(text, limit)
    assert len(cut) <= limit
    assert cut == text or (cut.endswith("…") and text.startswith(cut[:-1]))
    assert_whole(cut, tokens_in([text]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=40))
def test_a_digest_of_any_titles_stays_whole_and_within_limits(titles: list[str]) -> None:
    digest = week_of(titles)
    # Typed text is shown neutralised: a labelled link becomes its label and its address.
    allowed = tokens_in(titles) | tokens_in([neutralise(t) for t in titles])
    footer = line("Posted on request.")
    for message in (render_message(digest_message(digest, footer=footer)),
                    render_message(preview_message(digest, footer=footer))):  # fmt: skip
        blocks = message["blocks"]
        assert block_problems(blocks, "/blocks", 50) == []
        for block in blocks:
            Block.parse(block).validate_json()  # type: ignore[union-attr]
        (header,) = [b for b in blocks if b["type"] == "header"]
        assert len(header["text"]["text"]) <= 150
        for text in texts_of(message):
            assert len(text) <= 3000
            assert_whole(text, allowed)
    decisions = next(t for t in texts_of(message) if t.startswith("🗳️"))
    shown = decisions.count("\n• ")
    more = re.search(r"…and (\d+) more\.", decisions)
    assert shown + (int(more[1]) if more else 0) == len(titles)


def test_a_title_cut_beside_a_link_drops_the_whole_link() -> None:
    title = "Ask <@U0123ABCD> &amp; <https://hud.gov/vash?x=1|the HUD-VASH page> about R&amp;R"
    assert shorten(title, 20) == "Ask <@U0123ABCD>…"
    assert shorten(title, 23) == "Ask <@U0123ABCD> &amp;…"
    assert shorten(title, 40) == "Ask <@U0123ABCD> &amp;…"  # not "<https://hud.go…"
    assert (
        shorten(title, 68) == "Ask <@U0123ABCD> &amp; <https://hud.gov/vash?x=1|the HUD-VASH page>…"
    )
    assert shorten(title, 200) == title


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=20))
def test_the_room_a_line_takes_is_what_its_markup_takes(titles: list[str]) -> None:
    lines = [one for listing in listings(week_of(titles)) for one in listing.lines]
    lines += [listing.heading() for listing in listings(week_of(titles))]
    assert [size(one) for one in lines] == [len(mrkdwn_of(one)) for one in lines]


def test_the_plain_text_cuts_a_title_where_the_blocks_do_and_drops_its_marks() -> None:
    digest = week_of(["*bold* " * 30])
    message = render_message(digest_message(digest, footer=line("Posted on request.")))
    overdue = "A-1 bold bold bold bold bold bold bold… (due Wed Nov 25)"
    assert message["text"].split("\n")[4:7] == [
        "Overdue — by owner",
        f"• <@U00000001> — 1: {overdue}",
        f"• <@UMARIA> — 1: {overdue}",
    ]
    assert message["blocks"][4]["text"]["text"].split("\n")[1] == (
        "• <@U00000001> — 1: <https://sandbox.slack.com/archives/C1/p1|A-1> "
        "*bold* *bold* *bold* *bold* *bold* *bold* *bold*… (due Wed Nov 25)"
    )
