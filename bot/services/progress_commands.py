"""`/digest publish` and `/digest unpublish` on any platform: a channel's public progress page.

Anyone in the channel may publish or unpublish, as with the digest's schedule: the channel is
told who did it and where the page is, so anyone can take it down again. The address is random
(128 bits); publishing again keeps it, unpublishing ends it for good.
"""

from __future__ import annotations

import secrets

from bot.errors import InvalidInput
from bot.messages import progress as words
from bot.services.asked import Asked
from bot.services.progress_options import Publish
from storage import progress_pages as store

CODE_BYTES = 16
TYPED = {"slack": "/digest", "teams": "@Backbone digest"}


def page_url(public_url: str, code: str) -> str:
    """Return a page's public address."""
    return f"{public_url.rstrip('/')}/progress/{code}"


def new_code() -> str:
    """Return a fresh, unguessable page address (128 random bits, URL-safe)."""
    return secrets.token_urlsafe(CODE_BYTES)


def publish(call: Asked, command: Publish) -> None:
    """Publish the channel's page (or change what it shows) and tell the channel."""
    with call.deps.transaction() as session:
        before = store.page_of(session, team_id=call.team_id, channel_id=call.channel_id)
        page = store.save_page(
            session, team_id=call.team_id, channel_id=call.channel_id,
            code=before.code if before else new_code(), show_titles=command.show_titles,
            language=command.language, by=call.user_id, now=call.deps.now(),
        )  # fmt: skip
        url = page_url(call.deps.public_url, page.code)
    call.show(words.published(call.user_id, url, show_titles=command.show_titles,
                              language=command.language, again=before is not None,
                              typed=_typed(call)))  # fmt: skip


def unpublish(call: Asked) -> None:
    """Take the channel's page down at once and tell the channel; say so when there was none."""
    with call.deps.transaction() as session:
        had = store.remove_page(session, team_id=call.team_id, channel_id=call.channel_id)
    if not had:
        raise InvalidInput(
            "This channel has no public progress page to take down. "
            f"`{_typed(call)} publish` makes one."
        )
    call.show(words.unpublished(call.user_id, typed=_typed(call)))


def _typed(call: Asked) -> str:
    return TYPED.get(call.port.platform, TYPED["slack"])
