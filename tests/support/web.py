"""A browser for tests, over real HTTP: its own cookies, reading a page's form, sending it.

No JavaScript, as the pages need none: it reads the HTML, keeps cookies as a browser does,
sends the form's hidden token with the chosen options, and follows the page's redirect.
"""

from __future__ import annotations

import html
import http.client
import http.cookiejar
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

LINK = re.compile(r"https?://[^\s<>|()\[\]]+?/p/[A-Za-z0-9_-]{16}(?:/[0-9]+-[A-Za-z0-9_-]{22})?")


@dataclass
class Page:
    """A page as a browser got it: status, headers, body, and its form's parts."""

    status: int
    headers: dict[str, str]
    html: str
    url: str
    token: str | None = None
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # value, label, checked

    @property
    def text(self) -> str:
        """The words on the page as a person reads them: tags left out, spaces joined."""
        words = " ".join(re.sub(r"<[^>]+>", " ", self.html).split())
        return html.unescape(re.sub(r" ([.,;:!?)])", r"\1", words))


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.token: str | None = None
        self.options: list[tuple[str, str, bool]] = []
        self._label: list[str] | None = None
        self._input: tuple[str, bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("name") == "token":
            self.token = found.get("value")
        elif tag == "input" and found.get("name") == "option":
            self._input = (str(found.get("value")), "checked" in found)
        elif tag == "label":
            self._label = []

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label is not None and self._input is not None:
            self.options.append((self._input[0], " ".join("".join(self._label).split()),
                                 self._input[1]))  # fmt: skip
            self._label, self._input = None, None


class _Keep(urllib.request.HTTPRedirectHandler):
    """Follow redirects as browsers do after a form (303: GET the new place)."""


class Browser:
    """One browser: its own cookie jar, so two Browsers are two phones."""

    def __init__(self, *, language: str = "en-US,en;q=0.9") -> None:
        self.jar = http.cookiejar.CookieJar()
        self.language = language
        self._open = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _Keep()
        ).open

    def get(self, url: str) -> Page:
        """Open a page."""
        return self._send(urllib.request.Request(url, headers=self._headers()))

    def post(self, url: str, fields: list[tuple[str, str]]) -> Page:
        """Send a form (as fields, in order) to a page."""
        body = urlencode(fields).encode()
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        return self._send(urllib.request.Request(url, data=body, headers=headers, method="POST"))

    def vote(self, url: str, *labels: str) -> Page:
        """Open a poll's page, pick the options with these labels, and send the form."""
        page = self.get(url)
        assert page.token is not None, page.text
        chosen = [value for value, label, _ in page.options if label in labels]
        assert len(chosen) == len(labels), (labels, page.options)
        return self.post(url, [("token", page.token), *(("option", v) for v in chosen)])

    def _headers(self) -> dict[str, str]:
        return {"Accept-Language": self.language, "User-Agent": "tests"}

    def _send(self, request: urllib.request.Request) -> Page:
        try:
            answer: Any = self._open(request, timeout=10)
        except urllib.error.HTTPError as refused:
            answer = refused
        with answer:
            body = answer.read().decode()
            page = Page(answer.status, dict(answer.headers.items()), body, answer.geturl())
        parsed = _Form()
        parsed.feed(body)
        page.token, page.options = parsed.token, parsed.options
        return page


def raw(base: str, method: str, path: str, body: bytes = b"", **headers: str) -> tuple[int, bytes]:
    """Send one request exactly as given (no cookies, no redirects); its status and body."""
    host = base.removeprefix("http://")
    connection = http.client.HTTPConnection(host, timeout=10)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def links_in(texts: list[str]) -> list[str]:
    """Every poll link in some texts, in order, each once."""
    found: list[str] = []
    for text in texts:
        for link in LINK.findall(text.replace("&amp;", "&")):
            if link not in found:
                found.append(link)
    return found
