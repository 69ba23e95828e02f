"""`/p/<code>` and `/p/<code>/<person token>`: a poll answered on the web.

GET shows the question as a form (radio buttons, or checkboxes for `multi`), what this browser
or person chose so far, and the counts exactly as chat shows them. POST checks the form token
(tied to the browser's cookie), records the vote with the chat votes, and answers with a
redirect to the page (so reloading never sends it twice). A closed poll, a link for named
people only, a bad personal link, and a stale form each get their own plain page.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.errors import InvalidInput
from bot.link_tokens import (
    BROWSER_COOKIE,
    CODE,
    browser_voter,
    form_token,
    form_token_good,
    new_browser,
    person_voter,
    read_person_token,
)
from bot.services import poll_votes, web_votes
from bot.services.web_votes import PollClosed
from bot.webpages.app import Route, Site
from bot.webpages.http import Reply, Request
from bot.webpages.poll_redraw import redraw_later
from bot.webpages.poll_view import moment, results_values, shown_text
from storage import poll_links
from storage.models import Poll
from storage.web_models import PollLink, PollLinkPerson
from storage.workspaces import platform_of

log = logging.getLogger(__name__)
LINK = re.compile(rf"/p/({CODE})(?:/([A-Za-z0-9_-]{{1,40}}))?")
COOKIE_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


@dataclass(frozen=True)
class Visit:
    """Who opened which poll's link: the link, the poll, the named person, the browser."""

    link: PollLink
    poll: Poll
    person: PollLinkPerson | None
    browser: str
    new_browser: bool

    @property
    def language(self) -> str:
        return self.link.language

    def voter(self, site: Site) -> str | None:
        """Return who this visit votes as; None where the link takes no vote from it."""
        if self.person is not None:
            return person_voter(self.person.id)
        return browser_voter(site.key, browser=self.browser) if self.link.open_votes else None


def visit_of(site: Site, request: Request, match: re.Match[str]) -> Visit | Reply:
    """Find the link, its poll and its named person; or the plain page saying what is wrong."""
    code, token = match.group(1), match.group(2)
    with site.deps.transaction() as session:
        found = poll_links.link_by_code(session, code=code)
        if found is None:
            return site.kind_page(404, "not_found", language=_asked_language(request))
        link, poll = found
        person = None
        if token is not None:
            person_id = read_person_token(site.key, code=code, token=token)
            person = person_of(session, link.id, person_id)
            if person is None:
                return site.kind_page(404, "bad_person", language=link.language)
        session.expunge_all()
    browser = request.cookies.get(BROWSER_COOKIE, "")
    fresh = len(browser) < 16
    return Visit(link, poll, person, new_browser() if fresh else browser, fresh)


def person_of(session: Session, link_id: int, person_id: int | None) -> PollLinkPerson | None:
    """Return the named person a token names, or None."""
    if person_id is None:
        return None
    return poll_links.person_of(session, link_id=link_id, person_id=person_id)


def _asked_language(request: Request) -> str:
    """Return the language a browser asks for first, where the link cannot say."""
    return "es" if request.accept_language.strip().lower().startswith("es") else "en"


def show(site: Site, request: Request, match: re.Match[str]) -> Reply:
    """Show a poll's page."""
    visit = visit_of(site, request, match)
    if isinstance(visit, Reply):
        return visit
    return _page(site, request, visit, error=None, status=200)


def _page(site: Site, request: Request, visit: Visit, *, error: str | None, status: int) -> Reply:
    poll, voter = visit.poll, visit.voter(site)
    if poll.closed_at is not None:
        return _closed(site, visit)
    if voter is None:
        return site.kind_page(403, "people_only", language=visit.language)
    key = site.ballot_keys.get(platform_of(poll.team_id), b"")
    with site.deps.transaction() as session:
        chosen = web_votes.web_choices(session, poll=poll, voter=voter, key=key)
        counted = None if poll.hidden else poll_votes.tally(session, poll=poll)
    options = [shown_text(option) for option in poll.options]
    reply = site.render(
        "poll.html", language=visit.language, status=status,
        question=shown_text(poll.question), path=request.path, multi=poll.multi,
        token=form_token(site.key, browser=visit.browser, path=request.path),
        chosen=chosen, chosen_words=", ".join(options[i] for i in chosen), error=error,
        person=visit.person is not None, anonymous=poll.anonymous,
        thanked="voted" in request.query and bool(chosen),
        closes=moment(poll.closes_at, zone=poll.tz, language=visit.language)
        if poll.closes_at else None,
        **results_values(poll, counted, closed=False),
    )  # fmt: skip
    return _with_cookie(reply, visit, secure=site.public_url.startswith("https:"))


def _closed(site: Site, visit: Visit) -> Reply:
    poll = visit.poll
    counted = poll_votes.stored_tally(poll) if poll.results is not None else None
    return site.render(
        "closed.html", language=visit.language, question=shown_text(poll.question),
        **results_values(poll, counted, closed=True),
    )  # fmt: skip


def _with_cookie(reply: Reply, visit: Visit, *, secure: bool) -> Reply:
    if visit.new_browser:
        flags = f"Path=/p/; Max-Age={COOKIE_AGE}; HttpOnly; SameSite=Lax" + (
            "; Secure" if secure else ""
        )
        reply.headers.append(("Set-Cookie", f"{BROWSER_COOKIE}={visit.browser}; {flags}"))
    return reply


def vote(site: Site, request: Request, match: re.Match[str]) -> Reply:
    """Record a vote sent from a poll's page, then show the page again."""
    visit = visit_of(site, request, match)
    if isinstance(visit, Reply):
        return visit
    token = request.field("token")
    if visit.new_browser or not form_token_good(
        site.key, browser=visit.browser, path=request.path, token=token
    ):
        return site.kind_page(403, "expired", language=visit.language)
    poll, voter = visit.poll, visit.voter(site)
    if poll.closed_at is not None:
        return _closed(site, visit)
    if voter is None:
        return site.kind_page(403, "people_only", language=visit.language)
    try:
        chosen = web_votes.check_choice(poll, request.fields("option"))
    except InvalidInput as problem:
        return _page(site, request, visit, error=problem.message, status=400)
    return _record(site, request, visit, voter, chosen)


def _record(site: Site, request: Request, visit: Visit, voter: str, chosen: list[int]) -> Reply:
    poll = visit.poll
    key = site.ballot_keys.get(platform_of(poll.team_id), b"")
    try:
        with site.deps.transaction() as session:
            web_votes.cast_web_vote(
                session, poll=poll, voter=voter, chosen=chosen, key=key, at=site.deps.now()
            )
    except PollClosed:
        return _closed(site, visit)
    log.info("a web vote in %s", poll.code)
    redraw_later(site, poll.id)
    return Reply("303 See Other", b"", headers=[("Location", f"{request.path}?voted=1")])


def register(routes: list[Route]) -> None:
    """Add the poll pages' routes."""
    routes.append(Route("GET", LINK, show, link_group=1))
    routes.append(Route("POST", LINK, vote, link_group=1))
