"""`backbone tick`: all scheduled work due now, once, on every platform that is set up.

Cron starts one a minute, so a tick loads only what the work needs: neither Bolt, nor the HTTP
server, nor the inbound token check (bot/slack/scheduled.py, bot/teams/scheduled.py).
"""

from __future__ import annotations

from datetime import datetime

from bot.chart_worker import draw_in_process
from bot.deps import Deps, system_clock
from bot.every_platform import every_platform
from bot.port import Ports
from bot.runtime import open_database
from bot.settings import Settings


def tick(settings: Settings, *, now: datetime | None) -> int:
    """Do all scheduled work due at `now` once, and exit."""
    from scheduler.jobs import run_due_work

    if settings.teams is None or settings.has_slack:
        settings.require_token()  # before the database: a missing token is named first
    engine, factory = open_database(settings)
    # A tick is one short process: its pictures are drawn here, the plotting library loaded
    # once for every digest due, and its memory is given back when the tick exits.
    deps = Deps(factory, default_zone=settings.zone, charts=draw_in_process)
    platforms: dict[str, Ports] = {}
    if settings.has_slack:
        from bot.slack.scheduled import slack_scheduled

        platforms["slack"] = slack_scheduled(settings, engine)()
    if settings.teams is not None:
        from bot.teams.scheduled import teams_port, teams_scheduled

        platforms["teams"] = teams_scheduled(teams_port(settings, deps))()
    report = run_due_work(deps, every_platform(platforms), now=now or system_clock())
    print(f"backbone: {report.summary()}")
    return 0
