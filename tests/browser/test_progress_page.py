"""The progress page in headless Chromium: desktop and phone, accessibility, one printed page.

Records are made in chat (the Slack harness); the browser opens the address the channel was
told, on the same served Backbone, as a council member's browser would.
"""

from __future__ import annotations

import pytest

from tests.support.browser import DESKTOP, PHONE, Browser
from tests.support.goals import goal
from tests.support.harness import Harness
from tests.support.polls import start
from tests.support.progress import publish, seed_channel, seed_cycles

pytestmark = pytest.mark.browser


def busy_channel(backbone: Harness) -> None:
    """A busy channel: more goals, decisions and polls than a printed page lists."""
    titles = ("Days from match to move-in", "Inflow of veterans", "Landlords in the program",
              "Open shelter beds")  # fmt: skip
    for n, title in enumerate(titles, start=2):
        goal(backbone, f'add "{title}" lower is better, baseline 90, target 45 by June 30, '
                       "reports monthly")  # fmt: skip
        for month, value in (("August", 80), ("September", 72), ("October", 66)):
            goal(backbone, f"report G-{n} {value} for {month}")
    for n in range(12):
        backbone.command(f"Decision {n + 1}: the outreach van covers the north side on "
                         "Wednesdays and Fridays", command="/decision")  # fmt: skip
    for n in range(2, 5):
        start(backbone, f'"Pulse check {n}: how did this week go?" "Well" "So-so" "Badly"')
        backbone.command(f"close P-{n}", command="/poll")


def chart_drawn(browser: Browser) -> bool:
    """Tell whether the page's first chart image loaded (its PNG decoded in the browser)."""
    return bool(browser.driver.execute_script(
        "const i = document.querySelector('img.chart');"
        "return i !== null && i.complete && i.naturalWidth > 0;"
    ))  # fmt: skip


def test_the_page_on_a_desktop_is_accessible_and_shows_its_chart(
    backbone: Harness, browser: Browser
) -> None:
    seed_channel(backbone)
    seed_cycles(backbone)
    browser.open(publish(backbone))
    assert browser.title == "Our progress · Backbone"
    text = browser.text
    assert "Functional zero for veterans by December 2027" in text
    assert "Veterans housed" in text and "fewer than 11" in text
    assert chart_drawn(browser)
    browser.assert_accessible()


def test_the_page_on_a_phone_fits_the_screen_and_is_accessible(
    backbone: Harness, browser: Browser
) -> None:
    seed_channel(backbone)
    browser.resize(PHONE)
    browser.open(publish(backbone, "spanish"))
    width = browser.driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= PHONE.width  # nothing to scroll sideways
    assert "Nuestro progreso" in browser.text and "menos de 11" in browser.text
    browser.assert_accessible()


def test_the_keyboard_reaches_the_skip_link_and_its_focus_shows(
    backbone: Harness, browser: Browser
) -> None:
    seed_channel(backbone)
    browser.open(publish(backbone))
    skip = browser.tab_until(lambda e: e.tag_name == "a" and "Skip" in e.text)
    assert browser.focus_is_visible()
    browser.press("ENTER")
    assert skip.get_attribute("href").endswith("#main")
    assert browser.driver.execute_script("return location.hash") == "#main"


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_busy_channels_page_prints_on_one_page(
    backbone: Harness, browser: Browser, size: object
) -> None:
    seed_channel(backbone)
    seed_cycles(backbone)
    busy_channel(backbone)
    browser.resize(size)  # type: ignore[arg-type]
    browser.open(publish(backbone, "show titles"))
    assert chart_drawn(browser)
    assert browser.print_pages() == 1
    assert "Decision 12" in browser.text  # all of them on the screen; the print lists five
    assert "What we learned:" in browser.text


def test_the_page_after_unpublish_is_kind_and_accessible(
    backbone: Harness, browser: Browser
) -> None:
    seed_channel(backbone)
    path = publish(backbone)
    backbone.command("unpublish", command="/digest")
    browser.open(path)
    assert "This page is not shared now" in browser.text
    assert "Veterans" not in browser.text
    browser.assert_accessible()
