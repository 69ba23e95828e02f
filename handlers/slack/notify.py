"""What follows an item being done, on every path: the creator's note and a series' next item."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.deps import Deps
from bot.recurrence import rule_from_code
from bot.slack import blocks
from bot.text import neutralise
from handlers.slack.announce import announce
from handlers.slack.common import SLACK_FAILURES, slack_reason
from storage.models import ActionItem

log = logging.getLogger(__name__)


def after_done(
    deps: Deps, client: WebClient, item: ActionItem, follow: ActionItem | None, *, by: str
) -> str:
    """Announce a series' next item, tell the creator; return what to tell the closer."""
    if follow is not None:
        announce(deps, client, follow, None)
    tell_creator_done(client, item, by=by, follow=follow)
    said = f"✅ {item.code} is done. Thank you!"
    if follow is not None:
        said += f" {next_phrase(follow)}"
    return said


def next_phrase(follow: ActionItem) -> str:
    """Say which item comes next in a series, and when it is due."""
    rule = rule_from_code(follow.recurrence)
    how = f"It repeats {rule.describe()}: " if rule else "It repeats: "
    due = f", due {blocks.due_phrase(follow)}" if follow.due_at else ""
    return f"{how}*{follow.code}* is next{due}."


def tell_creator_done(
    client: WebClient, item: ActionItem, *, by: str, follow: ActionItem | None = None
) -> None:
    """DM the person who asked for an item that it is done, unless they own it or closed it."""
    if by == item.creator_id or item.creator_id in item.owner_ids:
        return  # as PRODUCT.md says: the creator is told only when they are not an owner
    title = neutralise(blocks.shorten(item.title))
    text = f"✅ You asked for *{item.code}* {title}: <@{by}> marked it done."
    if item.note:
        text += "\n> " + neutralise(blocks.shorten(item.note, 2000)).replace("\n", "\n> ")
    if follow is not None:
        text += f"\n{next_phrase(follow)}"
    try:
        client.chat_postMessage(channel=item.creator_id, **blocks.notice(text))
    except SLACK_FAILURES as error:  # a note is a courtesy; the item is already done
        log.warning("could not tell the creator of %s: %s", item.code, slack_reason(error))


def concerned(*items: ActionItem | None) -> set[str]:
    """Return the people an item concerns: its owners and its creator."""
    return {uid for item in items if item for uid in [item.creator_id, *item.owner_ids]}
