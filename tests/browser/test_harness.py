"""The browser harness itself: it sees what a person sees, and each check can fail.

A tiny form page on Backbone's own server (bot/web.py) stands in for a real page: one good
version, and one broken on purpose (no label, grey on grey, no focus ring).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import pytest

from bot.web import HttpServer
from tests.support.browser import DESKTOP, PHONE, Browser, clean_tab
from tests.support.page_checks import AXE_SCRIPT

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

pytestmark = pytest.mark.browser

GOOD = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Pick one</title>
<style>body{font:18px sans-serif;color:#111;background:#fff}
input:focus,button:focus{outline:3px solid #1a4fd6;outline-offset:2px}
label,button{display:block;min-height:44px;margin:8px 0}</style></head>
<body><main><h1>Where should we meet?</h1>
<form method="post" action="/vote"><fieldset><legend>Choose one place</legend>
<label><input type="radio" name="choice" value="library"> The library</label>
<label><input type="radio" name="choice" value="church"> The church hall</label>
</fieldset><button type="submit">Send my answer</button></form>%s</main></body></html>"""
BROKEN = """<!doctype html><html><head><title>x</title>
<style>*{outline:none} p{color:#aaa;background:#bbb}</style></head>
<body><p>Pick one</p><input type="text" name="why"><button></button></body></html>"""
LONG = "".join(f"<p>Line {n} of a long report.</p>" for n in range(200))


def tiny_site(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    """A good page at /, a broken one at /broken, a long one at /long; /vote says the choice."""
    path = environ["PATH_INFO"]
    if path == "/vote":
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()
        choice = parse_qs(body).get("choice", ["nothing"])[0]
        page = GOOD % f"<p role='status'>You chose: {choice}</p>"
    else:
        page = {"/broken": BROKEN, "/long": GOOD % LONG}.get(path, GOOD % "")
    data = page.encode()
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                              ("Content-Length", str(len(data)))])  # fmt: skip
    return [data]


@pytest.fixture
def tiny(chromium: Any) -> Iterator[Browser]:
    server = HttpServer(tiny_site, host="127.0.0.1", port=0).start()
    try:
        yield clean_tab(chromium, server.base_url)
    finally:
        server.stop()


def png_width(path: Path) -> int:
    width: int = struct.unpack(">I", path.read_bytes()[16:20])[0]
    return width


def test_the_served_backbone_answers_in_the_browser(browser: Browser) -> None:
    browser.open("/healthz")
    assert browser.text == '{"ok": true}'


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=lambda s: s.name)
def test_a_page_is_as_wide_as_the_screen(tiny: Browser, size: Any) -> None:
    tiny.resize(size)
    tiny.open("/")
    assert tiny.driver.execute_script("return window.innerWidth") == size.width


def test_a_vote_by_keyboard_alone_reaches_the_server(tiny: Browser) -> None:
    tiny.open("/")
    tiny.tab_until(lambda e: e.get_attribute("value") == "library")
    assert tiny.focus_is_visible()
    tiny.press("SPACE")
    tiny.tab_until(lambda e: e.text == "Send my answer")
    with tiny.next_page():
        tiny.press("ENTER")
    assert tiny.find("[role=status]").text == "You chose: library"


def test_the_focus_order_follows_the_page(tiny: Browser) -> None:
    tiny.open("/")
    # Radios are one stop for Tab (arrows move between them), then the button.
    assert tiny.focus_order() == ["input 'The library'", "button 'Send my answer'"]


def test_a_good_page_passes_the_accessibility_check(tiny: Browser) -> None:
    tiny.open("/")
    tiny.assert_accessible()


def test_the_accessibility_check_names_what_is_broken(tiny: Browser) -> None:
    tiny.open("/broken")
    broken = sorted(v["id"] for v in tiny.accessibility_violations())
    # target-size is WCAG 2.2 AA: the empty button is smaller than 24 by 24 pixels.
    assert broken == ["button-name", "color-contrast", "html-has-lang", "label", "target-size"]
    tiny.resize(PHONE)
    tiny.tab_until(lambda e: e.tag_name == "input")
    assert not tiny.focus_is_visible()


def test_the_checker_is_a_current_axe_core(tiny: Browser) -> None:
    tiny.open("/")
    version = tiny.axe_version()
    assert int(version.split(".")[0]) >= 4, f"axe-core {version} from {AXE_SCRIPT}"


def test_a_screenshot_is_the_whole_page_at_the_screen_size(
    tiny: Browser, screenshots: Path
) -> None:
    tiny.resize(PHONE)
    tiny.open("/long")
    shot = tiny.screenshot(screenshots / "long-phone.png")
    assert png_width(shot) == PHONE.width
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_printing_counts_the_pages(tiny: Browser) -> None:
    tiny.open("/")
    assert tiny.print_pages() == 1
    tiny.open("/long")
    assert tiny.print_pages() > 1
