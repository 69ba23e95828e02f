"""The progress page over real HTTP: fetch its pages, publish a channel, read its codes.

The harness (tests/support/harness.py) serves the pages beside Slack's routes, as `backbone
serve` does (bot/webpages/site.py): charts come from the chart worker, as in production.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from storage.models import ProgressPage
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


def pages_of(backbone: Harness) -> Pages:
    """The web pages of the served Backbone (the same server as its Slack routes)."""
    return Pages(backbone.server.base_url)


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
