"""Fixtures for the browser tests (a pytest plugin tests/conftest.py loads).

`chromium`: one headless Chromium per test process, started on first use. `browser`: a clean tab
(no cookies, desktop size) on the test's own served Backbone, the `backbone` harness: the app on
real HTTP with the Slack emulator behind it. Tests that use them carry the `browser` marker.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support.browser import Browser, clean_tab, require_browser, start_chromium

if TYPE_CHECKING:
    from tests.support.harness import Harness


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Start headless Chromium once for this test process (skip, or fail in CI, if missing)."""
    require_browser()
    driver = start_chromium(tmp_path_factory.mktemp("chromium"))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium: Any, backbone: Harness) -> Browser:
    """A clean browser tab on this test's served Backbone."""
    return clean_tab(chromium, backbone.server.base_url)


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where a test saves its screenshots (the test's own temporary folder)."""
    return tmp_path / "screenshots"
