"""Showing people their Home: when they open it, and again after changes that concern them.

Redraws after changes are coalesced (`bot.coalesce`): a burst of changes for one person draws
their Home once or twice, never once per change, and the last draw reads the state after the
last change. Each draw reads the person and their items afresh.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.messages.home import home_page
from bot.messages.parts import HomePage
from bot.messages.spans import Line
from bot.port import ChatError, ChatPort
from bot.services.directory import zone_of
from bot.services.home import gather_home
from storage.models import Person
from storage.people import get_person, home_viewers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Ask:
    """A redraw asked for: through which port, and a notice to top the Home with."""

    port: ChatPort
    notice: Line | None = None


def refresh_homes(
    deps: Deps,
    port: ChatPort,
    *,
    team_id: str,
    user_ids: Collection[str],
    notices: Mapping[str, Line] | None = None,
) -> None:
    """Show again the Homes of these people who have one; `notices` tops someone's Home.

    Someone in `notices` clicked in their Home, so it is shown even if we missed its opening.
    """
    notices = notices or {}
    with deps.transaction() as session:
        shown = viewers_among(session, team_id=team_id, user_ids={*user_ids, *notices})
    redraw_homes(deps, port, team_id=team_id, user_ids=shown, notices=notices)


def viewers_among(session: Session, *, team_id: str, user_ids: Collection[str]) -> set[str]:
    """Return those of these people who have a Home to show again (in a caller's transaction)."""
    return {person.user_id for person in home_viewers(session, team_id=team_id,
                                                      user_ids=sorted(user_ids))}  # fmt: skip


def redraw_homes(
    deps: Deps,
    port: ChatPort,
    *,
    team_id: str,
    user_ids: Collection[str],
    notices: Mapping[str, Line] | None = None,
) -> None:
    """Show again the Homes of these people, known to have one (see `viewers_among`)."""
    notices = notices or {}
    for user_id in sorted({*user_ids, *notices}):
        deps.homes.ask(
            (team_id, user_id),
            _Ask(port, notices.get(user_id)),
            merge=_latest,
            schedule=deps.later,
            run=lambda key, ask: _redraw(deps, key, ask),
        )


def _latest(kept: _Ask, new: _Ask) -> _Ask:
    """Merge two asks for one Home: the newest, keeping a notice not yet shown."""
    return kept if new.notice is None and kept.notice is not None else new


def _redraw(deps: Deps, key: tuple[str, str], ask: _Ask) -> None:
    """Draw one Home as things are now; a failure is logged and the next change redraws it.

    The person and their page are read in one transaction: a redraw is one unit of work.
    """
    team_id, user_id = key
    try:
        with deps.transaction() as session:
            person = get_person(session, team_id=team_id, user_id=user_id)
            shown = _page(deps, session, person, ask.notice) if person is not None else None
        if shown is not None:
            _show(ask.port, user_id, shown)
    except Exception:  # queued work has no listener to report to: logged with its key
        log.exception("could not redraw the Home of %s in %s", user_id, team_id)


def publish_home(deps: Deps, port: ChatPort, person: Person, *, notice: Line | None = None) -> None:
    """Show a person their Home as things are now, in their zone."""
    with deps.transaction() as session:
        shown = _page(deps, session, person, notice)
    _show(port, person.user_id, shown)


def _page(deps: Deps, session: Session, person: Person, notice: Line | None) -> HomePage:
    """Read and lay out a person's Home, in their zone."""
    now, zone = deps.now(), zone_of(person, deps.default_zone)
    page = gather_home(
        session,
        team_id=person.team_id,
        user_id=person.user_id,
        now=now,
        zone=zone,
        away_until=person.away_until,
    )
    return home_page(page, now=now, zone=zone.key, notice=notice)


def _show(port: ChatPort, user_id: str, shown: HomePage) -> None:
    try:
        port.show_home(user_id, shown)
    except ChatError as error:  # the Home shows what is stored: the next open redraws it
        log.warning("could not publish a Home tab: %s", error.reason)
