"""Workspaces whose platform stopped taking Backbone's token, met by scheduled work.

A run that hears "revoked" from a workspace's port stops using it (`Ports.lost`); at the end of
the run the workspace is marked, so scheduled work skips it and what it was waiting to send is
given up with a reason. With one token, a run that finds the token working again unmarks it.
"""

from __future__ import annotations

import logging

from bot.deps import Deps
from bot.port import Ports
from storage.workspaces import mark_installed, mark_uninstalled, uninstalled_ids

log = logging.getLogger(__name__)
TOKEN_DEAD = "Slack no longer accepts the workspace's bot token"


def resume_single_token(deps: Deps, ports: Ports) -> None:
    """With one token, bring its workspace back once the platform accepts the token again."""
    with deps.transaction() as session:
        marked = uninstalled_ids(session)
    team_id = ports.working_team() if marked else None
    if team_id is not None and team_id in marked:
        with deps.transaction() as session:
            mark_installed(session, team_id=team_id, name="", now=deps.now())
        log.info("workspace %s: the bot token works again; its work resumes", team_id)


def stop_lost_workspaces(deps: Deps, ports: Ports) -> int:
    """Mark the workspaces whose token this run found dead; return how many were newly marked."""
    marked = 0
    for team_id in sorted(ports.lost):
        with deps.transaction() as session:
            newly = mark_uninstalled(session, team_id=team_id, now=deps.now(), reason=TOKEN_DEAD)
        if newly:
            log.warning("workspace %s: %s; its scheduled work has stopped", team_id,
                        TOKEN_DEAD.lower())  # fmt: skip
        marked += newly
    return marked
