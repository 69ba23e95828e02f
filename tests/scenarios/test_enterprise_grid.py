"""Enterprise Grid: an org's workspace installs Backbone; an install for a whole org is refused.

A county's Continuum of Care may run Slack as an Enterprise Grid org with one workspace per
agency. Slack's install then answers with the org (`enterprise`), and the installation carries
its `enterprise_id`: scheduled work must find that workspace's token with it. An org admin can
also install an app for every workspace at once (`is_enterprise_install`): Backbone files every
record under one workspace, so it refuses that install, stores nothing and says what to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from bot.slack.clients import workspace_bot
from bot.slack.oauth import installation_store
from handlers.slack.installs import ORG_WIDE
from storage.db import make_engine
from storage.models import Workspace
from tests.conftest import FakeClock
from tests.support.harness import CASE, JOE, MARIA
from tests.support.workspaces import BEA, BRAVO, TEAM_A, TEAM_B, Workspaces, browse
from tests.support.workspaces import running_workspaces as running

GRID = {"id": "E0COUNTY01", "name": "County CoC"}
THURSDAY_9_LA = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)


@pytest.fixture
def grid(database_url: str, clock: FakeClock) -> Iterator[Workspaces]:
    """Workspace A is one of an Enterprise Grid org's; B is a workspace of its own."""
    with running(database_url, clock) as w:
        w.a.state.oauth.enterprise = dict(GRID)
        yield w


def stored_installations(w: Workspaces) -> list[tuple[str | None, str | None, bool]]:
    engine = make_engine(w.database_url)
    try:
        with engine.connect() as connection:
            query = "SELECT enterprise_id, team_id, is_enterprise_install FROM slack_bots"
            rows = connection.execute(text(query)).all()
            return [(row[0], row[1], bool(row[2])) for row in rows]
    finally:
        engine.dispose()


def workspaces_known(w: Workspaces) -> list[str]:
    engine = make_engine(w.database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(Workspace.team_id)).scalars())
    finally:
        engine.dispose()


def test_a_grid_workspace_installs_and_its_reminders_go_out(grid: Workspaces) -> None:
    w = grid
    assert w.install(w.a, user=MARIA).status == 200
    assert w.a.calls("oauth.v2.access") != []
    assert stored_installations(w) == [(GRID["id"], TEAM_A, False)]
    w.command(w.a, "Call the shelter <@UJOE> by Friday", user=MARIA, channel=CASE)
    posted = [m.text for m in w.a.messages(CASE)]
    assert posted == ["📌 A-1 Call the shelter — <@UJOE> · due Fri Nov 27"]
    report = w.tick(THURSDAY_9_LA)  # the tick knows only the workspace, not its org
    assert (report.delivery.sent, w.a.messages(JOE)[-1].text) == (
        1,
        "⏰ A-1 Call the shelter — Due tomorrow (Fri Nov 27).",
    )
    engine = make_engine(w.database_url)
    try:
        bot = workspace_bot(installation_store(w.settings, engine), TEAM_A)
    finally:
        engine.dispose()
    assert bot is not None
    assert (bot.enterprise_id, bot.team_id, bot.bot_token) == (GRID["id"], TEAM_A, "xoxb-alpha")


def test_a_workspace_outside_grid_is_found_as_before(grid: Workspaces) -> None:
    w = grid
    w.install(w.b, user=BEA)
    w.command(w.b, "Order the vans <@UBEN> by Friday", user=BEA, channel=BRAVO)
    assert stored_installations(w) == [(None, TEAM_B, False)]
    assert w.tick(THURSDAY_9_LA).delivery.sent == 1


def test_an_org_wide_install_is_refused_stores_nothing_and_says_what_to_do(
    grid: Workspaces,
) -> None:
    w = grid
    page, authorize = w.start_install()
    back = w.a.approve_install(authorize, user=MARIA, org_wide=True)
    refused = browse(back, cookie=page.headers["Set-Cookie"].split(";")[0])
    assert refused.status == 403
    assert ORG_WIDE.replace("'", "&#x27;") in refused.body
    assert 'href="/slack/install"' in refused.body
    assert (stored_installations(w), workspaces_known(w)) == ([], [])
    answer = w.command(w.a, "Call the shelter", user=MARIA, channel=CASE)
    assert answer.status == 200 and w.a.messages(CASE) == []  # still not installed
    # The org's workspace can still be installed on its own afterwards.
    assert w.install(w.a, user=MARIA).status == 200
    assert stored_installations(w) == [(GRID["id"], TEAM_A, False)]
