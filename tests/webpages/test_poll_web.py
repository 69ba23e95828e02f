"""A poll's web page over real HTTP: its protections, and bad input of every kind.

Every answer carries the security headers; a form without its browser's token, a body too
big, a caller over the limit, junk of every shape: a plain page, nothing stored, never a 5xx
or a traceback. Link codes, tokens and cookies never reach the log.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text

from storage.models import PollBallot, PollVote
from tests.support.harness import MARIA, Harness
from tests.support.web import Browser, links_in, raw

SECURITY = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def made(backbone: Harness, flags: str = "anonymous link") -> str:
    backbone.command(f'"Which day suits intake?" "Tuesday" "Thursday" {flags}', command="/poll")
    (link,) = links_in([e.text for e in backbone.emulator.ephemerals(MARIA)])
    return link


def stored(backbone: Harness) -> tuple[int, int]:
    with backbone.database() as session:
        ballots = len(list(session.scalars(select(PollBallot))))
        return ballots, len(list(session.scalars(select(PollVote))))


def security_of(headers: dict[str, str]) -> dict[str, str]:
    return {name: headers[name] for name in SECURITY if name in headers}


def test_every_kind_of_answer_carries_the_security_headers(backbone: Harness) -> None:
    link, phone = made(backbone), Browser()
    base = backbone.server.base_url
    for page in (
        phone.get(link),
        phone.vote(link, "Tuesday"),
        phone.get(f"{base}/p/nothing-here"),
        phone.get(f"{base}/s/site.css"),
        phone.post(link, [("token", "forged"), ("option", "0")]),
    ):
        assert security_of(page.headers) == SECURITY, page.url


def test_the_browser_cookie_is_private_to_the_pages(backbone: Harness) -> None:
    page = Browser().get(made(backbone))
    cookie = page.headers["Set-Cookie"]
    assert cookie.startswith("bb_browser=")
    assert cookie.endswith("; Path=/p/; Max-Age=34560000; HttpOnly; SameSite=Lax")
    assert page.headers["Cache-Control"] == "no-store"


def test_a_form_without_its_browsers_token_is_refused(backbone: Harness) -> None:
    link, mine, theirs = made(backbone), Browser(), Browser()
    token = mine.get(link).token
    theirs.get(link)
    assert token is not None
    for who, fields in (
        (theirs, [("token", token), ("option", "0")]),  # another browser's token: CSRF
        (mine, [("option", "0")]),  # no token at all
        (Browser(), [("token", token), ("option", "0")]),  # no cookie: a forged cross-site post
    ):
        page = who.post(link, fields)
        assert (page.status, "Please open the link again") == (403, page.text.split(" · ")[0])
    assert stored(backbone) == (0, 0)


BAD_FORMS = [
    ([("option", "7")], "That answer is not part of this poll any more"),  # why: a stale page
    ([("option", "abc")], "That answer is not part of this poll any more"),  # why: hand-made
    ([("option", "-1")], "That answer is not part of this poll any more"),  # why: negative
    ([("option", "0"), ("option", "1")], "Please pick only one answer"),  # why: single choice
    ([], "Please pick an answer first"),  # why: pressed Send without picking
    ([("option", "")], "Please pick an answer first"),  # why: an empty value
]


@pytest.mark.parametrize(("fields", "said"), BAD_FORMS)
def test_a_bad_choice_says_what_to_do_and_stores_nothing(
    backbone: Harness, fields: list[tuple[str, str]], said: str
) -> None:
    link, phone = made(backbone), Browser()
    token = phone.get(link).token
    assert token is not None
    page = phone.post(link, [("token", token), *fields])
    assert page.status == 400
    assert said in page.text
    assert 'role="alert"' in page.html
    assert stored(backbone) == (0, 0)


JUNK = [
    ("GET", "/p/", b"", {}),  # why: a link cut short
    ("GET", "/p/../../etc/passwd", b"", {}),  # why: a path that climbs
    ("GET", "/p/" + "A" * 16 + "/1-" + "B" * 22, b"", {}),  # why: a forged personal token
    ("GET", "/p/%F0%9F%98%80", b"", {}),  # why: an emoji in the path
    ("PUT", "/p/" + "A" * 16, b"x", {}),  # why: a method the pages do not take
    ("DELETE", "/s/site.css", b"", {}),  # why: nor here
    ("GET", "/p/" + "x" * 3000, b"", {}),  # why: an address far too long
    ("POST", "/p/" + "A" * 16, b"\xff\xfe\x00junk", {"Content-Type": "text/plain"}),  # why: bytes
    ("GET", "/p/" + "A" * 16, b"", {"Cookie": 'bb_browser="; ;;='}),  # why: a broken cookie
    ("POST", "/p/" + "A" * 16, b"a=1&" * 3000, {}),  # why: thousands of fields
    ("GET", "/p/" + "A" * 16 + "?" + "v=1&" * 300, b"", {}),  # why: a query of many fields
]


@pytest.mark.parametrize(("method", "path", "body", "headers"), JUNK)
def test_junk_gets_a_plain_page_never_a_server_error(
    backbone: Harness, method: str, path: str, body: bytes, headers: dict[str, str]
) -> None:
    made(backbone)
    status, answer = raw(backbone.server.base_url, method, path, body, **headers)
    assert 400 <= status < 500, (status, answer[:200])
    assert b"Traceback" not in answer and b"<html lang=" in answer
    assert stored(backbone) == (0, 0)


def test_a_body_bigger_than_a_vote_is_refused_unread(backbone: Harness) -> None:
    link = made(backbone)
    path = link.removeprefix(backbone.server.base_url)
    status, answer = raw(backbone.server.base_url, "POST", path, b"option=0&" * 2000,
                         **{"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert status == 413 and b"That was too much to send" in answer
    assert stored(backbone) == (0, 0)


def test_too_many_votes_from_one_address_are_asked_to_wait(backbone: Harness) -> None:
    link = made(backbone)
    answers = [Browser().post(link, [("option", "0")]).status for _ in range(11)]
    assert answers == [403] * 10 + [429]  # ten sends a minute; the eleventh waits
    page = Browser().post(link, [("option", "0")])
    assert page.headers["Retry-After"] == "60"
    assert "Please wait a minute" in page.text
    assert Browser().get(link).status == 200  # reading the page has its own allowance


def test_what_people_typed_is_shown_as_words(backbone: Harness) -> None:
    backbone.command('"<script>alert(1)</script> & more?" "<b>A</b>" "B" link', command="/poll")
    (link,) = links_in([e.text for e in backbone.emulator.ephemerals(MARIA)])
    page = Browser().get(link)
    assert "<script>" not in page.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.html
    assert [label for _, label, _ in page.options] == ["<b>A</b>", "B"]


def test_codes_tokens_and_cookies_never_reach_the_log(
    backbone: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    link = made(backbone)
    backbone.command('people P-1 "Advisor 1"', command="/poll")
    personal = [found for found in links_in([e.text for e in backbone.emulator.ephemerals(MARIA)])
                if found != link]  # fmt: skip
    caplog.set_level(logging.DEBUG)
    phone = Browser()
    phone.vote(personal[0], "Thursday")
    cookie = str(next(iter(phone.jar)).value)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "a web vote in P-1" in logged
    code = link.rsplit("/", 1)[1]
    for secret in (code, personal[0].rsplit("/", 1)[1], cookie):
        assert secret not in logged


def test_a_failure_shows_a_kind_page_with_a_reference(
    backbone: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    link = made(backbone)
    with backbone.database() as session:  # the table is gone: every lookup fails
        session.execute(text("DROP TABLE poll_link_people"))
        session.execute(text("DROP TABLE poll_links"))
    page = Browser().get(link)
    assert page.status == 500
    assert "Something went wrong" in page.text and "Reference:" in page.text
    assert "Traceback" not in page.html and "poll_links" not in page.html
    assert "web page failed (reference" in caplog.text and link not in caplog.text


def test_a_multi_poll_takes_every_pick_and_the_digest_counts_web_votes(backbone: Harness) -> None:
    link = made(backbone, "multi link")
    page = Browser().vote(link, "Tuesday", "Thursday")
    assert "Your vote now: Tuesday, Thursday." in page.text
    Browser().vote(link, "Thursday")
    backbone.command("close P-1", command="/poll")
    backbone.command("preview", command="/digest")
    digest = backbone.emulator.responses()[-1]["body"]["text"]
    assert (
        "P-1 Which day suits intake? — 2 people voted: Tuesday 1 (50%) · Thursday 2 (100%)"
        in digest
    )
    with backbone.database() as session:
        from storage.models import Poll

        (poll,) = session.scalars(select(Poll))
        assert poll.results == {"counts": [1, 2], "voters": 2}


def test_a_bad_link_speaks_the_browsers_language(backbone: Harness) -> None:
    base = backbone.server.base_url
    spanish = Browser(language="es-MX,es;q=0.9").get(f"{base}/p/{'Z' * 16}")
    assert (spanish.status, '<html lang="es">' in spanish.html) == (404, True)
    assert "No encontramos esta página" in spanish.text
    english = Browser(language="en-US").get(f"{base}/p/{'Z' * 16}")
    assert "We can't find this page" in english.text
