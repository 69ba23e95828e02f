"""The `backbone` command: the one place that reads the environment."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import ConfigError, UserFacingError
from bot.logs import configure_logging
from bot.settings import Settings, load_settings

log = logging.getLogger("backbone")


def read_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Merge `.env` (if present) under the real environment, which wins."""
    merged = _dotenv(Path(".env"))
    merged.update(os.environ if env is None else env)
    return merged


def _dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():  # most deployments set the real environment: skip the reader's import
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    parser = argparse.ArgumentParser(
        prog="backbone", description="Backbone for Slack and Microsoft Teams."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser(
        "serve", help="serve Slack and/or Teams over HTTP (Slack alone: Socket Mode with --socket)"
    )
    serve.add_argument("--port", type=int, default=None, help="port (default $PORT or 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on")
    serve.add_argument("--socket", action="store_true", help="use Socket Mode (SLACK_APP_TOKEN)")
    serve.add_argument("--no-scheduler", action="store_true", help="do not run scheduled work")
    tick = sub.add_parser("tick", help="do all scheduled work that is due now, once, and exit")
    tick.add_argument("--now", type=_instant, default=None, help="ISO-8601 instant to run at")
    _sandbox_flag(tick, "run the sandbox's reminders at its own time and show what they say")
    shell = sub.add_parser(
        "shell", help="the local sandbox: Backbone with a built-in Slack (or Teams, with --teams)"
    )
    shell.add_argument("--fresh", action="store_true", help="start over with an empty sandbox")
    shell.add_argument(
        "--db",
        type=Path,
        default=None,
        help="sandbox database file (backbone-sandbox.db; backbone-sandbox-teams.db with --teams)",
    )
    _teams_flag(shell, "the same sandbox on a built-in Microsoft Teams")
    demo = sub.add_parser("demo", help="watch a meeting and its week in the sandbox")
    demo.add_argument("--script", type=Path, default=None, help="run your own shell script")
    _teams_flag(demo, "watch the same meeting and week on a built-in Microsoft Teams")
    sub.add_parser("run", help="what `make run` does: serve when Slack or Teams is set up")
    package = sub.add_parser("teams-package", help="write the Teams app package (a zip to upload)")
    package.add_argument(
        "--out", type=Path, default=Path("backbone-teams.zip"), help="where to write the zip"
    )
    package.add_argument("--privacy-url", type=_web_address, default=None, help="your privacy page")
    package.add_argument("--terms-url", type=_web_address, default=None, help="your terms of use")
    parse = sub.add_parser("parse-action", help="show how an /action text would be read")
    parse.add_argument("text")
    parse.add_argument("--now", type=_instant, default=None, help="ISO-8601 instant")
    parse.add_argument("--tz", default=None, help="IANA zone (default BACKBONE_TIMEZONE)")
    _sandbox_flag(parse, "read it as the sandbox would: its time, @maria's zone, its @names")
    export = sub.add_parser("export", help="print every record of a workspace")
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.add_argument("--team", default=None, help="workspace id, when there are several")
    export.add_argument(
        "--since", type=_day_or_instant, default=None, help="records created on or after (date)"
    )
    export.add_argument(
        "--until", type=_day_or_instant, default=None, help="records created up to (date)"
    )
    export.add_argument("--channel", default=None, help="one channel: its id or #name")
    _sandbox_flag(export, "export the sandbox's records (backbone-sandbox.db, here)")
    db = sub.add_parser("db", help="database tasks")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="TASK")
    db_sub.add_parser("upgrade", help="apply migrations")
    backup = db_sub.add_parser("backup", help="copy the SQLite database while Backbone runs")
    backup.add_argument("path", type=Path, help="the new backup file")
    return parser


