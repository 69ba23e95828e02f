"""A database that cannot be opened or reached at start-up: one line naming the setting, exit 2.

Each command runs as the real `backbone` process, as an operator or a process manager starts it,
and its whole stderr is checked: no traceback, no password.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.processes import BACKBONE

COMMANDS = [["serve", "--port", "0", "--no-scheduler"], ["tick"], ["export"], ["db", "upgrade"]]
AGAIN = " Check DATABASE_URL, then start Backbone again.\n"


def run_backbone(args: list[str], cwd: Path, database_url: str) -> tuple[int, str, str]:
    env = {
        "PATH": os.environ["PATH"],
        "SLACK_BOT_TOKEN": "xoxb-1-startup",
        "SLACK_SIGNING_SECRET": "startup-signing-secret",
        # Nothing answers here: a command that got as far as Slack would fail differently.
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "DATABASE_URL": database_url,
    }
    done = subprocess.run(
        [str(BACKBONE), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )
    return done.returncode, done.stdout, done.stderr


def cases(folder: Path) -> list[tuple[str, str]]:
    """(DATABASE_URL, the one line Backbone says), as operators get them wrong."""
    (folder / "notes.db").write_text("Meeting notes, Tuesday: call the shelter about beds\n")
    return [
        # why: a typo in the folder of a volume mount
        (f"sqlite:///{folder}/data/backbone.db",
         f"backbone: DATABASE_URL: the folder of {folder}/data/backbone.db "
         "does not exist." + AGAIN),
        # why: pointed at some other file that is not a database
        (f"sqlite:///{folder}/notes.db",
         f"backbone: DATABASE_URL: {folder}/notes.db is not a SQLite database." + AGAIN),
        # why: PostgreSQL not started yet, or the wrong port; the password never shows
        ("postgresql+psycopg://backbone:s3cret-pw@127.0.0.1:1/backbone",
         "backbone: DATABASE_URL: could not connect to the PostgreSQL database at "
         "127.0.0.1:1/backbone (Connection refused)." + AGAIN),
        # why: a port that is not a number
        ("postgresql+psycopg://backbone@db:five/backbone",
         "backbone: DATABASE_URL is not a database address. Use sqlite:///backbone.db or "
         "postgresql+psycopg://user@host/db.\n"),
        # why: a driver copied from another project's settings
        ("postgresql+asyncpg://backbone@127.0.0.1/backbone",
         "backbone: DATABASE_URL: its driver (postgresql+asyncpg) is not installed here." + AGAIN),
    ]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_database_that_cannot_be_opened_is_one_line_naming_database_url(
    command: list[str], tmp_path: Path
) -> None:
    for database_url, line in cases(tmp_path):
        code, out, err = run_backbone(command, tmp_path, database_url)
        assert (code, out, err) == (2, "", line), database_url
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]  # nothing was created


def test_the_sandbox_shell_names_its_database_file(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("Meeting notes, Tuesday: call the shelter about beds\n")
    for path, why in [
        (
            tmp_path / "data" / "sandbox.db",
            f"the folder of {tmp_path}/data/sandbox.db does not exist.",
        ),
        (tmp_path / "notes.db", f"{tmp_path}/notes.db is not a SQLite database."),
    ]:
        code, _out, err = run_backbone(["shell", "--db", str(path)], tmp_path, "sqlite:///x.db")
        assert (code, err) == (
            2,
            f"backbone: --db: {why} Pick another file with --db, or start over with --fresh.\n",
        )
