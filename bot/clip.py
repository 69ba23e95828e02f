"""Cutting Slack text to a length without breaking what Slack reads as markup.

A plain slice can end inside `&amp;`, `<@U123>`, `<!date^…|…>` or `<https://…|label>`; Slack
then shows a broken escape, or an open `<` that swallows what follows. `clip` only cuts between
such tokens.
"""

from __future__ import annotations

import re

# An escape Slack writes, or anything between < and > (mentions, channels, dates, links).
TOKEN = re.compile(r"&(?:amp|lt|gt);|<[^<>]*>")
ELLIPSIS = "…"


def clip(text: str, limit: int, *, mark: str = ELLIPSIS) -> str:
    """Return `text` cut to at most `limit` characters (with `mark`), never inside a token."""
    if len(text) <= limit:
        return text
    cut = max(limit - len(mark), 0)
    for token in TOKEN.finditer(text):
        if token.start() >= cut:
            break
        if token.end() > cut:
            cut = token.start()
            break
    return text[:cut].rstrip() + mark
