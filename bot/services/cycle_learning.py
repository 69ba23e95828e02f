"""The learning log (`/pdsa learned`): what tests of change taught, for a channel or everywhere.

Everywhere means every channel the asker is in (the platform says who is), so what a private
channel learnt stays with its members; coordinators (admins, and the people named) see all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.messages.digest_lines import MAX_LINES
from bot.messages.learning_log import learning_log
from bot.messages.parts import Message
from bot.port import ChatPort
from bot.services.directory import person_for
from bot.services.goal_commands import Invoker
from bot.services.membership import members_of
from storage.coordinators import is_coordinator
from storage.cycle_reports import decided_channels, decided_facts


def learning_log_message(
    session: Session, *, team_id: str, channel_id: str | None, now: datetime,
    channels: Sequence[str] | None = None,
) -> Message:  # fmt: skip
    """Return the learning log of a channel, or of the workspace when `channel_id` is None.

    `channels`, when given, are the only ones the workspace's log may show.
    """
    cycles, counts = decided_facts(session, team_id=team_id, channel_id=channel_id,
                                   limit=MAX_LINES, channels=channels)  # fmt: skip
    return learning_log(cycles, counts, channel_id=channel_id, now=now,
                        only_yours=channels is not None)  # fmt: skip


def learned_for(deps: Deps, port: ChatPort, who: Invoker, *, everywhere: bool) -> Message:
    """Return the learning log someone asked for: of their channel, or of every one they see."""
    if not everywhere:
        with deps.transaction() as session:
            return learning_log_message(session, team_id=who.team_id, channel_id=who.channel_id,
                                        now=deps.now())  # fmt: skip
    seen = _channels_seen(deps, port, who)
    with deps.transaction() as session:
        return learning_log_message(session, team_id=who.team_id, channel_id=None,
                                    now=deps.now(), channels=seen)  # fmt: skip


def _channels_seen(deps: Deps, port: ChatPort, who: Invoker) -> list[str] | None:
    """Return the channels with a decided cycle that someone is in; None: a coordinator's all."""
    person = person_for(deps, port, team_id=who.team_id, user_id=who.user_id)
    with deps.transaction() as session:
        if person.is_admin or is_coordinator(session, team_id=who.team_id, user_id=who.user_id):
            return None
        channels = decided_channels(session, team_id=who.team_id)
    return [c for c in channels
            if c == who.channel_id or who.user_id in (members_of(port, c) or ())]  # fmt: skip
