"""Backbone's web pages in a real browser: Debian's Chromium, headless, driven by Selenium.

`Browser` opens pages of a served Backbone at a phone's or a desktop's size, moves by keyboard
alone (Tab, Space, Enter), checks a page with axe-core (every WCAG 2.x A and AA rule), takes
screenshots and counts the pages a print would take. Without Chromium or its driver the tests
skip and say how to run them; with BACKBONE_BROWSER_REQUIRED=1 (CI) they fail instead.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.page_checks import AXE_SCRIPT, WCAG_A_AA, axe_report, describe, pdf_page_count

CHROMIUM = os.environ.get("BACKBONE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BACKBONE_CHROMEDRIVER", "/usr/bin/chromedriver")
REQUIRED = os.environ.get("BACKBONE_BROWSER_REQUIRED") == "1"
HOW_TO_RUN = (
    "The browser tests need Chromium and its driver: "
    "`apt-get install chromium chromium-driver`, then `make test`."
)
HOW_TO_CHECK = (
    "The browser tests check pages with axe-core from npm: install Node.js and npm, "
    "then `rm .venv/.installed && make test`."
)
# Chromium on a closed network: no calls home, no sandbox (CI runs as root), no GPU.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
    "--font-render-hinting=none",
)


@dataclass(frozen=True)
class Size:
    """A screen: its CSS pixels, and whether it is a phone (touch, mobile viewport)."""

    name: str
    width: int
    height: int
    mobile: bool


PHONE = Size("phone", 390, 844, mobile=True)
DESKTOP = Size("desktop", 1280, 900, mobile=False)
LETTER_CM = (21.59, 27.94)
# A US Letter page inside 1 cm margins, in CSS pixels (96 to the inch): what a print lays out on.
LETTER_SCREEN = Size("letter", 740, 980, mobile=False)


def missing_browser() -> str | None:
    """Say what is missing to run the browser tests, or None when all is there."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if shutil.which(path) is None:
            return f"{path} is not installed. {HOW_TO_RUN}"
    if not AXE_SCRIPT.is_file():
        return f"axe-core is not in {AXE_SCRIPT.parents[1]}. {HOW_TO_CHECK}"
    return None


def require_browser() -> None:
    """Skip the test (or fail it, when the browser is required) if Chromium is missing."""
    missing = missing_browser()
    if missing is None:
        return
    if REQUIRED:
        pytest.fail(f"BACKBONE_BROWSER_REQUIRED=1 but {missing}", pytrace=False)
    pytest.skip(missing)


