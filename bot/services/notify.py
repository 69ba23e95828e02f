"""What follows an item being done, on every path: the creator's note and a series' next item."""

from __future__ import annotations

import logging

from bot.deps import Deps
from bot.messages import items as said
from bot.messages.spans import Line
from bot.port import ChatError, ChatPort
from bot.services.announce import announce
from bot.services.cycle_posts import refresh_post_of_task
from storage.models import ActionItem

log = logging.getLogger(__name__)


def after_done(
    deps: Deps, port: ChatPort, item: ActionItem, follow: ActionItem | None, *, by: str
) -> Line:
    """Announce a series' next item, tell the creator; return what to tell the closer."""
    if follow is not None:
        announce(deps, port, follow)
    refresh_post_of_task(deps, port, item)
    tell_creator_done(port, item, by=by, follow=follow)
    return said.done_said(item, follow)


def tell_creator_done(
    port: ChatPort, item: ActionItem, *, by: str, follow: ActionItem | None = None
) -> None:
    """DM the person who asked for an item that it is done, unless they own it or closed it."""
    if by == item.creator_id or item.creator_id in item.owner_ids:
        return  # as PRODUCT.md says: the creator is told only when they are not an owner
    try:
        port.dm(item.creator_id, said.creator_done(item, by=by, follow=follow))
    except ChatError as error:  # a note is a courtesy; the item is already done
        log.warning("could not tell the creator of %s: %s", item.code, error.reason)


def concerned(*items: ActionItem | None) -> set[str]:
    """Return the people an item concerns: its owners and its creator."""
    return {uid for item in items if item for uid in [item.creator_id, *item.owner_ids]}
