"""Done when: an advisory member answers an anonymous poll from a text message's link on a
phone, and their vote is in the result the coordinator sees in chat, on Slack and on Teams.

The phone is headless Chromium at a phone's size (tests/support/browser.py); the chat side is
the platform's emulator, through the same served Backbone that serves the page.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.ids import ActionId
from tests.scenarios.both.conftest import World
from tests.scenarios.both.test_shared_behaviours import PLATFORMS, said_with
from tests.support.browser import PHONE, clean_tab
from tests.support.web import links_in

pytestmark = pytest.mark.browser
ANONYMOUS = '"Which day suits the advisory group?" "Tuesday" "Thursday" anonymous link'


@PLATFORMS
def test_a_phone_vote_on_an_anonymous_poll_is_in_the_result_in_chat(
    world: World, chromium: Any
) -> None:
    world.command(ANONYMOUS, command="poll")
    (link,) = links_in(world.private("maria"))  # what she pastes into a text message
    (poll,) = said_with(world.posts(), "Which day suits the advisory group?")
    world.press(poll, f"{ActionId.POLL_VOTE}:0", by="joe")
    world.press(poll, f"{ActionId.POLL_VOTE}:1", by="pat")

    phone = clean_tab(chromium, link)
    phone.resize(PHONE)
    phone.open(link)
    phone.tap("label[for=option-1]")  # Thursday
    with phone.next_page():
        phone.tap("button[type=submit]")
    assert phone.find("[role=status]").text.startswith("Thank you. Your vote is in.")

    world.command("close P-1", command="poll")
    (closed,) = world.polls()
    assert closed.results == {"counts": [1, 2], "voters": 3}
    (results,) = said_with(world.replies(poll.native), "Results")
    assert "3 people voted" in results.text
    assert "Thursday" in results.text and "67%" in results.text
