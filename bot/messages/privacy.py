"""What Backbone says, privately, when words look like a client's personal data. Pure functions.

It names what it found by kind and never repeats the words themselves, says that nothing was
saved, and shows how to say the same thing without identifying anyone.
"""

from __future__ import annotations

from bot.messages.common import notice
from bot.messages.parts import Message
from bot.messages.spans import Line, line, plain
from bot.privacy import Finding, Kind

WHAT: dict[Kind, str] = {
    "ssn": "a Social Security number",
    "dob": "a date of birth",
    "client_id": "a client ID number",
    "phone": "a phone number",
}

TIP: dict[Kind, str] = {
    "ssn": "Leave the number out: it belongs only in your case records.",
    "dob": "Leave the date out; if age matters, say 'a client in their 60s'.",
    "client_id": "Leave the ID out: your team can look the person up in HMIS.",
    "phone": "If it's an office line, name the office instead ('the front desk at Main St').",
}

INSTEAD = "Try initials or 'a client at …' instead."


def refusal_line(finding: Finding, *, what: str = "that") -> Line:
    """Say why `what` (an action item, a decision, a poll…) was not saved, and what to do."""
    kind = finding.kind
    return line(
        f"I didn't save {what}: it looks like it includes {WHAT[kind]}, and Backbone keeps no "
        f"one's personal details. Nothing was saved. {TIP[kind]} {INSTEAD}"
    )


def refusal_text(finding: Finding, *, what: str = "that") -> str:
    """Return the refusal as plain words (for an error message shown to the person)."""
    return plain(refusal_line(finding, what=what))


def refusal(finding: Finding, *, what: str = "that") -> Message:
    """Return the private refusal as a message."""
    return notice(*refusal_line(finding, what=what))


def skipped_line_refusal(finding: Finding, *, position: int) -> Message:
    """Tell an author why one line of their message was not captured (`position` from 1)."""
    kind = finding.kind
    return notice(
        f"I didn't save line {position} of the lines I read in your message: it looks like it "
        f"includes {WHAT[kind]}, and Backbone keeps no one's personal details. The rest of the "
        f"message was read as usual. {TIP[kind]} {INSTEAD} Then edit the line, and I'll read "
        "it again."
    )
