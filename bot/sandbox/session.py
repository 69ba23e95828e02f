"""Running the sandbox: an interactive `backbone shell`, or a script (`backbone demo`)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.sandbox.shell import Shell
from bot.sandbox.world import Clock, load_clock, running_world, save_clock

DATABASE = Path("backbone-sandbox.db")
# The demo starts on a fixed Monday morning so its transcript reads the same every time.
DEMO_START = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("America/New_York"))


def _forget(database: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def run_shell(
    *,
    fresh: bool,
    database: Path = DATABASE,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    start: datetime | None = None,
) -> int:
    """Run the interactive shell until :quit or end of input; keep state between runs.

    A fresh sandbox starts at `start`, or at the next weekday midday in New York.
    """
    if fresh:
        _forget(database)
    state = database.with_suffix(".json")
    clock = load_clock(state, fresh=fresh)
    if fresh and start is not None:
        clock.now = start
    out.write("Backbone sandbox: you are @maria in #case-conferencing. Type :help for help.\n")
    with running_world(database, clock) as world:
        shell = Shell(world, out)
        shell.screen.refresh()
        while True:
            out.write(shell.prompt())
            out.flush()
            line = stdin.readline()
            if line and not stdin.isatty():
                out.write(line if line.endswith("\n") else line + "\n")  # show what was typed
            if not line or not shell.run_line(line):
                break
    save_clock(state, clock)
    out.write("\nBye. Your sandbox is saved; `backbone shell --fresh` starts over.\n")
    return 0


def demo_script() -> list[str]:
    """Return the built-in demo: a case-conferencing meeting and the week after it."""
    return resources.files("bot.sandbox").joinpath("demo.txt").read_text().splitlines()


def run_script(
    lines: Iterable[str], *, database: Path, out: TextIO, start: datetime = DEMO_START
) -> int:
    """Run shell lines from a script on a fresh sandbox, printing a transcript."""
    _forget(database)
    with running_world(database, Clock(start)) as world:
        shell = Shell(world, out)
        for raw in lines:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("# "):
                if line.strip():
                    out.write(f"\n{line.strip()}\n")
                continue
            out.write(f"{shell.prompt()}{line}\n")
            if not shell.run_line(line):
                break
    _forget(database)
    return 0
