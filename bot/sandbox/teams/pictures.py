"""Fetch the pictures a posted card points at, as Teams does when it shows the card.

Only pictures on this machine (127.0.0.1, localhost) are fetched: the bot's own picture route
in tests; nothing goes to the internet. A picture that does not answer 200 with an image is
what a person would see as a broken image: the connector records it as a refusal.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from bot.sandbox.teams.cards import ADAPTIVE_CARD, LOCAL_HOSTS, picture_urls
from bot.sandbox.teams.state import Json

TIMEOUT_SECONDS = 5.0


def broken_pictures(activity: Json) -> list[str]:
    """Return a sentence for each local picture of the activity's cards that does not load."""
    problems = []
    for attachment in activity.get("attachments") or []:
        if attachment.get("contentType") != ADAPTIVE_CARD:
            continue
        for url in picture_urls(attachment.get("content") or {}):
            if urlsplit(url).hostname in LOCAL_HOSTS:
                problem = _fetch(url)
                if problem is not None:
                    problems.append(f"the picture {url} does not load: {problem}")
    return problems


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:
            kind = answer.headers.get("Content-Type", "")
            if not kind.startswith("image/"):
                return f"it is {kind or 'not typed'}, not an image"
            if not answer.read(1):
                return "it is empty"
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return str(error)
    return None
