"""What the channel is told when its public progress page goes up, changes, or comes down."""

from __future__ import annotations

from bot.messages.common import notice
from bot.messages.parts import Message
from bot.messages.spans import Code, Link, Mention, Span, Words

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def published(
    user_id: str, url: str, *, show_titles: bool, language: str, again: bool, typed: str
) -> Message:
    """Tell the channel who made its progress public, where it is, and what it shows."""
    titles: tuple[Span | str, ...] = (
        ("Item titles are shown (", Code(f"{typed} publish"), " hides them again). ")
        if show_titles
        else ("Item titles are hidden (", Code(f"{typed} publish show titles"), " shows them). ")
    )
    did = (
        " changed this channel's public progress page: "
        if again
        else (" made this channel's progress public: ")
    )
    return notice(
        "🌐 ", Mention(user_id), did, Link(url, (Words(url),)), ". The page is in "
        f"{LANGUAGE_NAMES.get(language, 'English')}, shows no one's name, and hides every "
        "number under 11. ", *titles, Code(f"{typed} unpublish"), " takes it down at once.",
    )  # fmt: skip


def unpublished(user_id: str, *, typed: str) -> Message:
    """Tell the channel who took its public page down."""
    return notice(
        Mention(user_id), " took down this channel's public progress page. Its address no longer "
        "works. ", Code(f"{typed} publish"), " makes a new one.",
    )  # fmt: skip
