"""A poll's web page in headless Chromium: a vote from a phone, a vote by keyboard alone, and
axe-core's WCAG 2.x A/AA check on every state of the page (open, voted, closed, bad link).

The poll is made in chat (the Slack harness, signed slash commands); the link is the one
Backbone told its creator; the vote lands in the same database the chat reads.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import PollBallot
from tests.support.browser import PHONE, Browser
from tests.support.harness import MARIA, Harness
from tests.support.web import links_in

pytestmark = pytest.mark.browser
QUESTION = '"Which evening suits the advisory group?" "Tuesday" "Thursday" "Either is fine"'


def made(backbone: Harness, flags: str = "anonymous link") -> str:
    """Start a poll by link as Maria; return the link Backbone gave her."""
    backbone.command(f"{QUESTION} {flags}", command="/poll")
    (link,) = links_in([e.text for e in backbone.emulator.ephemerals(MARIA)])
    return link


def ballots(backbone: Harness) -> list[list[int]]:
    with backbone.database() as session:
        return [list(b.options) for b in session.scalars(select(PollBallot))]


def test_a_vote_from_a_phone_sized_window(backbone: Harness, browser: Browser) -> None:
    link = made(backbone)
    browser.resize(PHONE)
    browser.open(link)
    assert browser.title == "Which evening suits the advisory group? · Backbone"
    choices = browser.find_all("label.choice")
    assert [c.text for c in choices] == ["Tuesday", "Thursday", "Either is fine"]
    assert all(c.size["height"] >= 44 for c in choices)  # large touch targets
    assert browser.driver.execute_script("return document.documentElement.scrollWidth") <= 390
    choices[1].click()  # a tap on the label picks its option
    with browser.next_page():
        browser.find("button[type=submit]").click()
    assert "Thank you. Your vote is in." in browser.text
    assert "Your vote now: Thursday." in browser.text
    assert ballots(backbone) == [[1]]
    browser.assert_accessible()


def test_a_vote_by_keyboard_alone(backbone: Harness, browser: Browser) -> None:
    link = made(backbone)
    browser.open(link)
    first = browser.tab_until(lambda e: e.get_attribute("name") == "option")
    assert browser.focus_is_visible()
    assert first.get_attribute("value") == "0"
    browser.press("SPACE")  # picks Tuesday
    browser.tab_until(lambda e: e.tag_name == "button")
    assert browser.focus_is_visible()
    with browser.next_page():
        browser.press("ENTER")
    assert "Your vote now: Tuesday." in browser.text
    assert ballots(backbone) == [[0]]


def test_the_skip_link_comes_first_and_leads_to_the_question(
    backbone: Harness, browser: Browser
) -> None:
    browser.open(made(backbone))
    order = browser.focus_order()
    assert order[0] == "a 'Skip to the main part'"
    assert order[-1] == "button 'Send my vote'"


@pytest.mark.parametrize(
    ("flags", "state"),
    [
        ("anonymous link", "open"),  # why: the form, its notes, results withheld
        ("link", "voted"),  # why: the thank-you note and running counts with bars
        ("link spanish", "open"),  # why: the page's own words in Spanish, lang="es"
        ("multi link", "closed"),  # why: the closed page with its results
    ],
)
def test_every_state_of_the_page_meets_wcag_a_and_aa(
    backbone: Harness, browser: Browser, flags: str, state: str
) -> None:
    link = made(backbone, flags)
    browser.open(link)
    if state == "voted":
        browser.find_all("label.choice")[0].click()
        with browser.next_page():
            browser.find("button[type=submit]").click()
        assert "Thank you" in browser.text
    if state == "closed":
        backbone.command("close P-1", command="/poll")
        browser.open(link)
        assert "This poll is closed" in browser.text
    browser.assert_accessible()


def test_a_bad_link_and_a_missing_choice_are_plain_and_accessible(
    backbone: Harness, browser: Browser
) -> None:
    link = made(backbone)
    browser.open(link[:-4] + "zzzz")
    assert "We can't find this page" in browser.text
    browser.assert_accessible()
    browser.open(link)
    with browser.next_page():
        browser.find("button[type=submit]").click()  # nothing picked
    assert "Please pick an answer first." in browser.text
    assert ballots(backbone) == []
    browser.assert_accessible()
