"""Scheduled work across platforms: one `Ports` that finds each workspace on its own platform.

A process serving Slack and Teams runs one scheduler; the services ask `for_team(team_id)` and
need not know where a workspace lives. Ids tell (`storage.workspaces.platform_of`): a Teams
workspace is its tenant, a GUID; Slack's team ids (T…, E…) never are one.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.port import ChatPort, Ports
from storage.workspaces import platform_of


class EveryPlatform:
    """The ports of one run of scheduled work, each platform's own behind one `Ports`."""

    def __init__(self, platforms: Mapping[str, Ports]) -> None:
        self.platforms = dict(platforms)

    @property
    def lost(self) -> set[str]:
        """The workspaces found, on any platform, to have removed Backbone in this run."""
        return set().union(*(ports.lost for ports in self.platforms.values()))

    def for_team(self, team_id: str) -> ChatPort | None:
        """Return the workspace's port from its own platform; None if that one is not served."""
        ports = self.platforms.get(platform_of(team_id))
        return ports.for_team(team_id) if ports is not None else None

    def working_team(self) -> str | None:
        """Return the single-token workspace of the first platform that has one."""
        for ports in self.platforms.values():
            team = ports.working_team()
            if team is not None:
                return team
        return None

    def lose(self, team_id: str) -> None:
        """Note on the workspace's own platform that it removed Backbone."""
        ports = self.platforms.get(platform_of(team_id))
        if ports is not None:
            ports.lose(team_id)


def every_platform(platforms: Mapping[str, Ports]) -> Ports:
    """Return one platform's ports as they are, or several behind one `EveryPlatform`."""
    if len(platforms) == 1:
        return next(iter(platforms.values()))
    return EveryPlatform(platforms)
