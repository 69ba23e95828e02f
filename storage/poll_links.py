"""Queries for polls' web links: the open link of a poll, and its links for named people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Poll
from storage.web_models import PollLink, PollLinkPerson


def link_of_poll(session: Session, *, poll_id: int) -> PollLink | None:
    """Return a poll's link, or None when it has none."""
    return session.scalars(select(PollLink).where(PollLink.poll_id == poll_id)).one_or_none()


def link_by_code(session: Session, *, code: str) -> tuple[PollLink, Poll] | None:
    """Return the link with this code and its poll, or None."""
    statement = select(PollLink, Poll).join(Poll, Poll.id == PollLink.poll_id)
    row = session.execute(statement.where(PollLink.code == code)).one_or_none()
    return None if row is None else (row[0], row[1])


def add_link(
    session: Session, *, poll: Poll, code: str, language: str, by: str, now: datetime
) -> PollLink:
    """Store a poll's link."""
    link = PollLink(
        poll_id=poll.id, team_id=poll.team_id, code=code, language=language,
        open_votes=True, created_by=by, created_at=now,
    )  # fmt: skip
    session.add(link)
    session.flush()
    return link


def add_people(
    session: Session, *, link: PollLink, labels: list[str], now: datetime
) -> list[PollLinkPerson]:
    """Store one link per named person, and stop the open link taking votes."""
    people = [
        PollLinkPerson(link_id=link.id, team_id=link.team_id, label=label, created_at=now)
        for label in labels
    ]
    session.add_all(people)
    link.open_votes = False
    session.flush()
    return people


def person_of(session: Session, *, link_id: int, person_id: int) -> PollLinkPerson | None:
    """Return a named person's link of this poll link, or None."""
    person = session.get(PollLinkPerson, person_id)
    return person if person is not None and person.link_id == link_id else None


def people_of(session: Session, *, link_id: int) -> list[PollLinkPerson]:
    """Return a link's named people, in the order they were added."""
    statement = select(PollLinkPerson).where(PollLinkPerson.link_id == link_id)
    return list(session.scalars(statement.order_by(PollLinkPerson.id)))