def _sandbox_flag(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--sandbox", action="store_true", help=what)


def _teams_flag(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--teams", action="store_true", help=what)


def _web_address(value: str) -> str:
    """Read a page's address for the Teams package: it must be https (Teams shows it)."""
    if not value.startswith("https://") or len(value) <= len("https://"):
        raise argparse.ArgumentTypeError(f"“{value}” is not an https address")
    return value


def _day_or_instant(value: str) -> date | datetime:
    """Read a --since/--until: a day (whole, in BACKBONE_TIMEZONE) or an exact ISO-8601 instant."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return _instant(value)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"“{value}” is not a date; write it like 2026-11-30 (or 2026-11-30T09:00-05:00)"
        ) from None


def _instant(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{value}” is not an ISO-8601 time, like 2026-11-24T09:00:00-05:00"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Run the `backbone` command; return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(read_environment(env))
        configure_logging(
            [
                settings.bot_token,
                settings.signing_secret,
                settings.app_token,
                settings.client_secret,
                settings.teams.app_password if settings.teams else None,
            ]
        )
        return _dispatch(args, settings)
    except ConfigError as error:
        print(f"backbone: {error}", file=sys.stderr)
        return 2
    except UserFacingError as error:
        print(f"backbone: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    # Each command imports only what it runs: a tick from cron every minute is a new process, and
    # Bolt, the HTTP server and Alembic are most of what a start would otherwise load.
    match args.command:
        case "serve":
            from bot.serving import serve

            return serve(
                settings,
                port=args.port,
                host=args.host,
                socket=args.socket,
                scheduler=not args.no_scheduler,
            )
        case "tick" if args.sandbox:
            from bot.sandbox.session import sandbox_database, tick_sandbox

            return tick_sandbox(database=sandbox_database(), now=args.now, out=sys.stdout)
        case "tick":
            from bot.tick import tick

            return tick(settings, now=args.now)
        case "run":
            from bot.serving import run

            return run(settings)
        case "parse-action" if args.sandbox:
            return _parse_in_sandbox(args.text, now=args.now, tz=args.tz)
        case "parse-action":
            return parse_action(args.text, now=args.now, tz=args.tz or settings.timezone)
        case "export":
            return _export(args, settings)
        case "teams-package":
            from bot.teams.package import write_package

            return write_package(
                settings, args.out, privacy_url=args.privacy_url, terms_url=args.terms_url
            )
        case _:
            return _local(args, settings)


def _local(args: argparse.Namespace, settings: Settings) -> int:
    """The commands that need no chat platform: the sandbox, the demo, the database."""
    from bot import runtime

    match args.command:
        case "shell":
            return runtime.shell(fresh=args.fresh, database=args.db, teams=args.teams)
        case "demo":
            return runtime.demo(args.script, teams=args.teams)
        case "db" if args.db_command == "backup":
            return runtime.db_backup(settings, args.path)
        case _:
            return runtime.db_upgrade(settings)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot import runtime
    from bot.services.export_request import ExportRequest

    request = ExportRequest(
        team=args.team, since=args.since, until=args.until, channel=args.channel
    )
    if args.sandbox:
        from bot.sandbox.session import sandbox_channels, sandbox_database
        from bot.sandbox.world import TEAM_CLOCK

        url = f"sqlite:///{sandbox_database()}"
        settings = replace(settings, database_url=url, timezone=TEAM_CLOCK.key)
        request = replace(request, known_channels=sandbox_channels())
    return runtime.export(settings, fmt=args.format, request=request)


def _parse_in_sandbox(text_: str, *, now: datetime | None, tz: str | None) -> int:
    from bot.sandbox.session import DATABASE, sandbox_clock, sandbox_mentions
    from bot.sandbox.world import PEOPLE

    maria_zone = PEOPLE[0][3]
    when = now or sandbox_clock(DATABASE).now
    return parse_action(sandbox_mentions(text_), now=when, tz=tz or maria_zone)


def parse_action(text_: str, *, now: datetime | None, tz: str) -> int:
    """Print, as JSON, how an /action text would be read."""
    from bot.text import read_action_text

    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"--tz “{tz}” is not a time zone name. Use one like America/Chicago."
        ) from None
    draft = read_action_text(text_, now=now or datetime.now(UTC), zone=zone)
    result = {
        "owners": draft.owners,
        "title": draft.title,
        "due": draft.due.iso() if draft.due else None,
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
