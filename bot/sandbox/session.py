"""Running the sandbox: an interactive `backbone shell`, or a script (`backbone demo`)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Protocol, TextIO
from zoneinfo import ZoneInfo

from bot.errors import ConfigError
from bot.sandbox.screen import Screen
from bot.sandbox.shell import Shell
from bot.sandbox.world import CHANNELS, PEOPLE, Clock, load_clock, running_world, save_clock

DATABASE = Path("backbone-sandbox.db")
TEAMS_DATABASE = Path("backbone-sandbox-teams.db")  # its own: Teams' ids are not Slack's
# The demo starts on a fixed Monday morning so its transcript reads the same every time.
DEMO_START = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("America/New_York"))


class AnyShell(Protocol):
    """What running a session needs of the Slack shell and of the Teams shell alike."""

    def prompt(self) -> str: ...
    def run_line(self, line: str) -> bool: ...
    def refresh(self) -> None: ...


@contextmanager
def sandbox(database: Path, clock: Clock, out: TextIO, *, teams: bool) -> Iterator[AnyShell]:
    """Start the sandbox's world (Slack's, or Teams' with `teams`) and a shell in it."""
    if teams:
        from bot.sandbox.teams.shell import TeamsShell
        from bot.sandbox.teams.world import running_teams_world

        with running_teams_world(database, clock) as teams_world:
            yield TeamsShell(teams_world, out)
        return
    with running_world(database, clock) as world:
        yield Shell(world, out)


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
    teams: bool = False,
) -> int:
    """Run the interactive shell until :quit or end of input; keep state between runs.

    A fresh sandbox starts at `start`, or at the next weekday midday in New York. `teams`: the
    same sandbox on Microsoft Teams (bot/sandbox/teams/shell.py).
    """
    if fresh:
        _forget(database)
    state = database.with_suffix(".json")
    clock = load_clock(state, fresh=fresh)
    if fresh and start is not None:
        clock.now = start
    platform = " on Teams" if teams else ""
    out.write(
        f"Backbone sandbox{platform}: you are @maria in #case-conferencing. Type :help for help.\n"
    )
    with sandbox(database, clock, out, teams=teams) as shell:
        shell.refresh()
        while True:
            out.write(shell.prompt())
            out.flush()
            line = stdin.readline()
            if line and not stdin.isatty():
                out.write(line if line.endswith("\n") else line + "\n")  # show what was typed
            if not line or not shell.run_line(line):
                break
    save_clock(state, clock)
    again = "backbone shell --teams --fresh" if teams else "backbone shell --fresh"
    out.write(f"\nBye. Your sandbox is saved; `{again}` starts over.\n")
    return 0


def demo_script() -> list[str]:
    """Return the built-in demo: a case-conferencing meeting and the week after it."""
    return resources.files("bot.sandbox").joinpath("demo.txt").read_text().splitlines()


def run_script(
    lines: Iterable[str],
    *,
    database: Path,
    out: TextIO,
    start: datetime = DEMO_START,
    teams: bool = False,
) -> int:
    """Run shell lines from a script on a fresh sandbox (on Teams with `teams`), printing a
    transcript."""
    _forget(database)
    with sandbox(database, Clock(start), out, teams=teams) as shell:
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


def sandbox_database(database: Path = DATABASE) -> Path:
    """Return the sandbox's database file, the one `backbone shell` keeps here."""
    if not database.is_file():
        raise ConfigError(
            f"there is no sandbox in this folder yet ({database}). Run `backbone shell` "
            "(or `make run`) here first, then try again."
        )
    return database


def sandbox_clock(database: Path = DATABASE) -> Clock:
    """Return the sandbox's own time, as the shell left it."""
    return load_clock(database.with_suffix(".json"), fresh=False)


def sandbox_channels() -> dict[str, str]:
    """Return the sandbox's channel names by id (its Slack is built in, so Backbone never asks)."""
    return {channel_id: name for channel_id, name, _members in CHANNELS}


def sandbox_mentions(text: str) -> str:
    """Write the sandbox's @names as Slack sends mentions, the way the shell does."""
    for user_id, name, *_rest in PEOPLE:
        text = re.sub(rf"(?<![<\w])@{name}\b", f"<@{user_id}|{name}>", text, flags=re.IGNORECASE)
    return text


def tick_sandbox(*, database: Path, now: datetime | None, out: TextIO) -> int:
    """Do the sandbox's scheduled work due at its time (or `now`), print what it sent, and exit."""
    saved = database.with_suffix(".json")
    clock = sandbox_clock(database)
    if now is not None and now < clock.now:
        raise ConfigError(
            f"the sandbox's clock already says {clock.now.isoformat()}; time only moves forward "
            "there. Leave out --now to run what is due at the sandbox's time."
        )
    clock.now = now or clock.now
    with running_world(database, clock) as world:
        report = world.tick()
        world.settle()
        Screen(world.emulator, out).refresh()
    save_clock(saved, clock)
    out.write(f"backbone: {report.summary()}\n")
    return 0
