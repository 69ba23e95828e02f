""":pushpin: on a message makes it an action item: read it, create the item, answer in its thread.

The message is read back through the port (one read: pinning is rare and reading history can
be rate-limited); when it cannot be read, or does not read as an item, the reactor is told.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.capture import pushpin_text
from bot.deps import Deps
from bot.errors import PersonalData, UserFacingError
from bot.messages.common import notice
from bot.messages.spans import Typed
from bot.port import ChatError, ChatPort, PostRef, Seen
from bot.promises import writer_promises
from bot.services import capture
from bot.services.capture import SourceMessage
from bot.services.capture_replies import link_to, pinned_reply, post_reply
from bot.services.directory import check_owners, person_for, zone_of
from bot.services.privacy import refuse_personal_data
from bot.text import Draft, read_action_text
from storage.models import ActionItem

log = logging.getLogger(__name__)
UNREADABLE = (
    "I couldn't read that message, so I couldn't make it an action item. "
    "You can add it with /action instead."
)


def read_pinned_post(port: ChatPort, ref: PostRef) -> Seen | None:
    """Return the pinned post, or None when the platform will not show it."""
    try:
        return port.read(ref)
    except ChatError as error:
        log.warning("could not read a pinned message: %s", error.reason)
        return None


def pin(deps: Deps, port: ChatPort, seen: Seen, reactor: str, *, team_id: str) -> ActionItem | None:
    """Create the item from the post's words and answer in its thread; return the new item."""
    author = author_of(deps, port, seen, reactor, team_id=team_id)
    source = SourceMessage(team_id, seen.ref.channel, seen.ref.id, author)
    text = pushpin_text(seen.text)
    promised = author == seen.author and writer_promises(text)
    try:
        draft = read_pinned(deps, port, source, text, promised=promised)
    except UserFacingError as error:
        # Only a reply's thread is open where they reacted; a top-level message is in the channel.
        said: tuple[Typed | str, ...] = ("I couldn't make that message an action item: ",)
        if isinstance(error, PersonalData):
            said = ()  # the refusal says it all, and never repeats the words
        said += (Typed(error.message),)
        tell_reactor(port, seen.ref.channel, reactor, said, thread=seen.thread)
        return None
    source = replace(source, url=link_to(port, seen.ref))
    with deps.transaction() as session:
        created = capture.pin_message(
            session, message=source, draft=draft, reactor_id=reactor, text=text, now=deps.now()
        )
    if created is None:
        return None
    capture_id, item = created
    reply = pinned_reply(item, reactor=reactor, deps=deps)
    post_reply(deps, port, seen.thread or seen.ref, capture_id, reply)
    return item


def read_pinned(
    deps: Deps, port: ChatPort, source: SourceMessage, text: str, *, promised: bool = False
) -> Draft:
    """Read a pinned message as `/action` reads a text, in its author's zone.

    When the writer promised it themselves ("I can drive Mr. A Thursday, @dev can you
    confirm"), the writer owns it first, beside anyone mentioned.
    """
    refuse_personal_data(text, what="that message as an action item")
    author = person_for(deps, port, team_id=source.team_id, user_id=source.author_id)
    draft = read_action_text(text, now=deps.now(), zone=zone_of(author, deps.default_zone))
    check_owners(deps, port, team_id=source.team_id, user_ids=draft.owners)
    if promised:
        others = [uid for uid in draft.owners if uid != source.author_id]
        return replace(draft, owners=[source.author_id, *others])
    return replace(draft, owners=draft.owners or [source.author_id])


def author_of(deps: Deps, port: ChatPort, seen: Seen, reactor: str, *, team_id: str) -> str:
    """Return who owns a pinned message with no mentions: its author, or the reactor when the
    author is an app or has left."""
    if not seen.author or seen.app:
        return reactor
    try:
        person = person_for(deps, port, team_id=team_id, user_id=seen.author)
    except UserFacingError:
        return reactor
    return reactor if person.is_bot or person.deactivated else seen.author


def tell_reactor(
    port: ChatPort,
    channel: str,
    person: str,
    said: tuple[Typed | str, ...],
    *,
    thread: PostRef | None = None,
) -> None:
    """Tell the person who reacted, in the channel where only they see it, or else by DM."""
    note = notice(*said)
    try:
        port.whisper(channel, person, note, thread=thread)
    except ChatError as error:
        if error.kind == "unreachable":  # no answer in time: they may have seen it, no DM
            log.warning("could not tell %s about a pin: %s", person, error.reason)
            return
        try:
            port.dm(person, note)
        except ChatError as failed:
            log.warning("could not tell %s about a pin: %s", person, failed.reason)
