"""What a goal says when a note looks like a client's personal data. Pure; no services."""

from __future__ import annotations

from bot.privacy import Finding

WHAT = {
    "ssn": "a Social Security number",
    "dob": "a date of birth",
    "client_id": "a client ID number",
    "phone": "a phone number",
}
INSTEAD = {
    "ssn": "Leave the number out; say “one client” instead.",
    "dob": "Leave the date out; if age matters, say “a client in their 60s”.",
    "client_id": "Leave the ID out; your team can look the person up in HMIS.",
    "phone": "Leave the number out; name the office instead (“the front desk at Main St”).",
}


def refusal(finding: Finding) -> str:
    """Say why a goal's words were not saved, and how to say them without identifying anyone."""
    return (
        f"I didn't save that: it looks like it includes {WHAT[finding.kind]}, and goals hold "
        f"numbers, never people. Nothing was saved. {INSTEAD[finding.kind]}"
    )


def short_refusal(finding: Finding) -> str:
    """Say it in a line under a form's field."""
    return f"Not saved: it looks like {WHAT[finding.kind]}. {INSTEAD[finding.kind]}"[:150]
