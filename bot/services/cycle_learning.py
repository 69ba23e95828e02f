"""The learning log (`/pdsa learned`): what tests of change taught, for a channel or everywhere.

`learning_log_message` is what the command shows; the command itself is wired with the other
`/pdsa` subcommands.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.messages.digest_lines import MAX_LINES
from bot.messages.learning_log import learning_log
from bot.messages.parts import Message
from storage.cycle_reports import decided_facts


def learning_log_message(
    session: Session, *, team_id: str, channel_id: str | None, now: datetime
) -> Message:
    """Return the learning log of a channel, or of the workspace when `channel_id` is None."""
    cycles, counts = decided_facts(session, team_id=team_id, channel_id=channel_id,
                                   limit=MAX_LINES)  # fmt: skip
    return learning_log(cycles, counts, channel_id=channel_id, now=now)
