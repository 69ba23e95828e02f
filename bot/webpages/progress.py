"""`/progress/<code>`: a channel's public progress page, and its goals' run charts.

The page reads the records on every request, so it is as live as the chat; unpublishing
deletes the address, so the next request (page or chart) gets the kind "not shared now" page.
Charts are drawn by the chart worker (bot/chart_worker.py: no plotting library in serve) and
kept in a small in-process cache keyed by what they show, so a page view costs one drawing
only when a goal's numbers changed.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import OrderedDict
from functools import cache, partial

from bot.chart_worker import ChartFailed, Drawer
from bot.services.goal_charts import chart_spec
from bot.services.goals import picture_of
from bot.services.progress_view import progress_view
from bot.webpages import progress_words
from bot.webpages.app import HERE, Route, Site
from bot.webpages.http import Reply, Request
from bot.webpages.words import add_words, words_for
from storage import goals as goal_store
from storage import progress_pages as store

log = logging.getLogger(__name__)
CODE = r"([A-Za-z0-9_-]{22})"  # bot/services/progress_commands.py: 16 random bytes, URL-safe
PAGE = re.compile(rf"/progress/{CODE}")
CHART = re.compile(rf"/progress/{CODE}/G-(\d{{1,9}})\.png")
STYLE = re.compile(r"/s/progress\.css")
CHARTS_KEPT = 64


class ChartCache:
    """The last few charts drawn, by their description: bounded, shared by the server's threads."""

    def __init__(self, size: int = CHARTS_KEPT) -> None:
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def png(self, spec: dict[str, object], draw: Drawer) -> bytes:
        """Return the chart for a description, drawing it only when it is new."""
        key = json.dumps(spec, sort_keys=True)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        png = draw("run_chart", spec)
        with self._lock:
            self._kept[key] = png
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return png


def show_page(site: Site, _request: Request, match: re.Match[str]) -> Reply:
    """Answer a progress page, or the kind page when it is not (or no longer) shared."""
    with site.deps.transaction() as session:
        page = store.page_at(session, code=match.group(1))
        if page is None:
            return site.kind_page(404, "gone")
        language = page.language
        fewer = words_for(language)["fewer"]
        view = progress_view(session, page=page, now=site.deps.now(),
                             default_zone=site.deps.default_zone, fewer=fewer)  # fmt: skip
    return site.render(
        "progress.html", language=language, view=view, code=match.group(1),
        day=partial(progress_words.day_words, language=language),
        goal_words=partial(progress_words.goal_words, language=language),
    )  # fmt: skip


def show_chart(site: Site, _request: Request, match: re.Match[str], *, charts: ChartCache) -> Reply:
    """Answer a goal's run chart, as a PNG, while its channel's page is shared."""
    with site.deps.transaction() as session:
        page = store.page_at(session, code=match.group(1))
        if page is None:
            return site.kind_page(404, "gone")
        goal = goal_store.get_goal(session, team_id=page.team_id, number=int(match.group(2)))
        if goal is None or goal.channel_id != page.channel_id:
            return site.kind_page(404, "not_found")
        picture = picture_of(session, goal=goal)
        spec = chart_spec(picture, site.deps.now().date()) if picture.values else None
    if spec is None:
        return site.kind_page(404, "not_found")
    try:
        png = charts.png(spec, site.deps.charts)
    except ChartFailed as error:
        log.warning("a progress page's chart was not drawn: %s", error.reason)
        return site.kind_page(500, "problem", reference="chart")
    return Reply("200 OK", png, "image/png", cache="private, max-age=60")


@cache
def _style() -> bytes:
    return (HERE / "static" / "progress.css").read_bytes()


def style(_site: Site, _request: Request, _match: re.Match[str]) -> Reply:
    """Answer the progress page's style sheet (screen and print)."""
    return Reply("200 OK", _style(), "text/css; charset=utf-8", cache="public, max-age=86400")


def register(routes: list[Route]) -> None:
    """Add the progress page's routes and words."""
    add_words("en", progress_words.ENGLISH)
    add_words("es", progress_words.SPANISH)
    charts = ChartCache()
    routes.append(Route("GET", STYLE, style))
    routes.append(Route("GET", PAGE, show_page, link_group=1))
    routes.append(Route("GET", CHART, partial(show_chart, charts=charts), link_group=1))
