"""`/s/site.css`: the pages' one style sheet (no script anywhere), cached for a day."""

from __future__ import annotations

import re
from functools import cache

from bot.webpages.app import HERE, Route, Site
from bot.webpages.http import Reply, Request

STYLE = "site.css"


@cache
def _style() -> bytes:
    return (HERE / "static" / STYLE).read_bytes()


def style(_site: Site, _request: Request, _match: re.Match[str]) -> Reply:
    """Answer the style sheet."""
    return Reply("200 OK", _style(), "text/css; charset=utf-8", cache="public, max-age=86400")


def register(routes: list[Route]) -> None:
    """Add the style sheet's route."""
    routes.append(Route("GET", re.compile(r"/s/site\.css"), style))
