"""Take the screenshots of Backbone's web pages that docs/ and the README show.

    .venv/bin/python -m tests.support.screenshots            # into docs/screenshots/
    .venv/bin/python -m tests.support.screenshots OUT_DIR

The pages are the real ones: a Backbone served on this machine with the Slack emulator, a poll
shared by link that three people answered in chat, and a channel with a year of goals and
twelve weeks of work made public (tests/support/web_scenes.py). Headless Chromium (Debian's
`chromium` and `chromium-driver`) takes each page whole, at a phone's and a desktop's size,
and the progress page as it prints.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from storage.db import make_engine
from storage.migrate import upgrade
from tests.conftest import FakeClock
from tests.support.browser import (
    DESKTOP,
    PHONE,
    Browser,
    clean_tab,
    missing_browser,
    start_chromium,
)
from tests.support.harness import JOE, PAT, Harness, running_backbone
from tests.support.web_scenes import busy_channel, shared_poll, voted_in_chat

DOCS = Path(__file__).parents[2] / "docs" / "screenshots"


def poll_page(backbone: Harness) -> str:
    """An anonymous poll by link that three people answered in chat: its results show."""
    poll, link = shared_poll(backbone)
    voted_in_chat(backbone, poll, {JOE: 0, PAT: 1, "UADMIN": 1})
    return link


def take(tab: Browser, pages: dict[str, str], out: Path) -> list[Path]:
    """Save each page whole at each size, and the progress page as it prints."""
    saved: list[Path] = []
    for size in (PHONE, DESKTOP):
        tab.resize(size)
        for name, address in pages.items():
            tab.open(address)
            saved.append(tab.screenshot(out / f"{name}-{size.name}.png"))
    tab.open(pages["progress"])
    saved.append(tab.print_preview(out / "progress-print.png"))
    return saved


def main(argv: list[str]) -> int:
    """Take the screenshots into the folder named (docs/screenshots by default)."""
    missing = missing_browser()
    if missing is not None:
        print(f"screenshots: {missing}", file=sys.stderr)
        return 1
    out = Path(argv[0]) if argv else DOCS
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'backbone.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        driver = start_chromium(Path(scratch))
        try:
            with running_backbone(url, FakeClock()) as backbone:
                pages = {"poll": poll_page(backbone), "progress": busy_channel(backbone)}
                saved = take(clean_tab(driver, backbone.server.base_url), pages, out)
        finally:
            driver.quit()
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
