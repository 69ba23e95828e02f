"""Polls answered by link, the chat side: a poll's web address, its QR code, links for people.

The link is `{public_url}/p/<code>`; a named person's is that and their signed token
(bot/webpages/tokens.py, the key kept in the database by storage/web_keys.py). The QR code
is a PNG shared in the poll's thread through the port, so it can be printed or shown on a
screen. Only the poll's creator (or an admin) shares its link or makes links for people.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import segno

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.link_tokens import new_code, person_token
from bot.port import ChatError, ChatPort, PostRef
from bot.services import polls as service
from bot.services.actions import Actor
from bot.services.privacy import refuse_personal_data
from storage import poll_links as store
from storage.models import Poll
from storage.web_keys import web_key

log = logging.getLogger(__name__)
MAX_PEOPLE = 50
MAX_LABEL = 80


@dataclass(frozen=True)
class Shared:
    """A poll's web address, and the page's language."""

    url: str
    language: str
    made: bool  # made now (False: the poll had one already)
    open_votes: bool = True  # False once there are links for named people


def share_link(deps: Deps, poll: Poll, *, by: str, language: str | None) -> Shared:
    """Return a poll's web address, making it first if it has none."""
    with deps.transaction() as session:
        link = store.link_of_poll(session, poll_id=poll.id)
        made = link is None
        if link is None:
            link = store.add_link(session, poll=poll, code=new_code(), language=language or "en",
                                  by=by, now=deps.now())  # fmt: skip
        elif language is not None and language != link.language:
            link.language = language
        return Shared(f"{deps.public_url}/p/{link.code}", link.language, made, link.open_votes)


def read_labels(lines: list[str]) -> list[str]:
    """Return the labels of the people to make links for, or raise InvalidInput."""
    labels = [" ".join(label.split()) for label in lines if label.strip()]
    if not labels:
        raise InvalidInput('Who are the links for? Give each a label, like "Advisor 1".')
    if len(labels) > MAX_PEOPLE:
        raise InvalidInput(f"That is {len(labels)} people; make up to {MAX_PEOPLE} at a time.")
    for label in labels:
        if len(label) > MAX_LABEL:
            raise InvalidInput(f"“{label[:20]}…” is long; keep each label under {MAX_LABEL}.")
    refuse_personal_data(*labels, what="those labels")
    if len({label.casefold() for label in labels}) < len(labels):
        raise InvalidInput("Two people have the same label. Give each one their own.")
    return labels


def people_links(deps: Deps, poll: Poll, *, by: str, labels: list[str]) -> list[tuple[str, str]]:
    """Make one signed link per label; the open link stops taking votes. Return (label, url)."""
    share_link(deps, poll, by=by, language=None)
    with deps.transaction() as session:
        link = store.link_of_poll(session, poll_id=poll.id)
        assert link is not None
        people = store.add_people(session, link=link, labels=labels, now=deps.now())
        key = web_key(session, now=deps.now())
        base = f"{deps.public_url}/p/{link.code}"
        return [(p.label, f"{base}/{person_token(key, code=link.code, person_id=p.id)}")
                for p in people]  # fmt: skip


def require_shareable(poll: Poll, actor: Actor) -> None:
    """Raise unless the person may share this poll and it is still open."""
    service.require_manage(poll, actor, doing="share it on the web")
    service.require_open(poll)


def qr_png(url: str) -> bytes:
    """Return a QR code of `url` as a PNG, big enough to print or to scan from a screen."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def post_qr(port: ChatPort, poll: Poll, url: str) -> bool:
    """Share the link's QR code in the poll's thread (or its channel); False if refused."""
    thread = PostRef(poll.channel_id, poll.message_ts) if poll.message_ts else None
    try:
        port.upload_image(
            poll.channel_id, qr_png(url), name=f"{poll.code}-qr-code",
            title=f"Scan to answer {poll.code} on the web",
            alt=f"A QR code that opens the web page of {poll.code}", thread=thread,
        )  # fmt: skip
    except ChatError as error:
        log.warning("could not share the QR code of %s: %s", poll.code, error.reason)
        return False
    return True
