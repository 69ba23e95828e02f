"""Any text in poll arguments, date phrases, decisions and digest schedules: only person-facing
errors, and what is kept is what was typed.

No deadlines: a test that times itself fails on a busy machine (the first example also pays for
loading dateparser), and timings belong in bench/.

Command text as a whole is covered by tests/bot/test_hostile_text.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import UserFacingError
from bot.poll_text import (
    DOUBLE_QUOTES,
    MAX_OPTION,
    MAX_OPTIONS,
    MAX_QUESTION,
    MIN_OPTIONS,
    PollCreate,
    parse_poll_command,
    read_poll_text,
)
from bot.services.decisions import MAX_TEXT, read_decision_text
from bot.services.digest_schedule import TurnOn, parse_digest_command, read_schedule
from bot.when import read_when

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
ZONES = st.sampled_from(["America/New_York", "Pacific/Auckland", "Asia/Kolkata", "UTC"])
HOSTILE = ["😀", "👩🏽‍🦱", "\u202e", "\u200f", "שלום", "مرحبا", "'; DROP TABLE polls; --", "\x00"]
HOSTILE += ["<!channel>", "<@U1>", "&lt;b&gt;", "\n", "\t", "\\", "%s", "{0}", "ﷺ", "𝕏"]
POLL_PIECES = [*"\"“”„'‘’ ", "Library", "Church hall", "?", *HOSTILE]
POLL_PIECES += ["anonymous", "anon", "multi", "hidden", "closes", "Friday", "5pm", "repeat"]
POLL_PIECES += ["weekly", "close", "stop", "P-3", "list", "help", "tomorrow", "2020-01-01"]
DATE_PIECES = ["by", "due", "on", "next", "this", "in", "2", "weeks", "days", "Friday", "Dec"]
DATE_PIECES += ["5", "12/5", "2026-12-05", "tomorrow", "3pm", "at", "noon", "EOD", "EOW", " "]
DATE_PIECES += ["end", "of", "month", "31", "13/45", "-1", "99999999999", "0", ":", *HOSTILE]
DAY_PIECES = ["Monday", "mondays", "Fri", "every", "on", "at", "9am", "4:30pm", "noon", "25:00"]
DAY_PIECES += ["12:60", "0", "13pm", "9", "a.m.", " ", "on", "off", "preview", "now", *HOSTILE]


FLAGS = ["anonymous", "multi", "hidden", "closes Friday 5pm", "closes tomorrow", "repeat weekly"]
FLAGS += ["closes 2020-01-01", "closes someday", "anon hidden", "until Dec 5"]
DAYS = ["tomorrow", "Friday", "next Tuesday", "Dec 5", "12/5", "2026-12-05", "in 2 weeks", "EOD"]
DAYS += ["EOW", "end of month", "next week", "this Friday", "on Feb 30", "in 0 days", "today"]
TIMES = ["", "3pm", "at 9:30am", "noon", "at 25:00", "17:00", "3:75pm", "at midnight"]
# Anything but the quotes that delimit a poll's texts (and lone surrogates, which Slack can't send).
UNQUOTED = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters=DOUBLE_QUOTES),
    min_size=1,
    max_size=80,
)


def pieces(words: list[str], size: int = 25) -> st.SearchStrategy[str]:
    """Texts made of words people (and attackers) type, joined by spaces or not."""
    joined = st.lists(st.sampled_from(words), max_size=size)
    return st.one_of(joined.map(" ".join), joined.map("".join), st.text(max_size=300))


def poll_text() -> st.SearchStrategy[str]:
    """A question and options in quotes, each any text, then flags; or anything at all."""
    part = st.one_of(UNQUOTED, st.sampled_from(HOSTILE))
    built = st.builds(
        lambda question, options, flags: " ".join(
            [f'"{question}"', *(f"“{option}”" for option in options), *flags]
        ),
        part,
        st.lists(part, min_size=1, max_size=11),
        st.lists(st.sampled_from(FLAGS), max_size=3),
    )
    return st.one_of(built, pieces(POLL_PIECES))


def date_phrase() -> st.SearchStrategy[str]:
    """A day, maybe a time, maybe something hostile around it; or any words at all."""
    built = st.builds(
        lambda day, at, noise: f"{day} {at} {noise}".strip(),
        st.sampled_from(DAYS),
        st.sampled_from(TIMES),
        st.sampled_from([""] * 10 + HOSTILE),
    )
    return st.one_of(built, pieces(DATE_PIECES, size=8))


@settings(max_examples=300, deadline=None)
@given(text=poll_text(), zone=ZONES)
def test_any_poll_arguments_read_or_explain(text: str, zone: str) -> None:
    try:
        command = parse_poll_command(text)
        if not isinstance(command, PollCreate):
            return
        draft = read_poll_text(command.text, now=NOW, zone=ZoneInfo(zone))
    except UserFacingError as error:
        assert error.message and "Traceback" not in error.message
        return
    assert MIN_OPTIONS <= len(draft.options) <= MAX_OPTIONS
    assert all(0 < len(option) <= MAX_OPTION for option in draft.options)
    assert 0 < len(draft.question) <= MAX_QUESTION
    assert draft.closes_at is None or draft.closes_at > NOW


@settings(max_examples=400, deadline=None)
@given(text=date_phrase(), zone=ZONES)
def test_any_date_phrase_reads_to_the_future_or_explains(text: str, zone: str) -> None:
    try:
        due = read_when(text, now=NOW, zone=ZoneInfo(zone))
    except UserFacingError as error:
        assert error.message and "Traceback" not in error.message
        return
    today = NOW.astimezone(ZoneInfo(zone)).date()
    assert due.at.tzinfo is not None
    assert due.local().date() >= today if due.all_day else due.at >= NOW


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=5000), pieces(HOSTILE)))
def test_any_decision_text_is_kept_as_typed_or_explained(text: str) -> None:
    try:
        words = read_decision_text(text)
    except UserFacingError as error:
        assert error.message and (not text.strip() or len(text.strip()) > MAX_TEXT)
        return
    assert words == text.strip()


@settings(max_examples=300, deadline=None)
@given(text=pieces(DAY_PIECES, size=6), zone=ZONES)
def test_any_digest_schedule_reads_or_explains(text: str, zone: str) -> None:
    try:
        command = parse_digest_command(text)
        if not isinstance(command, TurnOn):
            return
        weekly = read_schedule(command.when, zone=ZoneInfo(zone))
    except UserFacingError as error:
        assert error.message and "Traceback" not in error.message
        return
    assert 1 <= weekly.weekday <= 7 and 0 <= weekly.minute < 24 * 60
    assert weekly.zone == zone
