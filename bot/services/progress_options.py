"""Reading `/digest publish …`: whether item titles show, and the page's language. Pure.

`/digest publish` alone hides titles and speaks English; `show titles` (or `with titles`)
shows them, `hide titles` hides them again; `spanish` / `español` / `english` pick the words
of the page itself. Order, case, commas and a stray "and" do not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import InvalidInput

SHOW = {"show titles", "with titles", "titles", "show the titles", "show item titles"}
HIDE = {"hide titles", "no titles", "without titles", "hide the titles", "hide item titles"}
LANGUAGES = {
    "english": "en", "inglés": "en", "ingles": "en", "en": "en",
    "spanish": "es", "español": "es", "espanol": "es", "es": "es",
}  # fmt: skip
FILLER = {"and", "in", "y", "en", "please"}
EXAMPLES = "“publish”, “publish show titles” or “publish spanish”"


@dataclass(frozen=True)
class Publish:
    """`/digest publish [show titles] [spanish]`: make the channel's progress page public."""

    show_titles: bool = False
    language: str = "en"


@dataclass(frozen=True)
class Unpublish:
    """`/digest unpublish`: take the channel's progress page down."""


def read_publish(text: str) -> Publish:
    """Read the options after `/digest publish`; raise InvalidInput for anything else."""
    words = [w for w in re.split(r"[\s,;.!]+", text.lower()) if w]
    show, language, unread = False, "en", []
    index = 0
    while index < len(words):
        taken, index = _phrase(words, index)
        if taken in SHOW or taken in HIDE:
            show = taken in SHOW
        elif taken in LANGUAGES:
            language = LANGUAGES[taken]
        elif taken not in FILLER:
            unread.append(taken)
    if unread:
        raise InvalidInput(
            f"I didn't understand “{' '.join(unread)[:100]}” after “publish”. "
            f"Try {EXAMPLES}. Nothing was changed."
        )
    return Publish(show_titles=show, language=language)


def _phrase(words: list[str], index: int) -> tuple[str, int]:
    """Return the longest known phrase starting at `index` (or the one word), and what follows."""
    for size in (3, 2):
        phrase = " ".join(words[index : index + size])
        if len(words) - index >= size and (phrase in SHOW or phrase in HIDE):
            return phrase, index + size
    return words[index], index + 1
