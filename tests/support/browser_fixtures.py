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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give each test that drives Chromium the `browser` marker, so `-m` always finds it."""
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test, so a fixture can tell that its test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser(
    chromium: Any, backbone: Harness, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Browser]:
    """A clean browser tab on this test's served Backbone; a failed test leaves a screenshot."""
    tab = clean_tab(chromium, backbone.server.base_url)
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        shot = tab.screenshot(tmp_path / "failed.png")
        report.sections.append(
            ("browser", f"the page as it was: {shot} ({tab.driver.current_url})")
        )


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where a test saves its screenshots (the test's own temporary folder)."""
    return tmp_path / "screenshots"
