"""Text a person wrote, made safe to show in Slack's mrkdwn: it cannot ping a group or hide a link.

Kept apart from the readers of `bot.text` (their patterns take a while to compile) so that what
only shows messages, such as a tick sending reminders, loads none of them.
"""

from __future__ import annotations

import re

from bot.ids import PERSON_ID

# What Slack reads as markup in stored text: `<…>` (a typed < or > arrives as &lt; / &gt;).
MARKUP = re.compile(r"<([^<>]*)>")
KEPT = re.compile(rf"(?:@{PERSON_ID}|#C[A-Z0-9]+)(?:\|[^|]*)?")  # a person or a channel, by id
GROUP_PING = re.compile(r"!(here|channel|everyone)(?:\|.*)?|!subteam\^[A-Z0-9]+(?:\|@?(.*))?", re.S)
DATE_TOKEN = re.compile(r"!date\^\d+\^[^^|]*(?:\^([^|]*))?\|(.*)", re.S)
ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*:[^|\s]+", re.I)  # https://…, mailto:…, tel:…


def neutralise(text: str) -> str:
    """Return mrkdwn that cannot ping a group or hide where a link goes; the words stay.

    Every renderer passes what a person wrote (titles, notes, decisions, poll questions and
    options, quoted input) through this before it reaches Slack: `<!here>`, `<!channel>`,
    `<!everyone>` and user groups read as plain "@here"; a labelled link `<url|label>` shows its
    address after the label, as "label (url)". People, channels and bare links stay links.
    """
    parts: list[str] = []
    position = 0
    for token in MARKUP.finditer(text):
        parts += [_angles(text[position : token.start()]), _defused(token.group(1))]
        position = token.end()
    return "".join([*parts, _angles(text[position:])])


def _defused(inner: str) -> str:
    """Return one `<…>` token as it may reach Slack."""
    if KEPT.fullmatch(inner):
        return f"<{inner}>"
    if group := GROUP_PING.fullmatch(inner):
        return "@" + (group.group(2) or group.group(1) or "group").strip()
    if date := DATE_TOKEN.fullmatch(inner):
        return date.group(2) if date.group(1) is None else _labelled(date.group(1), date.group(2))
    address, _, label = inner.partition("|")
    if ADDRESS.fullmatch(address):
        return _labelled(address, label)
    return _angles(f"<{inner}>")  # not Slack markup: show it as typed


def _labelled(address: str, label: str) -> str:
    """Show a link so its address can be read: bare, or after a label that differs from it."""
    if not ADDRESS.fullmatch(address):
        return label
    bare = re.sub(r"^(?:https?://|mailto:)", "", address, flags=re.I).rstrip("/")
    if label in {"", address, bare}:
        return f"<{address}>" if not label else f"<{address}|{label}>"
    return f"{label} (<{address}>)"


def _angles(text: str) -> str:
    """Escape a stray < or > (the text is mrkdwn already: its & are Slack's own)."""
    return text.replace("<", "&lt;").replace(">", "&gt;")
