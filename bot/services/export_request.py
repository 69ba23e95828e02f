"""What `backbone export` was asked for: which workspace, which dates, which channel."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.errors import ConfigError
from bot.services.export import Span, empty_records, export_records
from storage.exports import channel_names
from storage.workspaces import workspace_ids

CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")


@dataclass(frozen=True)
class ExportRequest:
    """The options of one `backbone export`."""

    team: str | None = None
    since: date | datetime | None = None
    until: date | datetime | None = None
    channel: str | None = None
    known_channels: Mapping[str, str] = field(default_factory=dict)


def run_export(
    session: Session, *, request: ExportRequest, zone: ZoneInfo
) -> dict[str, list[dict[str, Any]]]:
    """Return the records asked for; an empty export when no workspace has used Backbone."""
    team_id = request.team or only_workspace(workspace_ids(session))
    if team_id is None:
        return empty_records()
    names = {**request.known_channels, **channel_names(session, team_id=team_id)}
    span = Span(
        since=start_of(request.since, zone),
        until=end_of(request.until, zone),
        channel=channel_id_for(request.channel, names),
    )
    if span.since and span.until and span.until <= span.since:
        raise ConfigError("--until comes before --since; swap them, or widen the dates.")
    return export_records(session, team_id=team_id, span=span, known_channels=names)


def only_workspace(ids: Sequence[str]) -> str | None:
    """Return the one workspace of the database, None when there is none yet."""
    if len(ids) <= 1:
        return ids[0] if ids else None
    raise ConfigError(
        f"several workspaces use this database; pick one with --team ({', '.join(ids)})."
    )


def start_of(when: date | datetime | None, zone: ZoneInfo) -> datetime | None:
    """Return the instant a --since begins: a day's first moment in `zone`, or the instant."""
    if when is None or isinstance(when, datetime):
        return when
    return datetime.combine(when, time(0), tzinfo=zone)


def end_of(when: date | datetime | None, zone: ZoneInfo) -> datetime | None:
    """Return the instant a --until ends: the day given counts whole, an instant exactly."""
    if when is None or isinstance(when, datetime):
        return when
    return datetime.combine(when + timedelta(days=1), time(0), tzinfo=zone)


def channel_id_for(ref: str | None, names: Mapping[str, str]) -> str | None:
    """Return the channel id a --channel names: an id as given, or a #name Backbone knows."""
    if ref is None:
        return None
    wanted = ref.strip().lstrip("#")
    if CHANNEL_ID.fullmatch(wanted):
        return wanted
    for channel_id, name in names.items():
        if name.lower() == wanted.lower():
            return channel_id
    raise ConfigError(
        f"Backbone does not know a channel called #{wanted}. Give its id instead, like "
        "--channel C0123ABCDEF (in Slack: open the channel's name; the id is at the bottom)."
    )
