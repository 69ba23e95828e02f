"""Build the web pages' Site for `backbone serve`: its key, addresses and each platform's keys."""

from __future__ import annotations

from collections.abc import Callable

from bot.deps import Deps
from bot.port import Ports
from bot.services.ballots import server_key
from bot.settings import Settings
from bot.web import Mount
from bot.webpages.app import Site, webpages_mount
from storage.web_keys import web_key


def ballot_keys(settings: Settings) -> dict[str, bytes]:
    """Return each platform's anonymous-ballot key, derived as its chat buttons derive it."""
    keys = {"slack": server_key(settings.signing_secret or settings.app_token)}
    if settings.teams is not None:
        keys["teams"] = server_key(settings.teams.app_password)
    return keys


def make_site(
    deps: Deps, *, public_url: str, keys: dict[str, bytes], ports: Callable[[], Ports] | None
) -> Site:
    """Return the pages' Site, with the stored signing key (made now if there is none)."""
    with deps.transaction() as session:
        key = web_key(session, now=deps.now())
    return Site(deps=deps, public_url=public_url, key=key, ballot_keys=keys, ports=ports)


def pages_mount(settings: Settings, deps: Deps, *, ports: Callable[[], Ports] | None) -> Mount:
    """Return the web pages' part of `backbone serve`."""
    site = make_site(deps, public_url=settings.pages_url, keys=ballot_keys(settings), ports=ports)
    return webpages_mount(site)
