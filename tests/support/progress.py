"""The progress page over real HTTP: the web pages' Mount on its own server, on the app's database.

The chat side is the usual harness (tests/support/harness.py); these serve the pages as
`backbone serve` does (bot/webpages/site.py), reading the same database with the same clock.
Charts are drawn in the test's own process (the worker's drawing code, without the process).
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.chart_worker import draw_in_process
from bot.deps import Deps
from bot.web import HttpServer, make_server_app
from bot.webpages.app import Site, webpages_mount
from storage.db import make_engine, make_session_factory
from storage.models import ProgressPage
from tests.conftest import FakeClock
from tests.support.harness import CASE, MARIA, Harness
from tests.support.records import read

ADDRESS = re.compile(r"/progress/[A-Za-z0-9_-]{22}")


@dataclass(frozen=True)
class Fetched:
    """One answer: status, headers and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode()


@dataclass(frozen=True)
class Pages:
    """The pages' server."""

    base_url: str

    def get(self, path: str) -> Fetched:
        """GET a path, whatever its status."""
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=60) as answer:
                return Fetched(answer.status, dict(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as error:
            return Fetched(error.code, dict(error.headers.items()), error.read())


@contextmanager
def serving_pages(database_url: str, clock: FakeClock) -> Iterator[Pages]:
    """Serve the web pages on port 0 until the block ends."""
    engine = make_engine(database_url)
    deps = Deps(make_session_factory(engine), clock=clock, charts=draw_in_process)
    site = Site(deps=deps, public_url="http://localhost:3000", key=b"k" * 32)
    server = HttpServer(make_server_app([webpages_mount(site)], healthy=lambda: True),
                        host="127.0.0.1", port=0).start()  # fmt: skip
    try:
        yield Pages(server.base_url)
    finally:
        server.stop()
        engine.dispose()


def publish(backbone: Harness, options: str = "", *, channel: str = CASE) -> str:
    """Type `/digest publish …` and return the page's path, read from the channel's post."""
    backbone.command(f"publish {options}".strip(), command="/digest", user=MARIA, channel=channel)
    said = backbone.emulator.messages(channel)[-1].text
    found = ADDRESS.search(said)
    assert found is not None, said
    return found.group(0)


def page_codes(backbone: Harness) -> list[str]:
    """The codes of every published page."""
    return read(backbone, lambda s: [p.code for p in s.query(ProgressPage).all()])
