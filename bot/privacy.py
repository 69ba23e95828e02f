"""Text that looks like a client's personal data: refused before anything is stored.

Goals hold numbers, never people. A note that carries a US Social Security number, a date of
birth next to a name-like word, an HMIS-style client id or a phone number is refused privately,
with the reason and how to say it without identifying anyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")
PHONE = re.compile(r"(?<!\d)(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)")
DOB = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date of birth|born(?: on)?)\b[:\s]*\d{1,4}[/-]\d{1,2}[/-]\d{1,4}",
    re.IGNORECASE,
)
HMIS = re.compile(r"\b(?:hmis|client)\s*(?:id|#|no\.?|number)?\s*[:#]?\s*\d{4,}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """What was found, and how to say it without identifying anyone."""

    kind: str
    reason: str
    advice: str


CHECKS: tuple[tuple[re.Pattern[str], Finding], ...] = (
    (SSN, Finding("ssn", "it looks like a Social Security number",
                  "leave the number out; say “one client” instead")),
    (DOB, Finding("dob", "it looks like someone's date of birth",
                  "say an age range instead, like “a client in their 50s”")),
    (HMIS, Finding("hmis", "it looks like a client id from HMIS",
                   "keep ids in HMIS; say “one household” instead")),
    (PHONE, Finding("phone", "it looks like a phone number",
                    "share contact details in HMIS or by phone, not here")),
)  # fmt: skip


def personal_data(text: str) -> Finding | None:
    """Return what in the text looks like a client's personal data, or None."""
    for pattern, finding in CHECKS:
        if pattern.search(text):
            return finding
    return None