def start_chromium(scratch: Path) -> Any:
    """Start headless Chromium through chromedriver, its profile in `scratch` (no downloads)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={scratch / 'profile'}")
    options.add_argument(f"--window-size={DESKTOP.width},{DESKTOP.height}")
    options.add_argument("--lang=en-US")
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


class Browser:
    """One browser tab on a served Backbone, at a phone's or a desktop's size."""

    def __init__(self, driver: Any, base_url: str) -> None:
        self.driver = driver
        self.base_url = base_url

    def open(self, path_or_url: str) -> None:
        """Open a page of the served Backbone (a path) or any address."""
        url = path_or_url if "://" in path_or_url else f"{self.base_url}{path_or_url}"
        self.driver.get(url)

    def resize(self, size: Size) -> None:
        """Show pages as a screen of `size` does (a phone: a mobile viewport and touch)."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": size.width,
                "height": size.height,
                "deviceScaleFactor": 1,
                "mobile": size.mobile,
            },
        )
        self.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": size.mobile})

    @contextmanager
    def next_page(self, timeout: float = 10) -> Iterator[None]:
        """Wait, after the block, until the page it left is gone and the next one has loaded."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.wait import WebDriverWait

        self.driver.execute_script("window.backboneLeftPage = true")  # a new page forgets it
        yield
        WebDriverWait(self.driver, timeout, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script(
                "return !window.backboneLeftPage && document.readyState === 'complete'"
            )
        )

    @contextmanager
    def old_phone(self) -> Iterator[None]:
        """Inside the block, browse as an old phone on a slow network with JavaScript turned off.

        The network is Chromium's "slow 3G" (400 ms each way, about 50 KB a second); the page's
        own scripts do not run (the test's commands still do).
        """
        cdp = self.driver.execute_cdp_cmd
        cdp("Network.enable", {})
        slow = {"offline": False, "latency": 400, "downloadThroughput": 50_000,
                "uploadThroughput": 50_000}  # fmt: skip
        cdp("Network.emulateNetworkConditions", slow)
        cdp("Emulation.setScriptExecutionDisabled", {"value": True})
        try:
            yield
        finally:
            cdp("Emulation.setScriptExecutionDisabled", {"value": False})
            fast = {"offline": False, "latency": 0, "downloadThroughput": -1,
                    "uploadThroughput": -1}  # fmt: skip
            cdp("Network.emulateNetworkConditions", fast)

    def bytes_loaded(self) -> dict[str, int]:
        """What the page cost to load: bytes over the network for it and each file it used."""
        found: list[list[Any]] = self.driver.execute_script(
            "return [performance.getEntriesByType('navigation')[0], "
            "...performance.getEntriesByType('resource')].map(e => [e.name, e.transferSize]);"
        )
        return {str(name).split("/", 3)[-1].split("?")[0]: int(size) for name, size in found}

    def tap(self, css: str) -> None:
        """Tap (or click) the element matching a CSS selector, where a finger would: its middle."""
        self.find(css).click()

    @property
    def text(self) -> str:
        """The page's visible text, as a person reads it."""
        return str(self.driver.find_element("tag name", "body").text)

    @property
    def title(self) -> str:
        return str(self.driver.title)

    def find(self, css: str) -> Any:
        """The one element matching a CSS selector."""
        return self.driver.find_element("css selector", css)

    def find_all(self, css: str) -> list[Any]:
        return list(self.driver.find_elements("css selector", css))

    # The keyboard: Tab, Space and Enter only, as a person without a mouse moves.

    def focused(self) -> Any:
        """The element that has the keyboard's focus."""
        return self.driver.switch_to.active_element

    def press(self, key: str) -> None:
        """Press one key of TAB, SPACE or ENTER (or SHIFT+TAB) on whatever has the focus."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        chain = ActionChains(self.driver)
        if key == "SHIFT+TAB":
            chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
            return
        if key not in {"TAB", "SPACE", "ENTER"}:
            raise ValueError(f"the keyboard helper presses Tab, Space or Enter, not {key!r}")
        chain.send_keys(getattr(Keys, key)).perform()

    def tab_until(self, wanted: Callable[[Any], bool], *, most: int = 40) -> Any:
        """Press Tab until the focused element is `wanted`; fail after `most` presses."""
        seen: list[str] = []
        for _ in range(most):
            self.press("TAB")
            element = self.focused()
            if wanted(element):
                return element
            seen.append(describe(element))
        raise AssertionError(f"Tab never reached the element; focus went through {seen}")

    def focus_order(self, *, most: int = 40) -> list[str]:
        """Describe each element Tab reaches from the top of the page, until it comes back round."""
        self.driver.execute_script("document.activeElement && document.activeElement.blur()")
        order: list[str] = []
        for _ in range(most):
            self.press("TAB")
            element = self.focused()
            here = describe(element)
            if element.tag_name in {"body", "html"} or (order and here == order[0]):
                break  # past the last stop: the focus left the page or came round again
            order.append(here)
        return order

    def focus_is_visible(self) -> bool:
        """Tell whether the focus shows: a ring on the focused element or on its label."""
        rings = self.driver.execute_script(
            "const here = document.activeElement;"
            "return [here, here.closest('label')].filter(Boolean).map(e => {"
            "  const s = getComputedStyle(e);"
            "  return [s.outlineStyle, s.outlineWidth, s.boxShadow]; });"
        )
        return any(
            (style != "none" and width not in {"0px", ""}) or shadow not in {"none", ""}
            for style, width, shadow in rings
        )

    # What the checks and the docs need.

    def accessibility_violations(self) -> list[dict[str, Any]]:
        """Run axe-core on the page: every violation of a WCAG 2.x A or AA rule."""
        from axe_selenium_python import Axe

        axe = Axe(self.driver, script_url=str(AXE_SCRIPT))
        axe.inject()
        options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_A_AA}})
        results: dict[str, Any] = axe.run(options=options)
        return list(results["violations"])

    def assert_accessible(self) -> None:
        """Fail with axe-core's own words when the page breaks a WCAG 2.x A or AA rule."""
        violations = self.accessibility_violations()
        assert violations == [], axe_report(violations)

    def axe_version(self) -> str:
        """The version of axe-core `accessibility_violations` runs."""
        self.accessibility_violations()
        return str(self.driver.execute_script("return axe.version"))

    def screenshot(self, path: Path) -> Path:
        """Save the whole page, top to bottom, as a PNG at `path`."""
        size = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];"
        )
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1},
            },
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def print_pages(self, *, landscape: bool = False) -> int:
        """Print the page to PDF on US Letter paper, as a browser would; return its page count."""
        pdf = self.print_pdf(landscape=landscape)
        return pdf_page_count(pdf)

    def print_pdf(self, *, landscape: bool = False) -> bytes:
        """Print the page to PDF on US Letter paper with the browser's default margins."""
        from selenium.webdriver.common.print_page_options import PrintOptions

        options = PrintOptions()
        options.page_width, options.page_height = LETTER_CM
        options.orientation = "landscape" if landscape else "portrait"
        return base64.b64decode(self.driver.print_page(options))

    def print_preview(self, path: Path) -> Path:
        """Save the page as print shows it (print styles, a Letter page's width) as a PNG."""
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        self.resize(LETTER_SCREEN)
        try:
            return self.screenshot(path)
        finally:
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def clean_tab(driver: Any, base_url: str) -> Browser:
    """Forget the last test's cookies and size: a new visitor at a desktop's size."""
    driver.get("about:blank")
    driver.delete_all_cookies()
    tab = Browser(driver, base_url)
    tab.resize(DESKTOP)
    return tab
