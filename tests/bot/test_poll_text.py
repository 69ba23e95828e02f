"""Reading `/poll …`: quotes of every kind, flags, and a clear refusal for each mistake."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.errors import DateError, InvalidInput
from bot.poll_text import (
    PollChange,
    PollCreate,
    PollDraft,
    PollHelp,
    PollList,
    parse_poll_command,
    read_poll_text,
)

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday, 10:00 in New York
NEW_YORK = ZoneInfo("America/New_York")
FRIDAY_5PM = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)


def read(text: str) -> PollDraft:
    return read_poll_text(text, now=NOW, zone=NEW_YORK)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", PollHelp()),  # why: /poll alone shows the help
        ("help", PollHelp()),
        ("HELP", PollHelp()),  # why: words are case-insensitive
        ("list", PollList()),
        ("close P-3", PollChange("close", 3)),
        ("close p3", PollChange("close", 3)),  # why: people drop the dash
        ("close 3", PollChange("close", 3)),
        ("stop P-12", PollChange("stop", 12)),
        (
            '"Close the shelter early?" "Yes" "No"',
            PollCreate('"Close the shelter early?" "Yes" "No"'),
        ),
        ("list the options", PollCreate("list the options")),  # why: not the list subcommand
    ],
)
def test_subcommands(text: str, expected: object) -> None:
    assert parse_poll_command(text) == expected


@pytest.mark.parametrize("text", ["close", "close P-x", "stop everything"])
def test_a_close_or_stop_without_a_code_asks_which(text: str) -> None:
    with pytest.raises(InvalidInput, match="Which poll"):
        parse_poll_command(text)


@pytest.mark.parametrize(
    ("text", "question", "options"),
    [
        ('"Where?" "Library" "Hall"', "Where?", ["Library", "Hall"]),  # why: straight quotes
        ("“Where?” “Library” “Hall”", "Where?", ["Library", "Hall"]),  # why: iPhone quotes
        ("”Where?” ”Library” ”Hall”", "Where?", ["Library", "Hall"]),  # why: same mark both ends
        ("„Wo?“ „Bibliothek“ „Halle“", "Wo?", ["Bibliothek", "Halle"]),  # why: German quotes
        ("‘Where?’ ‘Library’ ‘Hall’", "Where?", ["Library", "Hall"]),  # why: curly singles
        ("'Don't know?' 'Yes' 'I don't'", "Don't know?", ["Yes", "I don't"]),  # why: apostrophes
        ("“What’s best?” “Tuesday’s slot” “None”", "What’s best?", ["Tuesday’s slot", "None"]),
        ('Where should we meet? "Library" "Hall"', "Where should we meet?", ["Library", "Hall"]),
        ('"Q"   "A"\n"B"', "Q", ["A", "B"]),  # why: any spacing, even new lines
        ('"  Q  " " A " "B"', "Q", ["A", "B"]),  # why: spaces inside quotes are trimmed
        ('"Fish &amp; chips?" "Yes" "No"', "Fish &amp; chips?", ["Yes", "No"]),  # why: kept escaped
    ],
)
def test_questions_and_options_in_any_quotes(text: str, question: str, options: list[str]) -> None:
    draft = read(text)
    assert (draft.question, draft.options) == (question, options)


def test_flags_after_the_options() -> None:
    draft = read('"Q?" "A" "B" anonymous multi hidden closes Friday 5pm repeat weekly')
    assert draft == PollDraft(
        question="Q?",
        options=["A", "B"],
        anonymous=True,
        multi=True,
        hidden=True,
        closes_at=FRIDAY_5PM,
        repeat="weekly",
        zone="America/New_York",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Q" "A" "B" closes Friday', FRIDAY_5PM),  # why: a day alone ends at 5pm, in her zone
        ('"Q" "A" "B" closes Friday 5pm anonymous', FRIDAY_5PM),  # why: the phrase stops at a flag
        ('"Q" "A" "B" CLOSES friday 5PM', FRIDAY_5PM),
        ('anonymous "Q" "A" "B" closes tomorrow 9am', datetime(2026, 11, 25, 14, tzinfo=UTC)),
        ('"Q" "A" "B" until Friday', FRIDAY_5PM),  # why: "until" reads as closes
    ],
)
def test_closes_is_read_in_the_invokers_zone(text: str, expected: datetime) -> None:
    assert read(text).closes_at == expected


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ('"Q" "A" "B" anon', "anonymous"),
        ('"Q" "A" "B" multiple', "multi"),
        ('"Q" "A" "B" weekly', "repeat"),
        ('"Q" "A" "B" repeat every week', "repeat"),
        ('"Q" "A" "B" anonymous, multi.', "multi"),  # why: punctuation around flags is fine
    ],
)
def test_flag_spellings(text: str, flag: str) -> None:
    draft = read(text)
    value = {"anonymous": draft.anonymous, "multi": draft.multi, "repeat": draft.repeat}[flag]
    assert value in (True, "weekly")


TEN = " ".join(f'"{n}"' for n in range(1, 11))
ELEVEN = " ".join(f'"{n}"' for n in range(1, 12))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Where should we meet?", "Put the question and each option in quotes"),  # why: no quotes
        ('"Where?"', "at least two options"),  # why: a question alone
        ('"Where?" "Library"', "at least two options"),  # why: one option is no choice
        (f'"Q" {ELEVEN}', "up to 10"),  # why: more than ten options
        ('"Q" "A" "" "B"', "Option 2 is empty"),  # why: empty quotes
        ('"" "A" "B"', "What is the question"),  # why: an empty question
        ('"Q" "' + "x" * 76 + '" "B"', "Option 1 is 76 characters"),  # why: button text limit
        ('"' + "q" * 301 + '" "A" "B"', "The question is 301 characters"),  # why: too long
        ('"Q" "Yes" "yes"', "in the list twice"),  # why: duplicates, ignoring case
        ('"Q" "A" "B', "never closed"),  # why: a quote left open
        ('"Q" "A" "B" sometimes', "I didn't understand “sometimes”"),  # why: unknown flag
        ('"Q" "A" B "C"', "I didn't understand “B”"),  # why: an option without quotes
        ('"Q" "A" "B" closes', "When should the poll close"),  # why: closes with no date
        ('"Q" "A" "B" repeat daily', "repeat weekly"),  # why: only weekly repeats
        ('"Q" "A" "B" hidden', "make it anonymous too"),  # why: reactions are public
    ],
)
def test_bad_syntax_is_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        read(text)


@pytest.mark.parametrize(
    "text",
    [
        '"Q" "A" "B" closes yesterday',  # why: unreadable, and past
        '"Q" "A" "B" closes 9am',  # why: today at 9am has passed (10am in New York)
        '"Q" "A" "B" closes blue moon',  # why: not a date
    ],
)
def test_a_closing_time_in_the_past_or_unreadable_is_refused(text: str) -> None:
    with pytest.raises(DateError):
        read(text)


def test_ten_options_and_75_characters_fit() -> None:
    assert len(read(f'"Q" {TEN}').options) == 10
    assert read('"Q" "' + "x" * 75 + '" "B"').options[0] == "x" * 75
    # Slack's escaping does not count against the limit: "&amp;" shows as one "&".
    assert read('"Q" "' + "&amp;" * 75 + '" "B"').options[0] == "&amp;" * 75
