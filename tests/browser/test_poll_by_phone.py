"""A poll by link from a phone, in a real browser: the advisory member's vote is in the result
the coordinator reads in chat, an old phone on a slow network without JavaScript votes, a
choice of several by keyboard alone, and every state of the page checked against WCAG 2.x A
and AA at a phone's size (test_poll_page.py: the desktop's).

The poll is made in chat (the Slack emulator, signed slash commands and button presses); the
page is the one `backbone serve` gives, on the same server, in headless Chromium.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.browser import PHONE, Browser
from tests.support.harness import JOE, PAT, Harness
from tests.support.polls import get_poll, thread_of
from tests.support.web_scenes import OPEN_POLL, shared_poll, voted_in_chat

pytestmark = pytest.mark.browser

THANKS = "Thank you. Your vote is in. You can change it until the poll closes."
PLACES = ["The library on Main Street", "The church hall", "Online, by video call"]
# The result the coordinator reads in chat at close: two chat votes and one from a phone.
CLOSED_IN_CHAT = (
    "🏁 Results of P-1 Where should the advisory group meet in January?: “The church hall” won "
    "with 67% (2 of 3). :one: The library on Main Street `███░░░░░░░` 33% (1); :two: The church "
    "hall `███████░░░` 67% (2); :three: Online, by video call `░░░░░░░░░░` 0% (0). Closed "
    "<!date^1795532400^{date_short_pretty} at {time}|Tue Nov 24 at 10:00 AM EST> by <@UMARIA> · "
    "3 people voted. You said, we did: <@UMARIA> can record a decision or action items from "
    "this result."
)


def sizes_of(browser: Browser, css: str) -> list[tuple[int, int]]:
    """The width and height, in CSS pixels, of each element matching `css`."""
    found: list[list[float]] = browser.driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(e => {"
        "  const r = e.getBoundingClientRect(); return [r.width, r.height]; });",
        css,
    )
    return [(round(width), round(height)) for width, height in found]


def page_width(browser: Browser) -> int:
    width: int = browser.driver.execute_script("return document.documentElement.scrollWidth")
    return width


def test_an_advisory_member_votes_from_a_phone_and_the_chat_result_counts_it(
    backbone: Harness, browser: Browser
) -> None:
    poll, link = shared_poll(backbone)
    voted_in_chat(backbone, poll, {JOE: 0, PAT: 1})
    browser.resize(PHONE)
    browser.open(link)
    assert page_width(browser) == PHONE.width  # nothing to scroll sideways
    # A whole row is the target for a thumb, well over 44 pixels high, and so is the button.
    assert sizes_of(browser, "label.choice") == [(354, 54)] * 3
    assert sizes_of(browser, "button[type=submit]") == [(197, 54)]
    browser.tap("label[for=option-1]")  # the words, not the small circle
    with browser.next_page():
        browser.tap("button[type=submit]")
    assert browser.find("[role=status]").text == THANKS
    assert browser.find("input:checked").get_attribute("value") == "1"

    backbone.command("close P-1", command="/poll")
    assert [m.text for m in thread_of(backbone, poll)][-1] == CLOSED_IN_CHAT
    browser.open(link)
    assert browser.find("h1").text == "This poll is closed"


def test_an_old_phone_on_a_slow_network_without_javascript_votes(
    backbone: Harness, browser: Browser
) -> None:
    _, link = shared_poll(backbone, OPEN_POLL)
    browser.resize(PHONE)
    with browser.old_phone():
        browser.open(link)
        assert browser.find_all("script") == []  # nothing on the page needs JavaScript
        loaded = browser.bytes_loaded()
        assert sorted(loaded) == [link.split("/", 3)[-1], "s/site.css"]
        assert sum(loaded.values()) < 8_000  # the page and its style, under 8 KB in all
        browser.tap("label[for=option-2]")
        with browser.next_page():
            browser.tap("button[type=submit]")
        assert browser.find("[role=status]").text == THANKS
    backbone.command("close P-1", command="/poll")
    assert get_poll(backbone, 1).results == {"counts": [0, 0, 1], "voters": 1}


def test_a_choice_of_several_by_keyboard_alone(backbone: Harness, browser: Browser) -> None:
    _, link = shared_poll(
        backbone, '"What would help most?" "Bus passes" "Phones" "Food" multi link'
    )
    browser.open(link)
    for wanted in ("Phones", "Food"):  # each box is its own stop: Tab to it, Space ticks it
        browser.tab_until(labelled(browser, wanted))
        assert browser.focus_is_visible()
        browser.press("SPACE")
    browser.tab_until(lambda element: element.tag_name == "button")
    with browser.next_page():
        browser.press("ENTER")
    assert browser.find("[role=status]").text == THANKS
    backbone.command("close P-1", command="/poll")
    assert get_poll(backbone, 1).results == {"counts": [0, 1, 1], "voters": 1}


def labelled(browser: Browser, words: str) -> Callable[[Any], bool]:
    """Tell whether an element's label holds `words`."""

    def has_label(element: Any) -> bool:
        script = "return [...(arguments[0].labels || [])].map(l => l.innerText).join(' ')"
        return words in str(browser.driver.execute_script(script, element))

    return has_label


def open_poll(backbone: Harness, browser: Browser) -> None:
    """The page as a person first sees it: an anonymous poll, too few votes to show results."""
    browser.open(shared_poll(backbone)[1])


def after_a_vote(backbone: Harness, browser: Browser) -> None:
    """The page after a vote: thanks, the vote, and results once three have voted."""
    poll, link = shared_poll(backbone)
    voted_in_chat(backbone, poll, {JOE: 0, PAT: 2})
    browser.open(link)
    browser.tap("label[for=option-1]")
    with browser.next_page():
        browser.tap("button[type=submit]")


def sent_empty(backbone: Harness, browser: Browser) -> None:
    """The page after sending no choice: the error is said beside the choices."""
    browser.open(shared_poll(backbone)[1])
    with browser.next_page():
        browser.tap("button[type=submit]")


def in_spanish(backbone: Harness, browser: Browser) -> None:
    browser.open(
        shared_poll(backbone, '"¿Dónde nos reunimos?" "La biblioteca" "La iglesia" link español')[1]
    )


def closed(backbone: Harness, browser: Browser) -> None:
    _, link = shared_poll(backbone)
    backbone.command("close P-1", command="/poll")
    browser.open(link)


def bad_link(backbone: Harness, browser: Browser) -> None:
    browser.open(shared_poll(backbone)[1][:-4] + "oops")


STATES = {
    "open": (open_poll, "Where should the advisory group meet in January?"),
    "voted": (after_a_vote, "Where should the advisory group meet in January?"),
    "empty": (sent_empty, "Where should the advisory group meet in January?"),
    "spanish": (in_spanish, "¿Dónde nos reunimos?"),
    "closed": (closed, "This poll is closed"),
    "bad-link": (bad_link, "We can't find this page"),
}


@pytest.mark.parametrize("state", list(STATES))
def test_every_state_of_the_poll_page_is_accessible_on_a_phone(
    backbone: Harness, browser: Browser, state: str
) -> None:
    size = PHONE
    browser.resize(size)
    make, heading = STATES[state]
    make(backbone, browser)
    assert browser.find("h1").text == heading
    browser.assert_accessible()
    assert page_width(browser) == size.width
