"""Backbone on Teams over real HTTP: the emulated tenant, the real route, port and router.

The emulator signs each activity with its own key and POSTs it to Backbone's `/api/messages`,
which validates the token against the emulator's OpenID metadata; Backbone answers through the
emulator's connector with a token from its Entra endpoint (over https, trusting its
certificate). The database is fresh and migrated; the clock is fixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from bot.deps import Deps
from bot.sandbox.teams.server import TeamsEmulator
from bot.sandbox.teams.state import Person, Team
from bot.work import WorkQueue
from storage.models import ActionItem
from tests.conftest import FakeClock
from tests.support.teams_served import served_on_teams


@dataclass
class Tenant:
    """The seeded tenant: Maria and Joe in the Outreach team, Backbone installed there."""

    emu: TeamsEmulator
    deps: Deps
    work: WorkQueue
    maria: Person
    joe: Person
    team: Team

    def settle(self) -> None:
        """Wait until Backbone finished what the last activities queued."""
        self.work.wait_idle(timeout=20)

    def items(self) -> list[ActionItem]:
        with self.deps.transaction() as session:
            return list(session.scalars(select(ActionItem).order_by(ActionItem.number)))


@pytest.fixture
def tenant(
    database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Tenant]:
    with served_on_teams(database_url, clock, monkeypatch) as served:
        emu, deps, work = served.emu, served.deps, served.work
        maria = emu.add_person("Maria Lopez", zone="America/Chicago")
        joe = emu.add_person("Joe Park", zone="America/Los_Angeles")
        team = emu.add_team("Outreach", members=[maria, joe], channels=("Case conferencing",))
        seeded = Tenant(emu, deps, work, maria, joe, team)
        emu.install_in_team(team.id, by=maria)
        seeded.settle()
        yield seeded
