"""`backbone tick` with Teams set up: the scheduled work gets the tenant's port, and a tick stays
light (cron starts one a minute)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from bot.sandbox.teams.server import TeamsEmulator
from tests.support.processes import BACKBONE

IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", re.MULTILINE)
# Serving's parts: Slack's app, the HTTP server, the inbound token check (all of the Teams apps
# package comes with it), the migration machinery.
NOT_FOR_A_TICK = {"slack_bolt", "waitress", "microsoft_teams.apps", "alembic", "matplotlib"}


def run_tick(env: dict[str, str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    done = subprocess.run(
        [str(BACKBONE), "tick"],
        cwd=cwd,
        env={**env, "PYTHONPROFILEIMPORTTIME": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    names = set(IMPORTED.findall(done.stderr))
    loaded = {n for n in NOT_FOR_A_TICK if any(m == n or m.startswith(n + ".") for m in names)}
    return done, loaded


def test_a_teams_tick_runs_and_loads_only_what_it_needs(database_url: str, tmp_path: Path) -> None:
    with TeamsEmulator() as emu:
        env = {
            "PATH": os.environ["PATH"],
            "DATABASE_URL": database_url,  # migrated already: a tick needs no migrations
            "TEAMS_APP_ID": emu.app_id,
            "TEAMS_APP_PASSWORD": emu.app_password,
            "TEAMS_TENANT_ID": emu.tenant_id,
            "TEAMS_OPENID_URL": emu.openid_url,
            "TEAMS_LOGIN_URL": emu.login_url_https,
            "REQUESTS_CA_BUNDLE": emu.ca_file,
        }
        done, loaded = run_tick(env, tmp_path)
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.startswith("backbone: ")
        assert loaded == set()
        assert emu.refusals() == []


def test_a_tick_with_no_platform_names_what_is_missing(database_url: str, tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": database_url}
    done, _ = run_tick(env, tmp_path)
    assert done.returncode == 2
    said = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert said == [said[0]] and said[0].startswith("backbone: SLACK_BOT_TOKEN is not set.")
