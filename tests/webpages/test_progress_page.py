"""The public progress page, over real HTTP: what it shows, what it never shows, and taking it down.

The channel's records are made in chat (the Slack harness, signed slash commands and
reactions); the page is read from the same served Backbone, as a visitor's browser reads it.
"""

from __future__ import annotations

import html
import io
import logging
import re
from datetime import timedelta

import pytest
from PIL import Image

from storage.models import Goal, GoalValue, Workspace
from tests.support.harness import MARIA, PAT, TEAM, Harness
from tests.support.progress import (
    Pages,
    page_codes,
    pages_of,
    publish,
    seed_channel,
    seed_cycles,
)

NAMES = ("Maria", "Lopez", "Joe", "Tran", "Pat Kay", "UMARIA", "UJOE", "UPAT", "maria", "joe")


@pytest.fixture
def pages(backbone: Harness) -> Pages:
    return pages_of(backbone)


def words_of(html: str) -> str:
    """The page's words, tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_page_shows_the_channels_progress_and_no_one(backbone: Harness, pages: Pages) -> None:
    seed_channel(backbone)
    path = publish(backbone)
    page = pages.get(path)
    assert page.status == 200
    said = words_of(page.text)
    for part in (
        "Our progress",
        "Our north star Functional zero for veterans by December 2027",
        "Veterans housed",
        "Latest 22 (October)",  # 22: not a count under 11
        "Target 40",
        "Commitments, week by week",
        "Decisions",
        "Veterans on the list get the next two units a team member",  # the mention, unnamed
        "Which evening suits the advisory group?",
        "People who answered: fewer than 11",
        "Tuesday fewer than 11",
        "P-1: Tuesday it is — we meet Tuesdays at 6",
    ):
        assert part in said, part
    assert [n for n in NAMES if n in page.text] == []
    assert "renew the lease" not in said and "call the landlord" not in said  # titles hidden
    assert re.findall(r"\b([0-9]|10)\b(?! ?[%)])", _numbers_only(page.text)) == []


def _numbers_only(html: str) -> str:
    """The table's and the polls' counts (dates, years and the threshold aside)."""
    cells = re.findall(r"<td>([^<]*)</td>|<span class=\"count\">([^<]*)</span>", html)
    return " ".join(a or b for a, b in cells)


def test_every_answer_has_the_security_headers_and_the_chart_is_a_png(
    backbone: Harness, pages: Pages
) -> None:
    seed_channel(backbone)
    path = publish(backbone)
    page = pages.get(path)
    headers = {k.lower(): v for k, v in page.headers.items()}
    assert (headers["x-frame-options"], headers["referrer-policy"]) == ("DENY", "no-referrer")
    assert "script-src 'none'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"
    assert f'src="{path}/G-1.png"' in page.text
    chart = pages.get(f"{path}/G-1.png")
    assert (chart.status, chart.headers["Content-Type"]) == (200, "image/png")
    with Image.open(io.BytesIO(chart.body)) as image:
        assert image.format == "PNG"
    assert pages.get(f"{path}/G-1.png").body == chart.body  # the same numbers: the same picture


def test_unpublish_takes_the_page_and_its_charts_down_at_once(
    backbone: Harness, pages: Pages
) -> None:
    seed_channel(backbone)
    path = publish(backbone)
    assert pages.get(path).status == 200
    backbone.command("unpublish", command="/digest", user=PAT)
    gone, chart = pages.get(path), pages.get(f"{path}/G-1.png")
    assert (gone.status, chart.status) == (404, 404)
    assert "This page is not shared now" in gone.text
    assert "Traceback" not in gone.text and "Veterans" not in gone.text
    assert page_codes(backbone) == []


def test_the_page_is_live_titles_show_when_ticked_and_small_counts_follow_the_setting(
    backbone: Harness, pages: Pages
) -> None:
    seed_channel(backbone)
    path = publish(backbone)
    backbone.command("Street outreach moves to Thursdays", command="/decision")
    assert "Street outreach moves to Thursdays" in words_of(pages.get(path).text)
    assert publish(backbone, "show titles") == path  # the same address
    said = words_of(pages.get(path).text)
    assert "call the landlord about unit 4B" not in said  # not from a poll: never listed
    small_count(backbone, 2)  # Thursday's one vote is hidden, so the total must be too
    said = words_of(pages.get(path).text)
    assert "People who answered: — " in said and "Tuesday 2 Thursday fewer than 2" in said
    small_count(backbone, 1)
    said = words_of(pages.get(path).text)
    assert "People who answered: 3" in said and "Tuesday 2 (67%)" in said
    assert "Thursday 1 (33%)" in said


def small_count(backbone: Harness, threshold: int) -> None:
    with backbone.database() as session:
        workspace = session.get(Workspace, TEAM)
        assert workspace is not None
        workspace.small_count = threshold


def test_tests_of_change_say_what_was_tried_expected_and_learned(
    backbone: Harness, pages: Pages
) -> None:
    path = publish(backbone)
    assert "No tests of change yet." in words_of(pages.get(path).text)
    seed_cycles(backbone)
    page = pages.get(path).text
    said = words_of(page)
    assert (
        "Tests of change Small changes the team tried, what we expected, and what we learned. "
        "Walk-in hours on Saturdays Being tried now · From Nov 14 to Dec 12, 2026 "
        "We expected: Ten more people a month "
        "Text reminders the day before move-in a team member It worked: we are keeping it · "
        "From Oct 1 to Oct 31, 2026 We expected: Missed move-ins drop from 4 to 1 a month "
        "What happened: Missed move-ins dropped to 2 "
        "What we learned: People want the address in the text too"
    ) in said
    assert [n for n in NAMES if n in page] == []


def test_spanish_pages_speak_spanish(backbone: Harness, pages: Pages) -> None:
    seed_channel(backbone)
    backbone.clock.now += timedelta(minutes=1)
    path = publish(backbone, "español")
    page = pages.get(path)
    said = words_of(page.text)
    assert '<html lang="es">' in page.text
    for part in ("Nuestro progreso", "Nuestra meta principal", "Decisiones", "menos de 11",
                 "Ustedes dijeron, nosotros hicimos", "Último dato 22 (octubre)",
                 "Cómo vamos faltan 18 para la meta",
                 "se suman de cuatro en cuatro semanas",
                 "Semanas Hechos Cumplidos A tiempo 7 sep – 4 oct"):  # fmt: skip
        assert part in said, part


@pytest.mark.parametrize(
    "path",
    [
        "/progress/",  # why: the address cut short
        "/progress/abc",  # why: a code too short to be one
        "/progress/AAAAAAAAAAAAAAAAAAAAAA",  # why: the shape of a code, never published
        "/progress/AAAAAAAAAAAAAAAAAAAAAA/G-1.png",  # why: a chart of no page
        "/progress/%3Cscript%3E",  # why: markup in the address
        "/progress/AAAAAAAAAAAAAAAAAAAAAA/../../healthz",  # why: a path that climbs
    ],
)
def test_bad_addresses_get_a_kind_page(pages: Pages, path: str) -> None:
    answer = pages.get(path)
    assert answer.status == 404
    assert "Traceback" not in answer.text and "<script>" not in answer.text
    said = html.unescape(answer.text)
    assert "Ask the team for the new link" in said or "We can't find this page" in said


def test_a_chart_of_another_channels_goal_is_not_served(backbone: Harness, pages: Pages) -> None:
    seed_channel(backbone)
    path = publish(backbone)
    with backbone.database() as session:
        session.add(Goal(team_id=TEAM, number=2, channel_id="CPRIVATE", title="Private measure",
                         created_by=MARIA, created_at=backbone.clock.now))  # fmt: skip
        session.flush()
        other = session.query(Goal).filter_by(number=2).one().id
        session.add(GoalValue(goal_id=other, team_id=TEAM, period="2026-10", value=30,
                              reported_by=MARIA, reported_at=backbone.clock.now))  # fmt: skip
    assert pages.get(f"{path}/G-2.png").status == 404
    assert pages.get(f"{path}/G-3.png").status == 404  # no such goal
    assert pages.get(f"{path}/G-1.png").status == 200


def test_the_pages_address_never_reaches_the_log(
    backbone: Harness, pages: Pages, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")  # our own lines, down to debug
    caplog.set_level(logging.INFO)  # and everyone's from info up (slack_sdk's debug shows bodies)
    seed_channel(backbone)
    path = publish(backbone)
    code = path.rsplit("/", 1)[1]
    for asked in (path, f"{path}/G-1.png", f"{path}/G-9.png", f"{path}/nope"):
        pages.get(asked)
    backbone.command("unpublish", command="/digest")
    pages.get(path)
    ours = [r.getMessage() for r in caplog.records]
    assert [line for line in ours if code in line] == []
