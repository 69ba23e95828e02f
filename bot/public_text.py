"""Stored words made fit for a public page: no one's name, no hidden link, no chat markup. Pure.

What people wrote is stored as Slack mrkdwn (Teams' words are stored the same way). A public
page shows none of a chat's people: a mention becomes "a team member", a group ping "everyone",
a channel link its name, an e-mail or phone link nothing at all but its kind; a web link shows
its label (or "a link"). The page's template escapes what is left.
"""

from __future__ import annotations

import re

from bot.ids import PERSON_ID

MARKUP = re.compile(r"<([^<>]*)>")
PERSON = re.compile(rf"@{PERSON_ID}(?:\|[^|]*)?")
CHANNEL = re.compile(r"#[CG][A-Z0-9]+(?:\|(?P<name>[^|]*))?")
GROUP = re.compile(r"!(?:here|channel|everyone|subteam\^[A-Z0-9]+)(?:\|.*)?", re.S)
DATE = re.compile(r"!date\^\d+\^[^^|]*(?:\^[^|]*)?\|(?P<said>.*)", re.S)
CONTACT = re.compile(r"(?:mailto|tel|sms):", re.I)
WEB = re.compile(r"https?://[^|\s]+", re.I)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))

MEMBER = "a team member"


def public_text(stored: str) -> str:
    """Return stored words as a public page may show them (plain text, to be escaped)."""
    parts: list[str] = []
    position = 0
    for token in MARKUP.finditer(stored):
        parts += [stored[position : token.start()], _token(token.group(1))]
        position = token.end()
    text = "".join([*parts, stored[position:]])
    text = EMAIL.sub("(an e-mail address)", text)
    for entity, character in ENTITIES:
        text = text.replace(entity, character)
    return " ".join(text.split())


def _token(inner: str) -> str:
    """Return one `<…>` token in plain words."""
    if PERSON.fullmatch(inner):
        return MEMBER
    if channel := CHANNEL.fullmatch(inner):
        return f"#{channel.group('name')}" if channel.group("name") else "a channel"
    if GROUP.fullmatch(inner):
        return "everyone"
    if date := DATE.fullmatch(inner):
        return date.group("said")
    address, _, label = inner.partition("|")
    if CONTACT.match(address):
        return "(contact details)"
    if WEB.fullmatch(address):
        return label if label and label != address and not EMAIL.search(label) else "a link"
    return f"&lt;{inner}&gt;"  # not markup: the words as typed
