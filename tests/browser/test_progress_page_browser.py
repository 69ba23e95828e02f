"""The public progress page in a real browser: at a phone's and a desktop's size, checked against
WCAG 2.x A and AA, its run charts drawn, and printed on one page for a council meeting.

The channel's year of goals, twelve weeks of commitments, decisions and a closed poll are made
in chat (tests/support/web_scenes.py); the page is the one `backbone serve` gives.
"""

from __future__ import annotations

import pytest

from tests.support.browser import DESKTOP, PHONE, Browser, Size
from tests.support.harness import Harness
from tests.support.web_scenes import busy_channel

pytestmark = pytest.mark.browser

SECTIONS = [
    "Our north star",
    "Our goals",
    "Commitments, week by week",
    "Decisions",
    "You said, we did",
]
CHARTS = [
    "Run chart of G-1: Veterans housed each month",
    "Run chart of G-2: Days from match to move-in",
]


def pictures(browser: Browser) -> list[tuple[str, bool]]:
    """Each picture's description, and whether it was drawn (it loaded, and has a width)."""
    found: list[list[object]] = browser.driver.execute_script(
        "return [...document.images].map(i => [i.alt, i.complete && i.naturalWidth > 0]);"
    )
    return [(str(alt), bool(drawn)) for alt, drawn in found]


def headings(browser: Browser) -> list[str]:
    return [h.text for h in browser.find_all("h2")]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=lambda size: size.name)
def test_the_progress_page_reads_well_at_each_size(
    backbone: Harness, browser: Browser, size: Size
) -> None:
    path = busy_channel(backbone)
    browser.resize(size)
    browser.open(path)
    assert browser.find("h1").text == "Our progress"
    assert [h for h in headings(browser) if h in SECTIONS] == SECTIONS
    # Each chart is drawn, and described in words first (its values and signals follow).
    assert [(alt.split(",")[0], drawn) for alt, drawn in pictures(browser)] == [
        (chart, True) for chart in CHARTS
    ]
    width = browser.driver.execute_script("return document.documentElement.scrollWidth")
    assert width == size.width  # nothing to scroll sideways, tables and charts included
    browser.assert_accessible()


def test_the_progress_page_is_read_by_keyboard(backbone: Harness, browser: Browser) -> None:
    browser.open(busy_channel(backbone))
    skip = browser.tab_until(lambda element: element.tag_name == "a")
    assert skip.text == "Skip to the main part"
    assert browser.focus_is_visible()
    browser.press("ENTER")
    assert browser.focused().get_attribute("id") == "main"


def test_the_progress_page_prints_on_one_page(backbone: Harness, browser: Browser) -> None:
    browser.open(busy_channel(backbone))
    assert browser.print_pages() == 1  # US Letter, portrait, as a council's printer takes it


def test_a_page_taken_down_is_a_kind_page(backbone: Harness, browser: Browser) -> None:
    path = busy_channel(backbone)
    backbone.command("unpublish", command="/digest")
    browser.resize(PHONE)
    browser.open(path)
    assert browser.find("h1").text == "This page is not shared now"
    browser.assert_accessible()


def test_the_spanish_page_is_accessible(backbone: Harness, browser: Browser) -> None:
    busy_channel(backbone)
    path = busy_channel_in_spanish(backbone)
    browser.open(path)
    assert browser.find("html").get_attribute("lang") == "es"
    browser.assert_accessible()


def busy_channel_in_spanish(backbone: Harness) -> str:
    from tests.support.progress import publish

    return publish(backbone, "show titles español")
