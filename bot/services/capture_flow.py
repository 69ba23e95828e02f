"""Meeting capture from start to reply: read a message's lines, save them, answer in its thread.

The rules of what a line becomes are in `bot.services.capture`; this module asks the platform
about people, saves through those rules, and posts or updates the thread reply, all through the
port.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy.orm import Session

from bot.capture import CaptureLine, Lines
from bot.cycle_text import split_cycle_ref
from bot.deps import Deps
from bot.errors import UserFacingError
from bot.messages import capture as words
from bot.messages import privacy as privacy_words
from bot.messages.parts import Message
from bot.messages.spans import Line
from bot.port import ChatError, ChatPort, PostRef
from bot.privacy import personal_data
from bot.services import capture as service
from bot.services.capture import Captured, Readings, SourceMessage
from bot.services.capture_replies import link_to, pinned_reply, post_reply, update_reply
from bot.services.cycle_posts import refresh_post_of_task
from bot.services.directory import check_owners, person_for, zone_of
from bot.text import read_action_text
from storage import captures as store
from storage.captures import CaptureKind
from storage.cycles import cycle_by_number
from storage.models import MessageCapture

log = logging.getLogger(__name__)


def capture_message(
    deps: Deps,
    port: ChatPort,
    message: SourceMessage,
    lines: Lines,
    *,
    thread: PostRef,
    first: bool,
) -> Captured | None:
    """Save a message's lines (or follow their edit) and post or update the thread reply.

    A line that looks like a client's personal data is not read at all: its author is told
    privately which line it was, and the thread reply never shows it.
    """
    now = deps.now()
    lines = without_personal_data(port, message, lines, thread=thread)
    with deps.transaction() as session:
        to_read = service.lines_to_read(session, message=message, lines=lines)
    readings = read_lines(deps, port, message, to_read)
    message = replace(message, url=link_to(port, PostRef(message.channel_id, message.ts)))
    with deps.transaction() as session:
        result = service.apply_lines(
            session, message=message, lines=lines, readings=readings, now=now, first=first
        )
    if result is not None:
        skipped = words.skipped_note(result.skipped, left_out=lines.left_out)
        _answer(deps, port, message, result, thread=thread, skipped=skipped)
        _show_tasks(deps, port, result)
    return result


def _show_tasks(deps: Deps, port: ChatPort, result: Captured) -> None:
    """Show the lines that are tasks of a test of change ("for T-3") in that cycle's post."""
    if not result.changed:
        return
    tasks = {item.cycle_id: item for item in result.items if item.cycle_id is not None}
    for item in tasks.values():
        refresh_post_of_task(deps, port, item)


def without_personal_data(
    port: ChatPort, message: SourceMessage, lines: Lines, *, thread: PostRef
) -> Lines:
    """Return the lines that hold no personal data; tell the author about each one left out."""
    kept: list[CaptureLine] = []
    for position, line in enumerate(lines.lines, start=1):
        finding = personal_data(line.raw)
        if finding is None:
            kept.append(line)
            continue
        refused = privacy_words.skipped_line_refusal(finding, position=position)
        tell_author(port, message, refused, thread=thread)
    return replace(lines, lines=kept) if len(kept) < len(lines.lines) else lines


def tell_author(
    port: ChatPort, message: SourceMessage, note: Message, *, thread: PostRef | None
) -> None:
    """Tell a message's author something only they see, in its channel, else by DM."""
    where = thread if thread is not None and thread.id != message.ts else None
    try:
        port.whisper(message.channel_id, message.author_id, note, thread=where)
    except ChatError as error:
        log.warning("could not whisper to a message's author: %s", error.reason)
        try:
            port.dm(message.author_id, note)
        except ChatError as failed:
            log.warning("could not tell a message's author: %s", failed.reason)


def read_lines(
    deps: Deps, port: ChatPort, message: SourceMessage, lines: list[CaptureLine]
) -> Readings:
    """Read action lines as `/action` reads them, in the author's zone; note why any fail."""
    if not lines:
        return {}
    author = person_for(deps, port, team_id=message.team_id, user_id=message.author_id)
    zone, now = zone_of(author, deps.default_zone), deps.now()
    readings: Readings = {}
    known = known_cycles(deps, message.team_id, [line.text for line in lines])
    for line in lines:
        text, cycle = split_cycle_ref(line.text)
        if cycle not in known:  # "for T-9" of no cycle here stays words of the title
            text, cycle = line.text, None
        try:
            draft = replace(read_action_text(text, now=now, zone=zone), cycle=cycle)
            check_owners(deps, port, team_id=message.team_id, user_ids=draft.owners)
            readings[line.raw] = draft
        except UserFacingError as error:
            readings[line.raw] = error.message
    return readings


def known_cycles(deps: Deps, team_id: str, texts: list[str]) -> set[int]:
    """Return which of the cycles some lines name ("for T-3") exist in the workspace."""
    named = {n for text in texts if (n := split_cycle_ref(text)[1]) is not None}
    if not named:
        return set()
    with deps.transaction() as session:
        return {n for n in named if cycle_by_number(session, team_id=team_id, number=n)}


def _answer(
    deps: Deps,
    port: ChatPort,
    message: SourceMessage,
    result: Captured,
    *,
    thread: PostRef,
    skipped: tuple[Line, ...] | None,
) -> None:
    heading = words.lines_heading(result.items, result.decisions)
    reply = words.capture_reply(
        heading, result.items, result.decisions, skipped=skipped, now=deps.now()
    )
    if result.reply_ts:
        update_reply(port, PostRef(message.channel_id, result.reply_ts), reply)
    elif result.created:
        post_reply(deps, port, thread, result.capture_id, reply)


def follow_pushpin(deps: Deps, port: ChatPort, message: SourceMessage, text: str) -> None:
    """Follow an edit of a :pushpin:ed message: update its item and reply while it reads.

    An edit that adds a client's personal data leaves the item as it was; the author is told.
    """
    if (finding := personal_data(text)) is not None:
        refused = privacy_words.refusal(finding, what="that edit in the action item")
        tell_author(port, message, refused, thread=None)
        return
    author = person_for(deps, port, team_id=message.team_id, user_id=message.author_id)
    try:
        draft = read_action_text(text, now=deps.now(), zone=zone_of(author, deps.default_zone))
        check_owners(deps, port, team_id=message.team_id, user_ids=draft.owners)
    except UserFacingError:
        return  # the edit no longer reads as an item: keep the item as it was
    with deps.transaction() as session:
        item = service.follow_pushpin(
            session, message=message, text=text, reading=draft, now=deps.now()
        )
        found = capture_of(session, message, CaptureKind.PUSHPIN)
    if item is not None and found is not None and found.reply_ts:
        reply = pinned_reply(item, reactor=item.creator_id, deps=deps)
        update_reply(port, PostRef(message.channel_id, found.reply_ts), reply)


def capture_of(session: Session, message: SourceMessage, kind: str) -> MessageCapture | None:
    """Return what a message's lines or :pushpin: made of it, or None."""
    return store.get_capture(session, kind=kind, **message.where())
