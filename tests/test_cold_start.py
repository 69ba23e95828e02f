"""A cold `backbone tick` (cron starts one a minute) loads only what it runs.

Each command runs as the real `backbone` process with Python's own import log on
(PYTHONPROFILEIMPORTTIME), which names every module the process imports, wherever it is imported
from. How fast that is belongs to bench/cold_start.py; here, only what is loaded.
"""

from __future__ import annotations

import os
import re
import subprocess
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from bot.sandbox.server import SlackEmulator
from storage.db import make_engine
from storage.revisions import known_revisions
from tests.conftest import ON_POSTGRES
from tests.support.harness import JOE, Harness
from tests.support.processes import BACKBONE, Served, process_env

# Thursday 17:30 UTC: Joe's reminder, due Friday, is due (09:00 Thursday in New York has come).
THURSDAY = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)
# The Slack app and its HTTP server, the migration machinery (Mako and Pygments come with it),
# the charts of the weekly digest: a tick with no digest due has no use for any of them.
NOT_FOR_A_TICK = {"slack_bolt", "waitress", "alembic", "mako", "pygments", "matplotlib"}
OTHER = "sqlite" if ON_POSTGRES else "postgresql"  # the database this run does not use
IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", re.MULTILINE)


@dataclass(frozen=True)
class Run:
    """How a command ended, what it printed, and every top-level package it imported."""

    code: int
    out: str
    said: str
    packages: set[str]
    modules: set[str]


def run_logging_imports(args: list[str], database_url: str, slack: Harness | None = None) -> Run:
    """Run a command as the real process and note which packages it imported."""
    env = {
        "PATH": os.environ["PATH"],
        # Nothing answers here without the emulator: a command that reached Slack would fail.
        "SLACK_BOT_TOKEN": slack.emulator.bot_token if slack else "xoxb-1-cold",
        "SLACK_API_URL": slack.emulator.api_url if slack else "http://127.0.0.1:9/api/",
        "DATABASE_URL": database_url,
        "PYTHONPROFILEIMPORTTIME": "1",
    }
    done = subprocess.run(
        [str(BACKBONE), *args], env=env, capture_output=True, text=True, timeout=120
    )
    modules = set(IMPORTED.findall(done.stderr))
    said = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    return Run(done.returncode, done.stdout, "\n".join(said), {m.split(".")[0] for m in modules},
               modules)  # fmt: skip


def test_a_tick_that_sends_reminders_loads_nothing_it_does_not_run(backbone: Harness) -> None:
    backbone.command(f"Call the landlord about unit 4B <@{JOE}> by Friday")
    tick = run_logging_imports(
        ["tick", "--now", THURSDAY.isoformat()], backbone.database_url, backbone
    )
    assert (tick.code, tick.out.startswith("backbone: sent 1 reminder(s)")) == (0, True), tick
    assert len(backbone.dms(JOE)) == 1
    assert {"sqlalchemy", "slack_sdk", "bot", "scheduler", "storage"} <= tick.packages
    assert NOT_FOR_A_TICK & tick.packages == set()


# What a minute with nothing due never runs: the readers of typed text, the words of messages and
# their Slack rendering, and the work of polls, digests and owed posts.
NOT_FOR_A_QUIET_TICK = {"bot.text", "bot.when", "bot.recurrence", "bot.messages.parts",
                        "bot.slack.render", "bot.services.actions", "bot.services.announce",
                        "bot.services.polls", "bot.services.poll_close_work",
                        "bot.services.digest_posts", "bot.services.digests"}  # fmt: skip


def test_a_tick_with_nothing_due_loads_none_of_the_work(database_url: str) -> None:
    tick = run_logging_imports(["tick", "--now", THURSDAY.isoformat()], database_url)
    assert (tick.code, tick.out.startswith("backbone: sent 0 reminder(s)")) == (0, True), tick
    assert {"scheduler.jobs", "storage.nudges"} <= tick.modules
    assert NOT_FOR_A_QUIET_TICK & tick.modules == set()
    # Only the running database's SQLAlchemy dialect: the schema names the other nowhere.
    assert [m for m in tick.modules if m.startswith(f"sqlalchemy.dialects.{OTHER}")] == []


def test_the_import_log_sees_alembic_when_there_are_migrations_to_run(tmp_path: Path) -> None:
    # A new database: this start has migrations to run, so it loads Alembic (and the log would
    # have seen it in a tick too).
    run = run_logging_imports(["db", "upgrade"], f"sqlite:///{tmp_path / 'new.db'}")
    assert (run.code, run.out) == (0, "backbone: the database is up to date.\n")
    assert {"alembic", "mako"} <= run.packages


def test_a_database_a_newer_backbone_upgraded_is_refused_in_one_line(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9001'"))
    engine.dispose()
    known = known_revisions()
    assert known is not None
    run = run_logging_imports(["tick"], database_url)
    assert (run.code, run.out, run.said) == (
        2,
        "",
        "backbone: DATABASE_URL: a newer Backbone has upgraded this database (to revision 9001; "
        f"this one knows up to {known[-1]}), so this one leaves it alone. Run the newer "
        "Backbone here too.",
    )
    assert "alembic" not in run.packages


def test_serve_has_its_date_reader_ready_before_it_listens(database_url: str, tmp_path: Path):
    # The tick above never loads dateparser; serve loads it as it starts, so no first /action
    # after a start waits for it (nor for the grammar, nor for dateparser's own first setup).
    with SlackEmulator() as slack:
        env = {
            **process_env(slack, database_url),
            "SLACK_SIGNING_SECRET": slack.signing_secret,
            "PYTHONPROFILEIMPORTTIME": "1",
        }
        command = [str(BACKBONE), "serve", "--no-scheduler", "--host", "127.0.0.1", "--port", "0"]
        served = Served(
            subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
        )
        try:
            listening = next(n for n, line in enumerate(served.log) if "listening on" in line)
            before = {
                name.split(".")[0] for name in IMPORTED.findall("".join(served.log[:listening]))
            }
            assert {"dateparser", "slack_bolt", "waitress"} <= before
            # Answering shows the server's loop runs, so SIGTERM now finds it (sent earlier, it
            # would find nothing yet to stop).
            with urllib.request.urlopen(f"http://127.0.0.1:{served.port}/healthz") as answer:
                assert answer.status == 200
        finally:
            assert served.stop() == 0
