"""Telling a writer's own promise ("I can drive Mr. A Thursday") from a request of others."""

from __future__ import annotations

import re

from bot.ids import PERSON_ID

# A clause that begins the writer's own commitment. "I can't", "I will not" and "Can I…?" are
# not promises, nor is "let me know"; "if I can" is a condition, so only the start of the text
# or of a clause counts.
PROMISE = re.compile(
    r"(?:^|[.!?;,:]\s*|\b(?:and|so|ok|okay|sure|yes|yep)[,!]?\s+)"
    r"(?:i\s+can(?!['’]t|not)(?!\s+not\b)|i['’]ll|i\s+will(?!\s+not\b)|i['’]m\s+going\s+to"
    r"|i\s+am\s+going\s+to|i\s+plan\s+to|let\s+me(?!\s+know\b)|i['’]m\s+on\s+it|i\s+(?:['’]ve\s+)?got\s+(?:it|this)"
    r"|i['’]ll\s+take|i\s+can\s+take|i\s+volunteer)\b",
    re.IGNORECASE,
)
MENTION_LEAD = re.compile(rf"^\s*(?:<@{PERSON_ID}(?:\|[^>]*)?>[\s,]*)+")


def writer_promises(text: str) -> bool:
    """Tell whether a message's writer commits to doing something themselves."""
    return PROMISE.search(MENTION_LEAD.sub("", text)) is not None
