"""What the commands that need no chat platform do: the database, export, backup, the sandbox.

Also what serving needs whatever the platform: the in-process scheduler and a clean finish.
bot/serving.py serves the platforms that are set up (bot/slack/runtime.py, bot/teams/runtime.py).
"""

from __future__ import annotations

import logging
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.deps import Deps, system_clock
from bot.errors import ConfigError
from bot.port import Ports
from bot.settings import Settings
from bot.work import WorkQueue
from storage.db import (
    OPEN_FAILURES,
    make_engine,
    make_session_factory,
    transaction,
    why_unavailable,
)
from storage.health import accepts_writes
from storage.revisions import SchemaFromNewerCode, bring_up_to_date

if TYPE_CHECKING:
    from bot.services.export_request import ExportRequest

log = logging.getLogger("backbone")
# How long a stop waits for what is in flight (the server's requests, the queued work).
STOP_GRACE_SECONDS = 10


def open_database(settings: Settings) -> tuple[Engine, sessionmaker[Session]]:
    """Connect to the database and bring its schema up to date; say plainly if it can't be."""
    try:
        engine = make_engine(settings.database_url)
        bring_up_to_date(engine)
    except OPEN_FAILURES as error:
        log.debug("the database could not be opened", exc_info=True)
        raise ConfigError(
            f"DATABASE_URL: {why_unavailable(settings.database_url, error)} "
            "Check DATABASE_URL, then start Backbone again."
        ) from None
    except SchemaFromNewerCode as newer:
        raise ConfigError(
            f"DATABASE_URL: a newer Backbone has upgraded this database (to revision "
            f"{newer.revision}; this one knows up to {newer.head}), so this one leaves it alone. "
            "Run the newer Backbone here too."
        ) from None
    return engine, make_session_factory(engine)


def database_is_up(engine: Engine) -> bool:
    """Tell whether the database takes a write now (`/healthz`); see storage/health.py."""
    return accepts_writes(engine, now=system_clock())


def shell(*, fresh: bool, database: Path | None, teams: bool = False) -> int:
    """Run the interactive sandbox (on the built-in Teams with `teams`)."""
    from bot.sandbox.session import DATABASE, TEAMS_DATABASE, run_shell

    path = database or (TEAMS_DATABASE if teams else DATABASE)
    try:
        return run_shell(fresh=fresh, database=path, teams=teams)
    except OPEN_FAILURES as error:
        raise ConfigError(
            f"--db: {why_unavailable(f'sqlite:///{path}', error)} "
            "Pick another file with --db, or start over with --fresh."
        ) from None


def demo(script: Path | None, *, teams: bool = False) -> int:
    """Run the demo (or a script in the shell's syntax) and print its transcript (on Teams)."""
    from bot.sandbox.session import demo_script, run_script

    if script is not None and not script.is_file():
        raise ConfigError(f"there is no script at {script}.")
    lines = script.read_text().splitlines() if script else demo_script()
    with tempfile.TemporaryDirectory() as folder:
        return run_script(lines, database=Path(folder) / "demo.db", out=sys.stdout, teams=teams)


def export(settings: Settings, *, fmt: str, request: ExportRequest) -> int:
    """Print the records asked for; an empty document when no workspace has used Backbone."""
    from bot.services.export import to_csv, to_json
    from bot.services.export_request import run_export

    _engine, factory = open_database(settings)
    with transaction(factory) as session:
        records = run_export(session, request=request, zone=settings.zone)
    sys.stdout.write(to_csv(records) if fmt == "csv" else to_json(records) + "\n")
    return 0


def db_upgrade(settings: Settings) -> int:
    """Apply migrations."""
    open_database(settings)
    print("backbone: the database is up to date.")
    return 0


def db_backup(settings: Settings, path: Path) -> int:
    """Copy the SQLite database to a new file, consistently, even while Backbone runs."""
    from storage.backup import backup_sqlite

    pages = backup_sqlite(settings.database_url, path)
    print(f"backbone: backed up {pages} pages to {path}.")
    return 0


def schedule(deps: Deps, ports: Callable[[], Ports]) -> Callable[[], None]:
    """Start the in-process scheduler; return what stops it, after the run in progress ends.

    `ports` builds each run's ports afresh (tokens and installs change between runs).
    """
    from scheduler.jobs import run_due_work
    from scheduler.setup import start_scheduler

    def job() -> None:
        report = run_due_work(deps, ports(), now=system_clock())
        if report.delivery.sent or report.delivery.failed or report.stopped:
            log.info("scheduled work: %s", report.summary())

    scheduler = start_scheduler(job)

    def stop() -> None:
        scheduler.shutdown(wait=True)
        log.info("the scheduler has stopped")

    return stop


def finish(work: WorkQueue, stop_scheduler: Callable[[], None] | None) -> None:
    """Finish the work already acknowledged (it will not be sent again), then the scheduler."""
    if not work.shutdown(timeout=STOP_GRACE_SECONDS):
        log.warning("stopped with acknowledged work unfinished: %s", work.counts())
    if stop_scheduler is not None:
        stop_scheduler()
