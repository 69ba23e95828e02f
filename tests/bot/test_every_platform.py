"""One run of scheduled work over Slack and Teams: each workspace found on its own platform."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.every_platform import EveryPlatform, every_platform
from bot.port import ChatPort
from storage.workspaces import platform_of

TENANT = "3c9e2f71-5a4b-4d8e-b6c0-1f2a3b4c5d6e"


@dataclass
class FakePorts:
    """A platform's ports that serve the teams it is told of."""

    teams: set[str]
    working: str | None = None
    lost: set[str] = field(default_factory=set)
    asked: list[str] = field(default_factory=list)

    def for_team(self, team_id: str) -> ChatPort | None:
        self.asked.append(team_id)
        return object() if team_id in self.teams else None  # type: ignore[return-value]

    def working_team(self) -> str | None:
        return self.working

    def lose(self, team_id: str) -> None:
        self.lost.add(team_id)


def test_ids_tell_the_platform() -> None:
    assert platform_of(TENANT) == "teams"
    assert platform_of(TENANT.upper()) == "teams"
    assert platform_of("T0123ABCD") == "slack"
    assert platform_of("E0123ABCD") == "slack"


def test_each_workspace_is_asked_of_its_own_platform_only() -> None:
    slack, teams = FakePorts({"T1"}), FakePorts({TENANT})
    ports = EveryPlatform({"slack": slack, "teams": teams})
    assert ports.for_team("T1") is not None and ports.for_team(TENANT) is not None
    assert (slack.asked, teams.asked) == (["T1"], [TENANT])
    ports.lose(TENANT)
    ports.lose("T1")
    assert (slack.lost, teams.lost) == ({"T1"}, {TENANT})
    assert ports.lost == {"T1", TENANT}


def test_a_platform_not_served_has_no_ports() -> None:
    ports = EveryPlatform({"slack": FakePorts({"T1"})})
    assert ports.for_team(TENANT) is None
    ports.lose(TENANT)  # nothing to tell, and no error
    assert ports.lost == set()


def test_the_working_team_is_the_first_platform_that_has_one() -> None:
    assert (
        EveryPlatform({"slack": FakePorts(set()), "teams": FakePorts(set(), TENANT)}).working_team()
        == TENANT
    )
    assert (
        EveryPlatform(
            {"slack": FakePorts(set(), "T1"), "teams": FakePorts(set(), TENANT)}
        ).working_team()
        == "T1"
    )
    assert EveryPlatform({"slack": FakePorts(set())}).working_team() is None


def test_one_platform_is_served_as_it_is() -> None:
    slack = FakePorts({"T1"})
    assert every_platform({"slack": slack}) is slack
    assert isinstance(every_platform({"slack": slack, "teams": FakePorts(set())}), EveryPlatform)
