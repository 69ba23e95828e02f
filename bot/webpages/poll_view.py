"""What a poll's page shows, in its language: the counts as chat shows them, the closing time."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.services.poll_votes import Tally
from bot.services.polls import percent
from bot.text import from_mrkdwn
from storage.models import Poll

DAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}  # fmt: skip


def shown_text(text: str) -> str:
    """Return a poll's text as people read it (the chat escapes undone; the page escapes it)."""
    return from_mrkdwn(text).strip()


def moment(at: datetime, *, zone: str, language: str) -> str:
    """Say a moment in the poll's zone, like "Friday, December 11 at 5:00 PM EST"."""
    local = at.astimezone(ZoneInfo(zone or "UTC"))
    day, month = DAYS[language][local.weekday()], MONTHS[language][local.month - 1]
    if language == "es":
        return f"{day} {local.day} de {month} a las {local:%H:%M} ({local.tzname()})"
    hour = local.strftime("%I:%M %p").lstrip("0")
    return f"{day}, {month} {local.day} at {hour} {local.tzname()}"


def results_values(poll: Poll, counted: Tally | None, *, closed: bool) -> dict[str, Any]:
    """Return what the results part of a page needs (counts None: hidden or withheld)."""
    counts = None if counted is None else counted.counts
    voters = 0 if counted is None else counted.voters
    shares = [percent(count, voters) for count in counts] if counts is not None else []
    return {
        "options": [shown_text(option) for option in poll.options],
        "counts": counts,
        "voters": voters,
        "shares": shares,
        "hidden": poll.hidden and not closed,
        "closed": closed,
    }
