"""A year of a team's work on its public progress page, in a real browser: every section in
order, each run chart drawn and described, nothing to scroll sideways, WCAG 2.x A and AA at a
phone's and a desktop's size, and one printed page (test_progress_page.py has the rest).

Twelve months of two goals, twelve weeks of commitments, decisions and a closed poll with what
the team did about it are made in chat (tests/support/web_scenes.py).
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
def test_a_year_of_work_reads_well_at_each_size(
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


def test_a_year_of_work_prints_on_one_page(backbone: Harness, browser: Browser) -> None:
    browser.open(busy_channel(backbone))
    assert browser.print_pages() == 1  # US Letter, portrait, as a council's printer takes it
