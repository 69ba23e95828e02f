"""Reading `/digest publish …`, and stored words made fit for a public page."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from bot.public_text import public_text
from bot.services.digest_schedule import parse_digest_command
from bot.services.progress_options import Publish, Unpublish


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("publish", Publish()),  # why: the plain command hides titles, in English
        ("publish show titles", Publish(show_titles=True)),  # why: the box the coordinator ticks
        ("Publish   Show Titles", Publish(show_titles=True)),  # why: capitals and odd spacing
        ("publish with titles, spanish", Publish(True, "es")),  # why: a comma between options
        ("publish español", Publish(language="es")),  # why: the word as a Spanish speaker types it
        ("publish espanol", Publish(language="es")),  # why: no accent on a phone keyboard
        ("publish in Spanish and show titles", Publish(True, "es")),  # why: a sentence
        ("publish hide titles", Publish()),  # why: turning titles back off
        ("publish show titles.", Publish(show_titles=True)),  # why: a full stop at the end
        ("unpublish", Unpublish()),  # why: taking it down
        ("UNPUBLISH", Unpublish()),  # why: caps lock
    ],
)
def test_publish_options_are_read_as_people_type_them(typed: str, expected: object) -> None:
    assert parse_digest_command(typed) == expected


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("publish show names", "“show names”"),  # why: names are never shown: not an option
        ("publish french", "“french”"),  # why: a language the page does not speak
        ("publish 🎉", "“🎉”"),  # why: an emoji alone
    ],
)
def test_unknown_publish_options_are_refused_and_named(typed: str, said: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_digest_command(typed)
    assert said in refused.value.message
    assert "Nothing was changed." in refused.value.message


def test_unpublish_takes_no_words_after_it() -> None:
    with pytest.raises(InvalidInput):
        parse_digest_command("unpublish now please")


@pytest.mark.parametrize(
    ("stored", "public"),
    [
        ("Call the shelter <@U0JOE>", "Call the shelter a team member"),  # why: a Slack mention
        ("<@29:1abcDEF> leads intake", "a team member leads intake"),  # why: a Teams person
        ("<@U0JOE|joe> and <@U0PAT>", "a team member and a team member"),  # why: two, labelled
        ("Tell <!channel> about it", "Tell everyone about it"),  # why: a group ping
        ("Moved to <#C0CASE|case-conf>", "Moved to #case-conf"),  # why: a channel is no person
        ("See <https://x.org/plan|the plan>", "See the plan"),  # why: a labelled link
        ("See <https://x.org/plan>", "See a link"),  # why: a bare link
        ("Mail <mailto:joe@x.org|joe@x.org>", "Mail (contact details)"),  # why: an e-mail link
        ("write to joe.tran@x.org today", "write to (an e-mail address) today"),  # why: pasted
        ("3 beds &amp; 2 units &lt;soon&gt;", "3 beds & 2 units <soon>"),  # why: Slack's escapes
        ("Hold   3 beds\nfor vets", "Hold 3 beds for vets"),  # why: pasted lines and spaces
        ("Reached 45% 🎉", "Reached 45% 🎉"),  # why: emoji and numbers stay
    ],
)
def test_public_text_shows_no_one(stored: str, public: str) -> None:
    assert public_text(stored) == public
