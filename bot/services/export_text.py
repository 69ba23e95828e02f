"""Words fit for a spreadsheet: Slack's markup as plain text, and cells no spreadsheet runs.

Titles and notes are kept as Slack sent them (`<@U1>`, `&amp;`, `<https://x|label>`); a person
reading an export in a spreadsheet should see `@Maria Lopez`, `&` and the link's real address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.ids import PERSON_ID

MENTION = re.compile(rf"<@({PERSON_ID})(?:\|([^>]*))?>")
CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>")
DATE = re.compile(r"<!date\^[^|>]*\|([^>]*)>")
SUBTEAM = re.compile(r"<!subteam\^([A-Z0-9]+)(?:\|([^>]*))?>")
SPECIAL = re.compile(r"<!([a-z]+)(?:\|[^>]*)?>")
LABELLED_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>]+)\|([^>]*)>")
BARE_LINK = re.compile(r"<((?:https?|mailto|tel):[^>]+)>")
ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))  # &amp; last: `&amp;lt;` stays `&lt;`

# OWASP's CSV injection guidance: a cell that starts with one of these may be run as a formula
# by Excel, LibreOffice or Google Sheets. Full-width forms are included: some spreadsheets fold
# them to their ASCII twins before deciding.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def plain_text(
    text: str, *, names: Mapping[str, str], channels: Mapping[str, str] | None = None
) -> str:
    """Turn Slack's markup into the words a person saw: @names, #channels, links with addresses."""
    channels = channels or {}
    text = MENTION.sub(lambda m: f"@{names.get(m.group(1)) or m.group(2) or m.group(1)}", text)
    text = CHANNEL.sub(lambda m: f"#{channels.get(m.group(1)) or m.group(2) or m.group(1)}", text)
    text = DATE.sub(lambda m: m.group(1), text)
    text = SUBTEAM.sub(lambda m: f"@{m.group(2) or m.group(1)}".replace("@@", "@"), text)
    text = SPECIAL.sub(lambda m: f"@{m.group(1)}", text)
    text = LABELLED_LINK.sub(_link, text)
    text = BARE_LINK.sub(lambda m: _address(m.group(1)), text)
    for entity, char in ENTITIES:
        text = text.replace(entity, char)
    return text


def _address(url: str) -> str:
    return url.removeprefix("mailto:").removeprefix("tel:")


def _link(match: re.Match[str]) -> str:
    address, label = _address(match.group(1)), match.group(2).strip()
    return address if not label or label == address else f"{label} ({address})"


def safe_cell(value: object) -> str:
    """Return a cell's text so that no spreadsheet takes it for a formula (OWASP's advice)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
