"""Reading `/poll … link`, `/poll link P-3` and `/poll people P-3 "…"` as people type them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.errors import InvalidInput
from bot.poll_text import PollCreate, PollPeople, PollShare, parse_poll_command, read_poll_text
from bot.services.poll_links import read_labels

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "link", "language"),
    [
        ('"Best day?" "Tue" "Thu" link', True, None),  # why: the plain case
        ('"Best day?" "Tue" "Thu" anonymous link', True, None),  # why: with another flag
        ('"¿Qué día?" "Martes" "Jueves" link español', True, "es"),  # why: Spanish, accented
        ('"Best day?" "Tue" "Thu" link spanish', True, "es"),  # why: the English word for it
        ('"Best day?" "Tue" "Thu" espanol', True, "es"),  # why: no accent, and no "link": implied
        ('"Best day?" "Tue" "Thu"  LINK  ', True, None),  # why: shouted, odd spacing
        ("“Best day?” “Tue” “Thu” web", True, None),  # why: phone quotes, "web" for link
        ('"Best day?" "Tue" "Thu"', False, None),  # why: no link asked
        ('"Share the link with landlords?" "Yes" "No"', False, None),  # why: "link" in a quote
    ],
)
def test_a_new_poll_can_ask_for_a_link(typed: str, link: bool, language: str | None) -> None:
    command = parse_poll_command(typed)
    assert isinstance(command, PollCreate)
    draft = read_poll_text(command.text, now=NOW, zone=ZoneInfo("UTC"))
    assert (draft.link, draft.language) == (link, language)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("link P-3", PollShare(3)),  # why: as the help says
        ("link p3", PollShare(3)),  # why: lower case, no dash
        ("link #12 spanish", PollShare(12, "es")),  # why: a hash, and the page's language
        ("web P-3 english", PollShare(3, "en")),  # why: back to English
        ('people P-2 "Advisor 1" "Advisor 2"', PollPeople(2, ["Advisor 1", "Advisor 2"])),
        # why (above): labels in quotes
        ("people P-2 “Landlord A” ‘Landlord B’", PollPeople(2, ["Landlord A", "Landlord B"])),
        # why (above): phone quotes, double and single
    ],
)
def test_sharing_an_existing_poll_is_read(typed: str, expected: object) -> None:
    assert parse_poll_command(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "link",  # why: no poll named
        "link P-3 french",  # why: a language the page does not speak
        "people P-3",  # why: no labels
        "people P-3 Advisor 1",  # why: labels not in quotes
    ],
)
def test_a_share_that_cannot_be_read_says_how(typed: str) -> None:
    with pytest.raises(InvalidInput, match="like: /poll"):
        parse_poll_command(typed)


@pytest.mark.parametrize(
    ("labels", "said"),
    [
        (["Advisor 1", "advisor 1"], "same label"),  # why: the same label twice
        (["  "], "Who are the links for?"),  # why: blank
        (["x" * 81], "keep each label under 80"),  # why: far too long
        (["Maria, DOB 03/04/1980"], "date of birth"),  # why: a client's personal data
    ],
)
def test_labels_that_cannot_be_used_are_refused(labels: list[str], said: str) -> None:
    with pytest.raises(InvalidInput, match=said):
        read_labels(labels)


def test_labels_keep_their_words_with_spaces_tidied() -> None:
    assert read_labels(["  Advisor   1 ", "Landlord B"]) == ["Advisor 1", "Landlord B"]
