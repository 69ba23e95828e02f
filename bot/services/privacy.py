"""Keep clients' personal data out of everything Backbone stores.

Each service that stores words a person typed (action items and their notes, decisions, polls)
calls `refuse_personal_data` first; it raises `PersonalData`, a person-facing error, so the
refusal reaches only the person who asked and nothing is written.
"""

from __future__ import annotations

from bot.errors import PersonalData
from bot.messages.privacy import refusal_text
from bot.privacy import personal_data


def refuse_personal_data(*texts: str | None, what: str) -> None:
    """Raise PersonalData when any of `texts` looks like a client's personal data."""
    for text in texts:
        if text and (finding := personal_data(text)) is not None:
            raise PersonalData(refusal_text(finding, what=what), finding.kind)
